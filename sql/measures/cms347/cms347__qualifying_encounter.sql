-- measures.cms347__qualifying_encounter: the encounters that qualify a person for the CMS347
-- initial populations.
-- Grain: provider x encounter id (persons meeting a clinical criterion only).
-- Implements StatinTherapyforthePreventionandTreatmentofCardiovascularDiseaseFHIR 0.2.000
-- "Qualifying Encounter during day of Measurement Period": an encounter whose type is in one of
-- the value sets below, with status exactly 'finished' (not the Status library's wider rule).
-- Its readers ask whether its period lies during day of the period (both ends known and
-- inside), once per encounter rather than once per period here.

-- The value sets of "Qualifying Encounter during day of Measurement Period".
with encounter_valueset (url) as (
    values
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1240'),            -- Annual Wellness Visit
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1001'), -- Office Visit
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1008'), -- Outpatient Consultation
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1576'),            -- Outpatient Encounters for Preventive Care
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1025'), -- Preventive Care Services Established Office Visit, 18 and Up
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1026'), -- Preventive Care Services Individual Counseling
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.12.1023'), -- Preventive Care Services Initial Office Visit, 18 and Up
        ('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.101.11.1150')  -- Preventive Care Services Other
),

-- Finished encounters whose type is in a qualifying value set, of persons who meet a clinical
-- criterion in some period (nobody else can enter an initial population, and the encounters
-- serve only the initial populations and the medical-reason exception).
finished_encounter as (
    select distinct
        e.provider,
        e.id,
        pr.person_id,
        e.period_start,
        e.period_end
    from core.encounter as e
    join core.person_record as pr
        on pr.provider = e.provider
        and pr.patient_id = e.patient_id
    join measures.shared__coding_valueset as cv
        on cv.provider = e.provider
        and cv.resource_type = 'Encounter'
        and cv.id = e.id
        and cv.element = 'type'
    join encounter_valueset as ev
        on ev.url = cv.url
    where e.status = 'finished'
        and pr.person_id in (select person_id from measures.cms347__risk_criteria)
)

-- The encounter period lies during day of the measurement period.
select
    fe.person_id,
    fe.provider,
    fe.id as encounter_id,
    fe.period_start,
    fe.period_end
from finished_encounter as fe
