-- 0070: chronic-condition registries, attribution and risk: the rules, as data.
-- The models in sql/registries read these tables; docs/registries.md explains every column.
-- Codes are short, well-known ICD-10-CM category prefixes and a few SNOMED CT concepts compiled
-- by the Populace team (not licensed value-set expansions). ICD-10-CM codes match by prefix,
-- with dots ignored ('E11' matches 'E11.9' and 'E119'), as the CMS Chronic Conditions
-- Warehouse (CCW) does; SNOMED CT codes match exactly.
create schema if not exists registries;

-- One row per condition: the CCW-style qualification rule.
--   reference_years        the look-back ending at the as-of date (primary period end), 1-3
--   min_inpatient          inpatient encounters with a qualifying diagnosis that qualify
--   min_outpatient         outpatient/ED encounters (distinct days) that qualify ...
--   min_days_apart         ... when the first and last of them are at least this many days apart
--   problem_list_qualifies an active, confirmed problem-list entry (no encounter) qualifies a
--                          person who was seen at all in the reference period
--   value_key ...          optional lab/vital path: value_count readings on distinct days in the
--                          reference period beyond value_threshold (value_op 'ge' = at or above,
--                          'lt' = below), first and last value_days_apart days apart, for persons
--                          aged value_min_age or more at the as-of date
create table ref.registry_condition (
    condition              varchar primary key,
    name                   varchar not null,
    reference_years        integer not null check (reference_years between 1 and 3),
    min_inpatient          integer not null,
    min_outpatient         integer not null,
    min_days_apart         integer not null,
    problem_list_qualifies boolean not null,
    value_key              varchar,
    value_op               varchar check (value_op in ('ge', 'lt')),
    value_threshold        double,
    value_count            integer,
    value_days_apart       integer,
    value_min_age          integer
);

insert into ref.registry_condition values
    ('diabetes', 'Diabetes', 2, 1, 2, 1, true, 'hba1c', 'ge', 6.5, 2, 1, 18),
    ('hypertension', 'Hypertension', 1, 1, 2, 1, true, null, null, null, null, null, null),
    ('heart_failure', 'Heart failure', 2, 1, 2, 1, true, null, null, null, null, null, null),
    ('ischemic_heart_disease', 'Ischemic heart disease', 2, 1, 2, 1, true, null, null, null, null, null, null),
    ('atrial_fibrillation', 'Atrial fibrillation', 1, 1, 2, 1, true, null, null, null, null, null, null),
    ('copd', 'Chronic obstructive pulmonary disease', 1, 1, 2, 1, true, null, null, null, null, null, null),
    ('asthma', 'Asthma', 1, 1, 2, 1, true, null, null, null, null, null, null),
    ('chronic_kidney_disease', 'Chronic kidney disease', 2, 1, 2, 1, true, 'egfr', 'lt', 60, 2, 90, 18),
    ('hyperlipidemia', 'Hyperlipidemia', 1, 1, 2, 1, true, null, null, null, null, null, null),
    ('depression', 'Depression', 1, 1, 2, 1, true, null, null, null, null, null, null),
    ('obesity', 'Obesity', 1, 1, 2, 1, true, 'bmi', 'ge', 30, 2, 1, 18),
    ('stroke_tia', 'Stroke or transient ischemic attack', 1, 1, 2, 1, true, null, null, null, null, null, null),
    ('dementia', 'Alzheimer''s disease and related dementia', 3, 1, 1, 0, true, null, null, null, null, null, null),
    ('osteoporosis', 'Osteoporosis', 1, 1, 2, 1, true, null, null, null, null, null, null),
    ('rheumatoid_arthritis', 'Rheumatoid arthritis', 2, 1, 2, 1, true, null, null, null, null, null, null),
    ('osteoarthritis', 'Osteoarthritis', 2, 1, 2, 1, true, null, null, null, null, null, null),
    ('hypothyroidism', 'Hypothyroidism', 1, 1, 2, 1, true, null, null, null, null, null, null),
    ('peripheral_vascular_disease', 'Peripheral vascular disease', 2, 1, 2, 1, true, null, null, null, null, null, null),
    ('glaucoma', 'Glaucoma', 1, 1, 2, 1, true, null, null, null, null, null, null),
    ('bipolar_disorder', 'Bipolar disorder', 2, 1, 2, 1, true, null, null, null, null, null, null),
    ('benign_prostatic_hyperplasia', 'Benign prostatic hyperplasia', 1, 1, 2, 1, true, null, null, null, null, null, null),
    ('chronic_liver_disease', 'Chronic liver disease and cirrhosis', 2, 1, 2, 1, true, null, null, null, null, null, null),
    ('epilepsy', 'Epilepsy', 2, 1, 2, 1, true, null, null, null, null, null, null),
    ('parkinsons_disease', 'Parkinson''s disease', 2, 1, 2, 1, true, null, null, null, null, null, null),
    ('tobacco_use', 'Tobacco use', 1, 1, 1, 0, true, null, null, null, null, null, null);

