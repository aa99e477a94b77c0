-- measures.stratum__person: the stratum each person with a result falls in, per stratifier,
-- for the primary period. Measure-independent: one person has one stratum per stratifier,
-- whatever the measure.
-- Grain: period_key x person_id x stratifier (persons in measures.result for the primary period).
-- Published: kept in the warehouse after the build, for the MeasureReport export.
-- Stratifiers (issue 3 "Stratification"; docs/measures.md "Stratification"):
--   age_band      age at the end of the period: 0-17, 18-44, 45-64, 65-74, 75-84, 85+
--   sex           Patient.gender (administrative gender); 'unknown' when absent
--   race          US Core race ombCategory code (display kept); 'UNK' when absent
--   ethnicity     US Core ethnicity ombCategory code; 'UNK' when absent
--   payer_type    Coverage.type (Source of Payment Typology code preferred) of the coverage
--                 in effect during the period; 'none' without one
--   organization  Encounter.serviceProvider of the person's most recent performed encounter
--                 starting in the period; 'none' without one
--   practitioner  the first participant individual of the most recent performed encounter
--                 starting in the period that names one; 'none' without one
-- Organization and practitioner ids are only unique within a provider's feed, so a stratum
-- is '<provider>/<id>' with the resource's name as display.

-- Every person with a result in the primary period: the population the strata describe.
-- Strata are computed for the primary period only: over the 24 trend periods as well they
-- cost more than all the measures together (trends by stratum are left out on purpose).
with subject as (
    select distinct
        r.period_key,
        r.person_id
    from measures.result as r
    join measures.shared__measurement_period as mp
        on mp.period_key = r.period_key
    where mp.is_primary
),

subject_period as (
    select
        s.period_key,
        s.person_id,
        mp.period_start_at,
        mp.period_end_at
    from subject as s
    join measures.shared__measurement_period as mp
        on mp.period_key = s.period_key
),

-- Age band at the end of the period (AgeInYearsAt(date from end of "Measurement Period")).
age_band as (
    select
        s.period_key,
        s.person_id,
        'age_band' as stratifier,
        case
            when a.age_years is null then 'unknown'
            when a.age_years < 18 then '0-17'
            when a.age_years < 45 then '18-44'
            when a.age_years < 65 then '45-64'
            when a.age_years < 75 then '65-74'
            when a.age_years < 85 then '75-84'
            else '85+'
        end as stratum,
        cast(null as varchar) as stratum_display
    from subject as s
    left join measures.shared__age_at_period_end as a
        on a.period_key = s.period_key
        and a.person_id = s.person_id
),

-- Sex, race and ethnicity as core.person holds them (most recently updated record wins).
demographic as (
    select
        s.period_key,
        s.person_id,
        p.gender,
        p.race_code,
        p.race_display,
        p.ethnicity_code,
        p.ethnicity_display
    from subject as s
    left join core.person as p
        on p.person_id = s.person_id
),

-- Coverages in effect at some time during the period: active (or without a status) and
-- [start, end] overlapping it, a missing start or end being open.
coverage_in_effect as (
    select
        sp.period_key,
        sp.person_id,
        cv.provider,
        cv.id,
        cv.period_start,
        cv.period_end
    from core.coverage as cv
    join core.person_record as pr
        on pr.provider = cv.provider
        and pr.patient_id = cv.patient_id
    join subject_period as sp
        on sp.person_id = pr.person_id
        and (cv.period_start is null or cv.period_start <= sp.period_end_at)
        and (cv.period_end is null or cv.period_end >= sp.period_start_at)
    where cv.status is null or cv.status = 'active'
),

-- Coverage.type: the Source of Payment Typology coding when there is one (by URL or OID),
-- else the first coding.
coverage_type as (
    select
        c.provider,
        c.id,
        c.code,
        c.display
    from core.coding as c
    where c.resource_type = 'Coverage'
        and c.element = 'type'
        and c.code is not null
    qualify row_number() over (
        partition by c.provider, c.id
        order by
            case c.system
                when 'https://nahdo.org/sopt' then 0
                when 'urn:oid:2.16.840.1.113883.3.221.5' then 1
                else 2
            end,
            c.seq, c.system, c.code
    ) = 1
),

