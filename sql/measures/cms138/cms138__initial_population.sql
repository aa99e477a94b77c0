-- measures.cms138__initial_population: persons in the CMS138 initial population (shared by
-- its three groups).
-- Grain: period_key x person_id (only persons in the initial population).
-- Implements PreventiveCareAndTobaccoUseScreeningAndCessationInterventionFHIR 0.0.001
-- "Initial Population": aged 12 or older at the start of the period, and two or more
-- "Qualifying Visit During Measurement Period" or one "Preventive Visit During Measurement
-- Period".

-- The value sets of both visit lists; is_preventive says which list each belongs to.
with visit_valueset (url, is_preventive) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1016', false), -- Home Healthcare Services
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1011', false),            -- Occupational Therapy Evaluation
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1001', false), -- Office Visit
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1285', false),            -- Ophthalmological Services
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1022', false),            -- Physical Therapy Evaluation
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1492', false),            -- Psych Visit Diagnostic Evaluation
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1496', false),            -- Psych Visit Psychotherapy
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1141', false),            -- Psychoanalysis
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1530', false),            -- Speech and Hearing Evaluation
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1080', false), -- Telephone Visits
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1089', false), -- Virtual Encounter
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1240', true),             -- Annual Wellness Visit
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1025', true),  -- Preventive Care Services Established Office Visit, 18 and Up
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1023', true),  -- Preventive Care Services Initial Office Visit, 18 and Up
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1024', true),  -- Preventive Care, Established Office Visit, 0 to 17
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1022', true),  -- Preventive Care Services, Initial Office Visit, 0 to 17
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1027', true),  -- Preventive Care Services Group Counseling
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1026', true),  -- Preventive Care Services Individual Counseling
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.1006', true)           -- Nutrition Services
),

-- The direct-reference encounter types of both lists (ref.concept, by CQL name).
visit_concept (concept, is_preventive) as (
    values
        ('Health behavior intervention, individual, face-to-face; initial 30 minutes', false),
        ('Health behavior assessment, or re-assessment (ie, health-focused clinical interview, behavioral observations, clinical decision making)', false),
        ('Unlisted preventive medicine service', true),
        ('Postoperative follow-up visit, normally included in the surgical package, to indicate that an evaluation and management service was performed during a postoperative period for a reason(s) related to the original procedure', true)
),

-- Encounter types on either list.
visit_type as (
    select cv.provider, cv.id, vv.is_preventive
    from measures.shared__coding_valueset as cv
    join visit_valueset as vv
        on vv.url = cv.url
    where cv.resource_type = 'Encounter'
        and cv.element = 'type'
    union
    select cc.provider, cc.id, vc.is_preventive
    from measures.shared__coding_concept as cc
    join visit_concept as vc
        on vc.concept = cc.concept
    where cc.resource_type = 'Encounter'
        and cc.element = 'type'
),

-- Performed visits (isEncounterPerformed); the union of retrieves counts each encounter once
-- per list. Each encounter once, before it meets the periods.
visit as (
    select distinct
        pr.person_id,
        e.provider,
        e.id,
        vt.is_preventive,
        cast(e.period_start as date) as start_date,
        cast(e.period_end as date) as end_date
    from core.encounter as e
    join core.person_record as pr
        on pr.provider = e.provider
        and pr.patient_id = e.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'encounter_performed'
        and sr.status = e.status
    join visit_type as vt
        on vt.provider = e.provider
        and vt.id = e.id
    where e.period_start is not null
        and e.period_end is not null
),

-- The visits of each person that start and end on the same days, counted per list (so the
-- period join below meets a few rows per person rather than every encounter).
visit_days as (
    select
        person_id,
        start_date,
        end_date,
        count(*) filter (where not is_preventive) as qualifying_visits,
        count(*) filter (where is_preventive) as preventive_visits
    from visit
    group by person_id, start_date, end_date
),

-- Count("Qualifying Visit During Measurement Period") and exists "Preventive Visit ...":
-- visits whose period lies during day of the period.
visit_count as (
    select
        mp.period_key,
        v.person_id,
        cast(sum(v.qualifying_visits) as bigint) as qualifying_visits,
        cast(sum(v.preventive_visits) as bigint) as preventive_visits
    from visit_days as v
    join measures.shared__measurement_period as mp
        on v.start_date >= mp.period_start
        and v.end_date <= mp.period_end
    group by mp.period_key, v.person_id
)

-- Aged 12 or older at the start of the period.
select
    a.period_key,
    a.person_id,
    a.age_years,
    v.qualifying_visits,
    v.preventive_visits
from measures.shared__age_at_period_start as a
join visit_count as v
    on v.period_key = a.period_key
    and v.person_id = a.person_id
where a.age_years >= 12
    and (v.qualifying_visits >= 2 or v.preventive_visits >= 1)