-- Qualifying and excluding codes. role:
--   include          a diagnosis with this code counts for the condition
--   exclude_code     a more specific code that does NOT count although an include prefix matches
--                    (e.g. E66.3 overweight under E66 obesity)
--   exclude_person   a person with this diagnosis in the reference period is not in the registry
--                    (e.g. cystic fibrosis for asthma, bipolar disorder for depression)
create table ref.registry_code (
    condition      varchar not null,
    role           varchar not null check (role in ('include', 'exclude_code', 'exclude_person')),
    system         varchar not null,
    code           varchar not null,      -- ICD-10-CM: a prefix; SNOMED CT: a concept id
    display        varchar,
    primary key (condition, role, system, code)
);

insert into ref.registry_code (condition, role, system, code, display)
select condition, role, 'http://hl7.org/fhir/sid/icd-10-cm', code, display from (values
    ('diabetes', 'include', 'E08', 'Diabetes due to underlying condition'),
    ('diabetes', 'include', 'E10', 'Type 1 diabetes mellitus'),
    ('diabetes', 'include', 'E11', 'Type 2 diabetes mellitus'),
    ('diabetes', 'include', 'E13', 'Other specified diabetes mellitus'),
    ('hypertension', 'include', 'I10', 'Essential hypertension'),
    ('hypertension', 'include', 'I11', 'Hypertensive heart disease'),
    ('hypertension', 'include', 'I12', 'Hypertensive chronic kidney disease'),
    ('hypertension', 'include', 'I13', 'Hypertensive heart and chronic kidney disease'),
    ('hypertension', 'include', 'I15', 'Secondary hypertension'),
    ('hypertension', 'include', 'I16', 'Hypertensive crisis'),
    ('heart_failure', 'include', 'I50', 'Heart failure'),
    ('heart_failure', 'include', 'I11.0', 'Hypertensive heart disease with heart failure'),
    ('heart_failure', 'include', 'I13.0', 'Hypertensive heart and CKD with heart failure'),
    ('heart_failure', 'include', 'I13.2', 'Hypertensive heart and CKD with heart failure and ESRD'),
    ('heart_failure', 'include', 'I09.81', 'Rheumatic heart failure'),
    ('ischemic_heart_disease', 'include', 'I20', 'Angina pectoris'),
    ('ischemic_heart_disease', 'include', 'I21', 'Acute myocardial infarction'),
    ('ischemic_heart_disease', 'include', 'I22', 'Subsequent myocardial infarction'),
    ('ischemic_heart_disease', 'include', 'I24', 'Other acute ischemic heart diseases'),
    ('ischemic_heart_disease', 'include', 'I25', 'Chronic ischemic heart disease'),
    ('atrial_fibrillation', 'include', 'I48', 'Atrial fibrillation and flutter'),
    ('copd', 'include', 'J41', 'Simple and mucopurulent chronic bronchitis'),
    ('copd', 'include', 'J42', 'Unspecified chronic bronchitis'),
    ('copd', 'include', 'J43', 'Emphysema'),
    ('copd', 'include', 'J44', 'Other chronic obstructive pulmonary disease'),
    ('asthma', 'include', 'J45', 'Asthma'),
    ('asthma', 'exclude_person', 'E84', 'Cystic fibrosis'),
    ('chronic_kidney_disease', 'include', 'N18', 'Chronic kidney disease'),
    ('chronic_kidney_disease', 'include', 'N19', 'Unspecified kidney failure'),
    ('chronic_kidney_disease', 'include', 'I12', 'Hypertensive chronic kidney disease'),
    ('chronic_kidney_disease', 'include', 'I13.1', 'Hypertensive heart and CKD without heart failure'),
    ('chronic_kidney_disease', 'include', 'I13.2', 'Hypertensive heart and CKD with heart failure and ESRD'),
    ('chronic_kidney_disease', 'include', 'E08.2', 'Diabetes due to underlying condition with kidney complications'),
    ('chronic_kidney_disease', 'include', 'E10.2', 'Type 1 diabetes with kidney complications'),
    ('chronic_kidney_disease', 'include', 'E11.2', 'Type 2 diabetes with kidney complications'),
    ('chronic_kidney_disease', 'include', 'E13.2', 'Other specified diabetes with kidney complications'),
    ('hyperlipidemia', 'include', 'E78.0', 'Pure hypercholesterolemia'),
    ('hyperlipidemia', 'include', 'E78.1', 'Pure hyperglyceridemia'),
    ('hyperlipidemia', 'include', 'E78.2', 'Mixed hyperlipidemia'),
    ('hyperlipidemia', 'include', 'E78.3', 'Hyperchylomicronemia'),
    ('hyperlipidemia', 'include', 'E78.4', 'Other hyperlipidemia'),
    ('hyperlipidemia', 'include', 'E78.5', 'Hyperlipidemia, unspecified'),
    ('depression', 'include', 'F32', 'Major depressive disorder, single episode'),
    ('depression', 'include', 'F33', 'Major depressive disorder, recurrent'),
    ('depression', 'include', 'F34.1', 'Dysthymic disorder'),
    ('depression', 'exclude_person', 'F31', 'Bipolar disorder'),
    ('obesity', 'include', 'E66', 'Overweight and obesity'),
    ('obesity', 'exclude_code', 'E66.3', 'Overweight'),
    ('obesity', 'include', 'Z68.3', 'Body mass index 30.0-39.9, adult'),
    ('obesity', 'include', 'Z68.4', 'Body mass index 40 or greater, adult'),
    ('stroke_tia', 'include', 'I60', 'Nontraumatic subarachnoid hemorrhage'),
    ('stroke_tia', 'include', 'I61', 'Nontraumatic intracerebral hemorrhage'),
    ('stroke_tia', 'include', 'I63', 'Cerebral infarction'),
    ('stroke_tia', 'include', 'G45', 'Transient cerebral ischemic attacks'),
    ('stroke_tia', 'exclude_code', 'G45.4', 'Transient global amnesia'),
    ('stroke_tia', 'include', 'G46', 'Vascular syndromes of brain in cerebrovascular diseases'),
    ('dementia', 'include', 'F01', 'Vascular dementia'),
    ('dementia', 'include', 'F02', 'Dementia in other diseases'),
    ('dementia', 'include', 'F03', 'Unspecified dementia'),
    ('dementia', 'include', 'G30', 'Alzheimer''s disease'),
    ('dementia', 'include', 'G31.0', 'Frontotemporal dementia'),
    ('dementia', 'include', 'G31.83', 'Dementia with Lewy bodies'),
    ('osteoporosis', 'include', 'M80', 'Osteoporosis with current pathological fracture'),
    ('osteoporosis', 'include', 'M81', 'Osteoporosis without current pathological fracture'),
    ('rheumatoid_arthritis', 'include', 'M05', 'Rheumatoid arthritis with rheumatoid factor'),
    ('rheumatoid_arthritis', 'include', 'M06', 'Other rheumatoid arthritis'),
    ('rheumatoid_arthritis', 'exclude_code', 'M06.4', 'Inflammatory polyarthropathy'),
    ('osteoarthritis', 'include', 'M15', 'Polyosteoarthritis'),
    ('osteoarthritis', 'include', 'M16', 'Osteoarthritis of hip'),
    ('osteoarthritis', 'include', 'M17', 'Osteoarthritis of knee'),
    ('osteoarthritis', 'include', 'M18', 'Osteoarthritis of first carpometacarpal joint'),
    ('osteoarthritis', 'include', 'M19', 'Other and unspecified osteoarthritis'),
    ('hypothyroidism', 'include', 'E03', 'Other hypothyroidism'),
    ('hypothyroidism', 'include', 'E89.0', 'Postprocedural hypothyroidism'),
    ('peripheral_vascular_disease', 'include', 'I70.2', 'Atherosclerosis of native arteries of extremities'),
    ('peripheral_vascular_disease', 'include', 'I73.9', 'Peripheral vascular disease, unspecified'),
    ('glaucoma', 'include', 'H40.1', 'Open-angle glaucoma'),
    ('glaucoma', 'include', 'H40.2', 'Primary angle-closure glaucoma'),
    ('bipolar_disorder', 'include', 'F31', 'Bipolar disorder'),
    ('benign_prostatic_hyperplasia', 'include', 'N40', 'Benign prostatic hyperplasia'),
    ('chronic_liver_disease', 'include', 'K70', 'Alcoholic liver disease'),
    ('chronic_liver_disease', 'include', 'K73', 'Chronic hepatitis, not elsewhere classified'),
    ('chronic_liver_disease', 'include', 'K74', 'Fibrosis and cirrhosis of liver'),
    ('chronic_liver_disease', 'include', 'K76.0', 'Fatty (change of) liver'),
    ('epilepsy', 'include', 'G40', 'Epilepsy and recurrent seizures'),
    ('parkinsons_disease', 'include', 'G20', 'Parkinson''s disease'),
    ('tobacco_use', 'include', 'F17', 'Nicotine dependence'),
    ('tobacco_use', 'include', 'Z72.0', 'Tobacco use')
) as t(condition, role, code, display);