-- The payer type in effect: of several coverages, the one in effect latest in the period
-- (an open end first, then the latest end, then the latest start; ties by provider and id).
payer as (
    select
        ce.period_key,
        ce.person_id,
        ct.code,
        ct.display
    from coverage_in_effect as ce
    join coverage_type as ct
        on ct.provider = ce.provider
        and ct.id = ce.id
    qualify row_number() over (
        partition by ce.period_key, ce.person_id
        order by ce.period_end desc nulls first, ce.period_start desc nulls last, ce.provider, ce.id
    ) = 1
),

-- Performed encounters (Status isEncounterPerformed) starting in the period.
period_encounter as (
    select
        sp.period_key,
        sp.person_id,
        e.provider,
        e.id,
        e.period_start,
        e.service_provider_id,
        e.practitioner_id
    from core.encounter as e
    join core.person_record as pr
        on pr.provider = e.provider
        and pr.patient_id = e.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'encounter_performed'
        and sr.status = e.status
    join subject_period as sp
        on sp.person_id = pr.person_id
        and e.period_start between sp.period_start_at and sp.period_end_at
),

-- The most recent of them that names an organization (ties by provider and id).
organization as (
    select
        pe.period_key,
        pe.person_id,
        pe.provider || '/' || pe.service_provider_id as stratum,
        o.name as stratum_display
    from period_encounter as pe
    left join core.organization as o
        on o.provider = pe.provider
        and o.id = pe.service_provider_id
    where pe.service_provider_id is not null
    qualify row_number() over (
        partition by pe.period_key, pe.person_id
        order by pe.period_start desc, pe.provider, pe.id
    ) = 1
),

-- The most recent of them that names a practitioner (ties by provider and id).
practitioner as (
    select
        pe.period_key,
        pe.person_id,
        pe.provider || '/' || pe.practitioner_id as stratum,
        p.name as stratum_display
    from period_encounter as pe
    left join core.practitioner as p
        on p.provider = pe.provider
        and p.id = pe.practitioner_id
    where pe.practitioner_id is not null
    qualify row_number() over (
        partition by pe.period_key, pe.person_id
        order by pe.period_start desc, pe.provider, pe.id
    ) = 1
),

stratum as (
    select period_key, person_id, stratifier, stratum, stratum_display
    from age_band
    union all
    select period_key, person_id, 'sex', coalesce(gender, 'unknown'), cast(null as varchar)
    from demographic
    union all
    select period_key, person_id, 'race', coalesce(race_code, 'UNK'),
        case when race_code is null then 'Unknown' else race_display end
    from demographic
    union all
    select period_key, person_id, 'ethnicity', coalesce(ethnicity_code, 'UNK'),
        case when ethnicity_code is null then 'Unknown' else ethnicity_display end
    from demographic
    union all
    select s.period_key, s.person_id, 'payer_type', coalesce(py.code, 'none'), py.display
    from subject as s
    left join payer as py
        on py.period_key = s.period_key
        and py.person_id = s.person_id
    union all
    select s.period_key, s.person_id, 'organization', coalesce(o.stratum, 'none'), o.stratum_display
    from subject as s
    left join organization as o
        on o.period_key = s.period_key
        and o.person_id = s.person_id
    union all
    select s.period_key, s.person_id, 'practitioner', coalesce(p.stratum, 'none'), p.stratum_display
    from subject as s
    left join practitioner as p
        on p.period_key = s.period_key
        and p.person_id = s.person_id
)

select
    cast(period_key as varchar) as period_key,
    cast(person_id as varchar) as person_id,
    cast(stratifier as varchar) as stratifier,
    cast(stratum as varchar) as stratum,
    cast(stratum_display as varchar) as stratum_display
from stratum
