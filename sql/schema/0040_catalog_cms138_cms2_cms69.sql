-- 0040: CMS138, CMS2 and CMS69 (measures B): catalog rows per Measure.group, the care-gap
-- wording of each group, and the direct-reference codes their CQL declares that 0004 lacks.
-- Direct-reference codes are public facts of each measure's specification; `insert or ignore`
-- because another measure may declare the same CQL name and code (QICoreCommon categories).

insert into measures.catalog values
    ('CMS138', 0, 'Preventive Care and Screening: Tobacco Use: Screened for Tobacco Use',
     'PreventiveCareAndTobaccoUseScreeningAndCessationInterventionFHIR', '0.0.001', 'increase', true, false, 0.90),
    ('CMS138', 1, 'Preventive Care and Screening: Tobacco Use: Cessation Intervention for Tobacco Users',
     'PreventiveCareAndTobaccoUseScreeningAndCessationInterventionFHIR', '0.0.001', 'increase', true, false, 0.80),
    ('CMS138', 2, 'Preventive Care and Screening: Tobacco Use: Screening and Cessation Intervention',
     'PreventiveCareAndTobaccoUseScreeningAndCessationInterventionFHIR', '0.0.001', 'increase', true, false, 0.85),
    ('CMS2', 0, 'Preventive Care and Screening: Screening for Depression and Follow-Up Plan',
     'PCSDepressionScreenAndFollowUpFHIR', '0.2.000', 'increase', true, true, 0.75),
    ('CMS69', 0, 'Preventive Care and Screening: BMI Screening and Follow-Up Plan',
     'PCSBMIScreenAndFollowUpFHIR', '0.2.000', 'increase', true, true, 0.80);

insert into ref.gap_wording values
    ('CMS138', 0, true, 'Tobacco use screening without a user or non-user answer', 'Repeat the tobacco use screening and record the answer'),
    ('CMS138', 0, false, 'No tobacco use screening in the period', 'Screen for tobacco use at the next visit'),
    ('CMS138', 1, true, 'Tobacco user without cessation counseling or medication', 'Offer cessation counseling or cessation medication'),
    ('CMS138', 1, false, 'Tobacco user without cessation counseling or medication', 'Offer cessation counseling or cessation medication'),
    ('CMS138', 2, true, 'Tobacco user without a cessation intervention, or screening without an answer', 'Offer cessation counseling or medication; record the screening answer'),
    ('CMS138', 2, false, 'No tobacco use screening in the period', 'Screen for tobacco use and intervene if the patient uses tobacco'),
    ('CMS2', 0, true, 'Positive depression screen without a timely follow-up plan', 'Document a follow-up plan (referral, medication or follow-up care) for the positive screen'),
    ('CMS2', 0, false, 'No depression screening within 14 days before a visit', 'Screen for depression with a standardized tool at the next visit'),
    ('CMS69', 0, true, 'BMI outside normal limits without a follow-up plan', 'Document a follow-up plan (referral, dietary advice or medication) for the abnormal BMI'),
    ('CMS69', 0, false, 'No BMI recorded in the period', 'Record height, weight and BMI at the next visit');

insert or ignore into ref.concept (concept, system, code, display) values
    -- PreventiveCareAndTobaccoUseScreeningAndCessationInterventionFHIR 0.0.001
    ('Health behavior assessment, or re-assessment (ie, health-focused clinical interview, behavioral observations, clinical decision making)',
     'http://www.ama-assn.org/go/cpt', '96156',
     'Health behavior assessment, or re-assessment (ie, health-focused clinical interview, behavioral observations, clinical decision making)'),
    ('Health behavior intervention, individual, face-to-face; initial 30 minutes',
     'http://www.ama-assn.org/go/cpt', '96158',
     'Health behavior intervention, individual, face-to-face; initial 30 minutes'),
    ('Postoperative follow-up visit, normally included in the surgical package, to indicate that an evaluation and management service was performed during a postoperative period for a reason(s) related to the original procedure',
     'http://www.ama-assn.org/go/cpt', '99024',
     'Postoperative follow-up visit, normally included in the surgical package, to indicate that an evaluation and management service was performed during a postoperative period for a reason(s) related to the original procedure'),
    ('Tobacco abuse counseling', 'http://hl7.org/fhir/sid/icd-10-cm', 'Z71.6', 'Tobacco abuse counseling'),
    ('Unlisted preventive medicine service', 'http://www.ama-assn.org/go/cpt', '99429', 'Unlisted preventive medicine service'),
    -- PCSDepressionScreenAndFollowUpFHIR 0.2.000
    ('Adolescent depression screening assessment', 'http://loinc.org', '73831-0', 'Adolescent depression screening assessment'),
    ('Adult depression screening assessment', 'http://loinc.org', '73832-8', 'Adult depression screening assessment'),
    ('Depression screening declined (situation)', 'http://snomed.info/sct', '720834000', 'Depression screening declined (situation)'),
    ('Depression screening negative (finding)', 'http://snomed.info/sct', '428171000124102', 'Depression screening negative (finding)'),
    ('Depression screening positive (finding)', 'http://snomed.info/sct', '428181000124104', 'Depression screening positive (finding)'),
    -- PCSBMIScreenAndFollowUpFHIR 0.2.000
    ('Body mass index (BMI) [Ratio]', 'http://loinc.org', '39156-5', 'Body mass index (BMI) [Ratio]'),
    ('Encounter for palliative care', 'http://hl7.org/fhir/sid/icd-10-cm', 'Z51.5', 'Encounter for palliative care'),
    ('virtual', 'http://terminology.hl7.org/CodeSystem/v3-ActCode', 'VR', 'virtual'),
    -- QICoreCommon 2.1.000 condition categories (isProblemListItem, isHealthConcern)
    ('problem-list-item', 'http://terminology.hl7.org/CodeSystem/condition-category', 'problem-list-item', 'Problem List Item'),
    ('health-concern', 'http://hl7.org/fhir/us/core/CodeSystem/condition-category', 'health-concern', 'Health Concern');