insert into ref.registry_code (condition, role, system, code, display)
select condition, role, 'http://snomed.info/sct', code, display from (values
    ('diabetes', 'include', '73211009', 'Diabetes mellitus'),
    ('diabetes', 'include', '44054006', 'Diabetes mellitus type 2'),
    ('diabetes', 'include', '46635009', 'Diabetes mellitus type 1'),
    ('hypertension', 'include', '38341003', 'Hypertensive disorder'),
    ('hypertension', 'include', '59621000', 'Essential hypertension'),
    ('heart_failure', 'include', '84114007', 'Heart failure'),
    ('heart_failure', 'include', '42343007', 'Congestive heart failure'),
    ('ischemic_heart_disease', 'include', '414545008', 'Ischemic heart disease'),
    ('ischemic_heart_disease', 'include', '53741008', 'Coronary arteriosclerosis'),
    ('ischemic_heart_disease', 'include', '22298006', 'Myocardial infarction'),
    ('atrial_fibrillation', 'include', '49436004', 'Atrial fibrillation'),
    ('copd', 'include', '13645005', 'Chronic obstructive lung disease'),
    ('asthma', 'include', '195967001', 'Asthma'),
    ('asthma', 'exclude_person', '190905008', 'Cystic fibrosis'),
    ('chronic_kidney_disease', 'include', '709044004', 'Chronic kidney disease'),
    ('chronic_kidney_disease', 'include', '46177005', 'End-stage renal disease'),
    ('chronic_kidney_disease', 'include', '433146000', 'Chronic kidney disease stage 5'),
    ('hyperlipidemia', 'include', '55822004', 'Hyperlipidemia'),
    ('hyperlipidemia', 'include', '13644009', 'Hypercholesterolemia'),
    ('depression', 'include', '35489007', 'Depressive disorder'),
    ('depression', 'include', '370143000', 'Major depressive disorder'),
    ('depression', 'exclude_person', '13746004', 'Bipolar disorder'),
    ('obesity', 'include', '414916001', 'Obesity'),
    ('obesity', 'include', '238136002', 'Morbid obesity'),
    ('stroke_tia', 'include', '230690007', 'Cerebrovascular accident'),
    ('stroke_tia', 'include', '266257000', 'Transient ischemic attack'),
    ('dementia', 'include', '52448006', 'Dementia'),
    ('dementia', 'include', '26929004', 'Alzheimer''s disease'),
    ('osteoporosis', 'include', '64859006', 'Osteoporosis'),
    ('rheumatoid_arthritis', 'include', '69896004', 'Rheumatoid arthritis'),
    ('osteoarthritis', 'include', '396275006', 'Osteoarthritis'),
    ('hypothyroidism', 'include', '40930008', 'Hypothyroidism'),
    ('peripheral_vascular_disease', 'include', '400047006', 'Peripheral vascular disease'),
    ('glaucoma', 'include', '23986001', 'Glaucoma'),
    ('bipolar_disorder', 'include', '13746004', 'Bipolar disorder'),
    ('benign_prostatic_hyperplasia', 'include', '266569009', 'Benign prostatic hyperplasia'),
    ('chronic_liver_disease', 'include', '19943007', 'Cirrhosis of liver'),
    ('epilepsy', 'include', '84757009', 'Epilepsy'),
    ('parkinsons_disease', 'include', '49049000', 'Parkinson''s disease'),
    ('tobacco_use', 'include', '77176002', 'Smoker')
) as t(condition, role, code, display);

