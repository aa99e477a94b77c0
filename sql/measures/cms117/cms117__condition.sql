-- measures.cms117__condition: the conditions of each child in the CMS117 initial population
-- that exclude the child or stand in for a vaccine series.
-- Grain: person_id x indicator (only indicators the child has).
-- Implements the condition defines of ChildhoodImmunizationStatusFHIR 0.1.000, all of the form
-- [Condition: <code list>] C where date from start of C.prevalenceInterval() during day of
-- "First Two Years" (Interval[birthDate, birthDate + 2 years]). A condition without an onset
-- starts at the beginning of time, so it never qualifies. Like the vaccination windows, this
-- depends on the birth date only, so it is computed once per child.

-- The indicators and their code lists (value set url or direct-reference concept).
with indicator (indicator, url, concept) as (
    values
        -- "Denominator Exclusions"
        ('severe_combined_immunodeficiency', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.120.12.1007', null), -- Severe Combined Immunodeficiency
        ('immunodeficiency', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.120.12.1001', null),                 -- Disorders of the Immune System
        ('hiv', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.120.12.1003', null),                              -- HIV
        ('lymphoreticular_cancer', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.108.12.1009', null),           -- Malignant Neoplasm of Lymphatic and Hematopoietic Tissue
        ('intussusception', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.199.12.1056', null),                  -- Intussusception
        -- "... Numerator Inclusion Conditions" and the MMR "Indicators"
        ('dtap', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.199.12.1031', null),                             -- Anaphylactic Reaction to DTaP Vaccine
        ('dtap', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.1164', null),                                    -- Encephalitis Due to Diphtheria, Tetanus or Pertussis Vaccine
        ('polio', null, 'Anaphylaxis caused by vaccine product containing human poliovirus antigen (disorder)'),
        ('mmr', null, 'Anaphylaxis caused by vaccine product containing Measles morbillivirus and Mumps orthorubulavirus and Rubella virus antigens (disorder)'),
        ('measles', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1053', null),                          -- Measles
        ('mumps', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1032', null),                            -- Mumps
        ('rubella', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1037', null),                          -- Rubella
        ('hib', null, 'Anaphylaxis caused by vaccine product containing only Haemophilus influenzae type b antigen (disorder)'),
        ('hepb', null, 'Anaphylaxis caused by vaccine product containing Hepatitis B virus antigen (disorder)'),
        ('hepb', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1025', null),                             -- Hepatitis B
        ('vzv', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1039', null),                              -- Varicella Zoster
        ('vzv', null, 'Anaphylaxis caused by vaccine containing Human alphaherpesvirus 3 antigen (disorder)'),
        ('pcv', null, 'Anaphylaxis caused by vaccine product containing Streptococcus pneumoniae antigen (disorder)'),
        ('hepa', 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.110.12.1024', null),                             -- Hepatitis A
        ('hepa', null, 'Anaphylaxis caused by vaccine product containing Hepatitis A virus antigen (disorder)'),
        ('rotavirus', null, 'Anaphylaxis due to rotavirus vaccine (disorder)'),
        ('influenza', null, 'Anaphylaxis caused by vaccine product containing Influenza virus antigen (disorder)')
),

-- The children: every person who is in the initial population of some period.
child as (
    select distinct
        person_id,
        birth_date
    from measures.cms117__initial_population
),

-- Conditions coded for an indicator: a code in its value set, or equivalent (~) to its code.
coded as (
    select cv.provider, cv.id, cv.code, i.indicator
    from measures.shared__coding_valueset as cv
    join indicator as i
        on i.url = cv.url
    where cv.resource_type = 'Condition'
        and cv.element = 'code'
    union
    select cc.provider, cc.id, cc.code, i.indicator
    from measures.shared__coding_concept as cc
    join indicator as i
        on i.concept = cc.concept
    where cc.resource_type = 'Condition'
        and cc.element = 'code'
)

-- The prevalence interval starts during day of "First Two Years".
select
    ch.person_id,
    c.indicator,
    min(cast(cp.prevalence_start as date)) as onset_date,
    arg_min(c.code, case when cp.prevalence_start is not null then (cp.prevalence_start, c.code) end) as code
from measures.shared__condition_prevalence as cp
join child as ch
    on ch.person_id = cp.person_id
join coded as c
    on c.provider = cp.provider
    and c.id = cp.id
where cast(cp.prevalence_start as date)
    between ch.birth_date and cast(ch.birth_date + interval 2 year as date)
group by ch.person_id, c.indicator
