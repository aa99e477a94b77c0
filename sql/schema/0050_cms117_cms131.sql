-- 0050: CMS117 Childhood Immunization Status (ChildhoodImmunizationStatusFHIR 0.1.000) and
-- CMS131 Diabetes: Eye Exam (DiabetesEyeExamFHIR 0.0.002): their catalog groups, their
-- care-gap wording, and the direct-reference codes their CQL declares that 0004 does not seed.
--
-- Each has one group with a denominator exclusion and no denominator exception. Higher is
-- better: the Measure resources' improvementNotation carries code 'decrease' with display
-- 'increase' (an authoring slip shared by every measure of the set); both count people who got
-- the care (vaccines by the second birthday, a retinal exam), so the catalog says increase.
-- Goals: CMS117 asks for every dose of ten vaccines (HEDIS Combination 10, where national
-- rates sit near 35%); CMS131 is met by most well-managed diabetes populations near 60-70%.

insert into measures.catalog values
    ('CMS117', 0, 'Childhood Immunization Status',
     'ChildhoodImmunizationStatusFHIR', '0.1.000', 'increase', true, false, 0.40),
    ('CMS131', 0, 'Diabetes: Eye Exam',
     'DiabetesEyeExamFHIR', '0.0.002', 'increase', true, false, 0.65);

insert into ref.gap_wording values
    ('CMS117', 0, true, 'Not every childhood vaccine series complete by the second birthday', 'Review the immunization record (and the state registry) and give or record the missing doses'),
    ('CMS117', 0, false, 'No childhood vaccinations on record by the second birthday', 'Reconcile the immunization record with the state registry and vaccinate'),
    ('CMS131', 0, true, 'Diabetic retinopathy without a retinal exam this period', 'Refer for a retinal or dilated eye exam by an eye care professional'),
    ('CMS131', 0, false, 'No retinal or dilated eye exam in the period or the year before', 'Refer for a retinal or dilated eye exam by an eye care professional');

-- insert or ignore: another measure's migration may seed the same codes (99211, for one).
insert or ignore into ref.concept (concept, system, code, display) values
    ('Anaphylaxis caused by vaccine product containing only Haemophilus influenzae type b antigen (disorder)', 'http://snomed.info/sct', '433621000124101', 'Anaphylaxis caused by vaccine product containing only Haemophilus influenzae type b antigen (disorder)'),
    ('Anaphylaxis caused by vaccine product containing Hepatitis B virus antigen (disorder)', 'http://snomed.info/sct', '428321000124101', 'Anaphylaxis caused by vaccine product containing Hepatitis B virus antigen (disorder)'),
    ('Anaphylaxis due to rotavirus vaccine (disorder)', 'http://snomed.info/sct', '428331000124103', 'Anaphylaxis due to rotavirus vaccine (disorder)'),
    ('Office or other outpatient visit for the evaluation and management of an established patient that may not require the presence of a physician or other qualified health care professional', 'http://www.ama-assn.org/go/cpt', '99211', 'Office or other outpatient visit for the evaluation and management of an established patient that may not require the presence of a physician or other qualified health care professional'),
    ('rotavirus, live, monovalent vaccine', 'http://hl7.org/fhir/sid/cvx', '119', 'rotavirus, live, monovalent vaccine'),
    ('Anaphylaxis caused by vaccine product containing Hepatitis A virus antigen (disorder)', 'http://snomed.info/sct', '471311000124103', 'Anaphylaxis caused by vaccine product containing Hepatitis A virus antigen (disorder)'),
    -- the CQL's codesystem "ICD10" is http://www.cms.gov/Medicare/Coding/ICD10 (an ICD-10-PCS code)
    ('Introduction of Serum, Toxoid and Vaccine into Muscle, Percutaneous Approach', 'http://www.cms.gov/Medicare/Coding/ICD10', '3E0234Z', 'Introduction of Serum, Toxoid and Vaccine into Muscle, Percutaneous Approach'),
    ('Anaphylaxis caused by vaccine product containing Influenza virus antigen (disorder)', 'http://snomed.info/sct', '471361000124100', 'Anaphylaxis caused by vaccine product containing Influenza virus antigen (disorder)'),
    ('Anaphylaxis caused by vaccine product containing Measles morbillivirus and Mumps orthorubulavirus and Rubella virus antigens (disorder)', 'http://snomed.info/sct', '471331000124109', 'Anaphylaxis caused by vaccine product containing Measles morbillivirus and Mumps orthorubulavirus and Rubella virus antigens (disorder)'),
    ('Anaphylaxis caused by vaccine product containing Streptococcus pneumoniae antigen (disorder)', 'http://snomed.info/sct', '471141000124102', 'Anaphylaxis caused by vaccine product containing Streptococcus pneumoniae antigen (disorder)'),
    ('Anaphylaxis caused by vaccine product containing human poliovirus antigen (disorder)', 'http://snomed.info/sct', '471321000124106', 'Anaphylaxis caused by vaccine product containing human poliovirus antigen (disorder)'),
    ('Anaphylaxis caused by vaccine containing Human alphaherpesvirus 3 antigen (disorder)', 'http://snomed.info/sct', '471341000124104', 'Anaphylaxis caused by vaccine containing Human alphaherpesvirus 3 antigen (disorder)');