-- Observations the registries read (latest values, lab-based qualification, monitoring gaps,
-- uncontrolled markers). An observation matches on its code or a component's code.
-- A value is uncontrolled when it is above uncontrolled_above or below uncontrolled_below;
-- marker groups values that are one clinical marker for the risk score (systolic and
-- diastolic are one blood pressure marker).
create table ref.registry_value (
    value_key           varchar primary key,
    name                varchar not null,
    unit                varchar,
    uncontrolled_above  double,
    uncontrolled_below  double,
    marker              varchar not null
);

insert into ref.registry_value values
    ('hba1c', 'HbA1c', '%', 9, null, 'hba1c'),
    ('systolic', 'Systolic blood pressure', 'mm[Hg]', 139, null, 'blood_pressure'),
    ('diastolic', 'Diastolic blood pressure', 'mm[Hg]', 89, null, 'blood_pressure'),
    ('egfr', 'eGFR', 'mL/min/{1.73_m2}', null, 30, 'egfr'),
    ('uacr', 'Urine albumin/creatinine ratio', 'mg/g', 300, null, 'uacr'),
    ('bmi', 'BMI', 'kg/m2', 40, null, 'bmi'),
    ('ldl', 'LDL cholesterol', 'mg/dL', 189, null, 'ldl'),
    ('phq9', 'PHQ-9 total score', '{score}', 19, null, 'phq9'),
    ('lvef', 'Left ventricular ejection fraction', '%', null, 40, 'lvef'),
    ('inr', 'INR', '{INR}', null, null, 'inr'),
    ('fev1_fvc', 'FEV1/FVC', '%', null, null, 'fev1_fvc'),
    ('tsh', 'TSH', 'm[IU]/L', null, null, 'tsh');

