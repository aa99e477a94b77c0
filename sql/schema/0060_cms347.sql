-- 0060: CMS347 Statin Therapy for the Prevention and Treatment of Cardiovascular Disease
-- (StatinTherapyforthePreventionandTreatmentofCardiovascularDiseaseFHIR 0.2.000): its four
-- catalog groups, their care-gap wording, and the direct-reference codes its CQL declares
-- (and QICoreCommon's condition categories it tests) that 0004 does not seed.
--
-- Every group defines a denominator exclusion and a denominator exception. Higher is better:
-- the Measure resource's improvementNotation carries code 'decrease' with display 'increase',
-- a known authoring slip; the measure counts patients on statins, so the catalog says increase.

insert into measures.catalog
    (measure, group_index, title, library, version, improvement, has_exclusion, has_exception, goal_rate)
values
    ('CMS347', 0, 'Statin Therapy for the Prevention and Treatment of Cardiovascular Disease: clinical ASCVD',
     'StatinTherapyforthePreventionandTreatmentofCardiovascularDiseaseFHIR', '0.2.000', 'increase', true, true, 0.80),
    ('CMS347', 1, 'Statin Therapy for the Prevention and Treatment of Cardiovascular Disease: LDL-C >= 190 mg/dL or familial hypercholesterolemia',
     'StatinTherapyforthePreventionandTreatmentofCardiovascularDiseaseFHIR', '0.2.000', 'increase', true, true, 0.75),
    ('CMS347', 2, 'Statin Therapy for the Prevention and Treatment of Cardiovascular Disease: diabetes, aged 40-75',
     'StatinTherapyforthePreventionandTreatmentofCardiovascularDiseaseFHIR', '0.2.000', 'increase', true, true, 0.75),
    ('CMS347', 3, 'Statin Therapy for the Prevention and Treatment of Cardiovascular Disease: 10-year CVD risk >= 20%, aged 40-75',
     'StatinTherapyforthePreventionandTreatmentofCardiovascularDiseaseFHIR', '0.2.000', 'increase', true, true, 0.70);

insert into ref.gap_wording (measure, group_index, has_result, gap, action) values
    ('CMS347', 0, true, 'Clinical ASCVD without a statin order in the period', 'Prescribe a statin or record why one is not appropriate'),
    ('CMS347', 0, false, 'Clinical ASCVD and no statin ordered in the period', 'Prescribe a statin or record why one is not appropriate'),
    ('CMS347', 1, true, 'LDL-C >= 190 mg/dL or familial hypercholesterolemia without a statin order in the period', 'Prescribe a statin or record why one is not appropriate'),
    ('CMS347', 1, false, 'LDL-C >= 190 mg/dL or familial hypercholesterolemia and no statin ordered in the period', 'Prescribe a statin or record why one is not appropriate'),
    ('CMS347', 2, true, 'Diabetes (aged 40-75) without a statin order in the period', 'Prescribe a statin or record why one is not appropriate'),
    ('CMS347', 2, false, 'Diabetes (aged 40-75) and no statin ordered in the period', 'Prescribe a statin or record why one is not appropriate'),
    ('CMS347', 3, true, '10-year CVD risk >= 20% without a statin order in the period', 'Prescribe a statin or record why one is not appropriate'),
    ('CMS347', 3, false, '10-year CVD risk >= 20% and no statin ordered in the period', 'Prescribe a statin or record why one is not appropriate');

-- insert or ignore: another measure's migration may seed the same QICoreCommon categories.
insert or ignore into ref.concept (concept, system, code, display) values
    ('Cardiovascular disease 10Y risk [Likelihood]', 'http://loinc.org', '99055-6', 'Cardiovascular disease 10Y risk [Likelihood]'),
    ('Cardiovascular disease 10Y risk [Likelihood] ACC-AHA Pooled Cohort by Goff 2013', 'http://loinc.org', '79423-0', 'Cardiovascular disease 10Y risk [Likelihood] ACC-AHA Pooled Cohort by Goff 2013'),
    ('Subsequent non-ST elevation (NSTEMI) myocardial infarction', 'http://hl7.org/fhir/sid/icd-10-cm', 'I22.2', 'Subsequent non-ST elevation (NSTEMI) myocardial infarction'),
    ('problem-list-item', 'http://terminology.hl7.org/CodeSystem/condition-category', 'problem-list-item', 'Problem List Item'),
    ('health-concern', 'http://hl7.org/fhir/us/core/CodeSystem/condition-category', 'health-concern', 'Health Concern');