create table ref.registry_value_code (
    value_key      varchar not null,
    system         varchar not null,
    code           varchar not null,
    display        varchar,
    primary key (value_key, system, code)
);

insert into ref.registry_value_code (value_key, system, code, display)
select value_key, 'http://loinc.org', code, display from (values
    ('hba1c', '4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'),
    ('hba1c', '4549-2', 'Hemoglobin A1c/Hemoglobin.total in Blood by Electrophoresis'),
    ('hba1c', '17855-8', 'Hemoglobin A1c/Hemoglobin.total in Blood by calculation'),
    ('hba1c', '17856-6', 'Hemoglobin A1c/Hemoglobin.total in Blood by HPLC'),
    ('systolic', '8480-6', 'Systolic blood pressure'),
    ('diastolic', '8462-4', 'Diastolic blood pressure'),
    ('egfr', '33914-3', 'eGFR (MDRD)'),
    ('egfr', '48642-3', 'eGFR (MDRD) non-black'),
    ('egfr', '48643-1', 'eGFR (MDRD) black'),
    ('egfr', '62238-1', 'eGFR (CKD-EPI)'),
    ('egfr', '88293-6', 'eGFR (CKD-EPI) black'),
    ('egfr', '88294-4', 'eGFR (CKD-EPI) non-black'),
    ('egfr', '98979-8', 'eGFR (CKD-EPI 2021)'),
    ('uacr', '9318-7', 'Albumin/Creatinine in Urine'),
    ('uacr', '14959-1', 'Microalbumin/Creatinine in Urine'),
    ('bmi', '39156-5', 'Body mass index'),
    ('ldl', '2089-1', 'LDL cholesterol'),
    ('ldl', '13457-7', 'LDL cholesterol (calculated)'),
    ('ldl', '18262-6', 'LDL cholesterol (direct)'),
    ('phq9', '44261-6', 'PHQ-9 total score'),
    ('lvef', '10230-1', 'Left ventricular ejection fraction'),
    ('inr', '6301-6', 'INR'),
    ('inr', '34714-6', 'INR in Blood'),
    ('fev1_fvc', '19926-5', 'FEV1/FVC'),
    ('tsh', '3016-3', 'TSH')
) as t(value_key, code, display);

-- The key values shown on each registry row, in order.
create table ref.registry_key_value (
    condition      varchar not null,
    value_key      varchar not null,
    seq            integer not null,
    primary key (condition, value_key)
);

insert into ref.registry_key_value values
    ('diabetes', 'hba1c', 1), ('diabetes', 'egfr', 2), ('diabetes', 'uacr', 3), ('diabetes', 'ldl', 4),
    ('hypertension', 'systolic', 1), ('hypertension', 'diastolic', 2),
    ('heart_failure', 'lvef', 1), ('heart_failure', 'systolic', 2), ('heart_failure', 'diastolic', 3),
    ('ischemic_heart_disease', 'ldl', 1), ('ischemic_heart_disease', 'systolic', 2), ('ischemic_heart_disease', 'diastolic', 3),
    ('atrial_fibrillation', 'inr', 1),
    ('copd', 'fev1_fvc', 1),
    ('asthma', 'fev1_fvc', 1),
    ('chronic_kidney_disease', 'egfr', 1), ('chronic_kidney_disease', 'uacr', 2),
    ('chronic_kidney_disease', 'systolic', 3), ('chronic_kidney_disease', 'diastolic', 4),
    ('hyperlipidemia', 'ldl', 1),
    ('depression', 'phq9', 1),
    ('bipolar_disorder', 'phq9', 1),
    ('obesity', 'bmi', 1),
    ('stroke_tia', 'systolic', 1), ('stroke_tia', 'diastolic', 2), ('stroke_tia', 'ldl', 3),
    ('hypothyroidism', 'tsh', 1),
    ('peripheral_vascular_disease', 'ldl', 1);

-- Registry care gaps. rule_type:
--   no_recent_value     no value_key reading within months before the as-of date (the clock
--                       starts at the first diagnosis for a person never tested)
--   uncontrolled_value  the latest value_key reading, within months, is uncontrolled
-- priority: 1 high, 2 medium, 3 low (one step higher for a person in the high risk tier).
create table ref.registry_gap_rule (
    condition      varchar not null,
    gap_kind       varchar not null,
    rule_type      varchar not null check (rule_type in ('no_recent_value', 'uncontrolled_value')),
    value_key      varchar not null,
    months         integer not null,
    gap            varchar not null,
    action         varchar not null,
    priority       integer not null check (priority between 1 and 3),
    primary key (condition, gap_kind)
);

insert into ref.registry_gap_rule values
    ('diabetes', 'no_hba1c_6m', 'no_recent_value', 'hba1c', 6,
     'Diabetes: no HbA1c in 6 months', 'Order an HbA1c test', 2),
    ('diabetes', 'no_egfr_12m', 'no_recent_value', 'egfr', 12,
     'Diabetes: no kidney function test (eGFR) in 12 months', 'Order a serum creatinine with eGFR', 2),
    ('diabetes', 'no_uacr_12m', 'no_recent_value', 'uacr', 12,
     'Diabetes: no urine albumin/creatinine ratio in 12 months', 'Order a urine albumin/creatinine ratio', 3),
    ('hypertension', 'no_bp_12m', 'no_recent_value', 'systolic', 12,
     'Hypertension: no blood pressure reading in 12 months', 'Take a blood pressure reading at the next visit', 2),
    ('chronic_kidney_disease', 'no_egfr_12m', 'no_recent_value', 'egfr', 12,
     'CKD: no eGFR in 12 months', 'Order a serum creatinine with eGFR', 2),
    ('chronic_kidney_disease', 'egfr_below_30', 'uncontrolled_value', 'egfr', 12,
     'CKD: latest eGFR below 30', 'Review nephrology referral and medication doses', 1),
    ('hyperlipidemia', 'no_ldl_12m', 'no_recent_value', 'ldl', 12,
     'Hyperlipidemia: no LDL cholesterol in 12 months', 'Order a lipid panel', 3),
    ('depression', 'no_phq9_12m', 'no_recent_value', 'phq9', 12,
     'Depression: no PHQ-9 in 12 months', 'Administer a PHQ-9 at the next contact', 2),
    ('obesity', 'no_bmi_12m', 'no_recent_value', 'bmi', 12,
     'Obesity: no BMI in 12 months', 'Measure height and weight at the next visit', 3),
    ('heart_failure', 'no_bp_6m', 'no_recent_value', 'systolic', 6,
     'Heart failure: no blood pressure reading in 6 months', 'Schedule a heart failure follow-up visit', 2);

-- Which measures speak for which condition: their gaps are listed on the registry row too.
create table ref.measure_condition (
    measure        varchar not null,
    condition      varchar not null,
    primary key (measure, condition)
);

insert into ref.measure_condition values
    ('CMS122', 'diabetes'),
    ('CMS165', 'hypertension');

-- Encounter kinds, by class (v3 ActCode) or by type value set; inpatient wins over emergency,
-- emergency over outpatient; an encounter matching no row is outpatient.
create table ref.encounter_kind (
    kind           varchar not null check (kind in ('inpatient', 'emergency')),
    class_code     varchar,
    valueset_url   varchar
);

insert into ref.encounter_kind values
    ('inpatient', 'IMP', null),
    ('inpatient', 'ACUTE', null),
    ('inpatient', 'NONAC', null),
    ('inpatient', null, 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.666.5.307'),      -- Encounter Inpatient
    ('emergency', 'EMER', null),
    ('emergency', null, 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1010'); -- ED E&M visit

-- Primary-care encounters for attribution: a performed, non-acute encounter whose type is in
-- one of these value sets.
create table ref.primary_care_valueset (
    valueset_url   varchar primary key,
    name           varchar not null
);

insert into ref.primary_care_valueset values
    ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1001', 'Office Visit'),
    ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1240', 'Annual Wellness Visit'),
    ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1025', 'Preventive Care Services Established Office Visit, 18 and Up'),
    ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1023', 'Preventive Care Services Initial Office Visit, 18 and Up'),
    ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1024', 'Preventive Care Services, Initial Office Visit, 0 to 17'),
    ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1022', 'Preventive Care Services - Established Office Visit, 0 to 17'),
    ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1016', 'Home Healthcare Services'),
    ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1089', 'Virtual Encounter'),
    ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1080', 'Telephone Visits');

-- Risk score: points per unit of each component, capped; the tier is the highest whose
-- min_score the score reaches.
create table ref.risk_weight (
    component      varchar primary key,
    description    varchar not null,
    points_each    integer not null,
    max_points     integer not null
);

insert into ref.risk_weight values
    ('chronic_conditions', 'chronic conditions in a registry', 1, 6),
    ('inpatient_stays', 'inpatient stays in the last 12 months', 3, 6),
    ('ed_visits', 'emergency visits in the last 12 months', 2, 6),
    ('uncontrolled_markers', 'uncontrolled key values in the last 12 months', 2, 6);

create table ref.risk_tier (
    tier           varchar primary key,
    min_score      integer not null
);

insert into ref.risk_tier values
    ('low', 0),
    ('rising', 3),
    ('high', 6);
