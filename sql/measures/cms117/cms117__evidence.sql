-- measures.cms117__evidence: what put each CMS117 child in the initial population, and per
-- vaccine what put them in the numerator or kept them out, primary period only.
-- Grain: person_id x evidence item: population initial-population (the latest qualifying
-- encounter with its type code) for every initial-population child; population numerator
-- (one row per vaccine, ten) for every denominator child who is not excluded.
-- For each of the ten vaccines of "Numerator": whether it is met (is_in_population), the latest
-- dose of the vaccine (date and code, from measures.cms117__vaccination) or, when the child has
-- none, the earliest condition that stands in for it (measures.cms117__condition), and the
-- doses given against the doses needed. The whole-measure numerator row comes from the result
-- (measures.evidence__result).

-- The ten vaccines, the series (vaccination) and indicators (condition) of each.
with vaccine (vaccine, label) as (
    values
        ('dtap', 'DTaP'), ('polio', 'IPV'), ('mmr', 'MMR'), ('hib', 'Hib'), ('hepb', 'HepB'),
        ('vzv', 'VZV'), ('pcv', 'PCV'), ('hepa', 'HepA'), ('rotavirus', 'rotavirus'),
        ('influenza', 'influenza')
),

series_vaccine (series, vaccine) as (
    values
        ('dtap', 'dtap'), ('polio', 'polio'), ('mmr', 'mmr'), ('hib_3_dose', 'hib'),
        ('hib_4_dose', 'hib'), ('hepb', 'hepb'), ('hepb_newborn', 'hepb'), ('vzv', 'vzv'),
        ('pcv', 'pcv'), ('hepa', 'hepa'), ('rotavirus_2_dose', 'rotavirus'),
        ('rotavirus_3_dose', 'rotavirus'), ('influenza', 'influenza'), ('laiv', 'influenza')
),

indicator_vaccine (indicator, vaccine) as (
    values
        ('dtap', 'dtap'), ('polio', 'polio'), ('mmr', 'mmr'), ('measles', 'mmr'), ('mumps', 'mmr'),
        ('rubella', 'mmr'), ('hib', 'hib'), ('hepb', 'hepb'), ('vzv', 'vzv'), ('pcv', 'pcv'),
        ('hepa', 'hepa'), ('rotavirus', 'rotavirus'), ('influenza', 'influenza')
),

-- Denominator children of the primary period who are not excluded, with the per-vaccine flags.
counted as (
    select n.*
    from measures.cms117__numerator as n
    join measures.shared__measurement_period as mp
        on mp.period_key = n.period_key
    join measures.cms117__denominator_exclusion as x
        on x.period_key = n.period_key
        and x.person_id = n.person_id
    where mp.is_primary
        and not x.is_excluded
),

-- One row per child and vaccine: met, doses given and needed.
assessed as (
    select
        c.period_key,
        c.person_id,
        v.vaccine,
        v.label,
        case v.vaccine
            when 'dtap' then c.is_dtap_met when 'polio' then c.is_polio_met
            when 'mmr' then c.is_mmr_met when 'hib' then c.is_hib_met
            when 'hepb' then c.is_hepb_met when 'vzv' then c.is_vzv_met
            when 'pcv' then c.is_pcv_met when 'hepa' then c.is_hepa_met
            when 'rotavirus' then c.is_rotavirus_met when 'influenza' then c.is_influenza_met
        end as is_met,
        case v.vaccine
            when 'dtap' then c.dtap_doses when 'polio' then c.polio_doses
            when 'mmr' then c.mmr_doses when 'hib' then c.hib_doses
            when 'hepb' then c.hepb_doses when 'vzv' then c.vzv_doses
            when 'pcv' then c.pcv_doses when 'hepa' then c.hepa_doses
            when 'rotavirus' then c.rotavirus_doses when 'influenza' then c.influenza_doses
        end as doses,
        case v.vaccine
            when 'dtap' then 4 when 'polio' then 3 when 'mmr' then 1 when 'hib' then c.hib_needed
            when 'hepb' then 3 when 'vzv' then 1 when 'pcv' then 4 when 'hepa' then 1
            when 'rotavirus' then c.rotavirus_needed when 'influenza' then 2
        end as doses_needed
    from counted as c
    cross join vaccine as v
),

-- The latest dose of each vaccine per child.
latest_dose as (
    select
        va.person_id,
        sv.vaccine,
        max(va.dose_date) as dose_date,
        arg_max(va.code, case when va.dose_date is not null then (va.dose_date, va.code) end) as code
    from measures.cms117__vaccination as va
    join series_vaccine as sv
        on sv.series = va.series
    group by va.person_id, sv.vaccine
),

-- The earliest condition standing in for each vaccine per child.
earliest_condition as (
    select
        co.person_id,
        iv.vaccine,
        min(co.onset_date) as onset_date,
        arg_min(co.code, case when co.onset_date is not null then (co.onset_date, co.code) end) as code
    from measures.cms117__condition as co
    join indicator_vaccine as iv
        on iv.indicator = co.indicator
    group by co.person_id, iv.vaccine
),

-- Displays of the codes, from the imported value sets and the direct-reference codes.
known_code as (
    select
        code,
        min(system) as code_system,
        arg_min(display, case when system is not null then (system, display) end) as display
    from (
        select system, code, display from ref.valueset_code
        union all
        select system, code, display from ref.concept
    ) as k
    group by code
),

-- The latest qualifying encounter of each child in the primary period (ties by provider, id).
latest_encounter as (
    select
        qe.period_key,
        qe.person_id,
        cast(qe.period_end as date) as evidence_date,
        qe.type_code
    from measures.cms117__qualifying_encounter as qe
    join measures.shared__measurement_period as mp
        on mp.period_key = qe.period_key
    where mp.is_primary
    qualify row_number() over (
        partition by qe.period_key, qe.person_id
        order by qe.period_end desc, qe.period_start desc, qe.provider, qe.encounter_id
    ) = 1
),

evidence as (
    select
        le.period_key,
        le.person_id,
        'initial-population' as population,
        true as is_met,
        le.evidence_date,
        le.type_code as code,
        cast(null as varchar) as value,
        'qualifying encounter' as reason
    from latest_encounter as le
    join measures.cms117__initial_population as ip
        on ip.period_key = le.period_key
        and ip.person_id = le.person_id
    union all
    select
        a.period_key,
        a.person_id,
        'numerator' as population,
        a.is_met,
        coalesce(ld.dose_date, ec.onset_date) as evidence_date,
        coalesce(ld.code, ec.code) as code,
        a.doses || '/' || a.doses_needed || ' doses'
            || case
                when ec.person_id is not null then ', condition on record'
                -- HepB met with fewer than 3 days and no condition: the newborn-dose branch
                when a.vaccine = 'hepb' and a.is_met and a.doses < 3 then ' (2 after a newborn dose)'
                else ''
            end as value,
        a.label || case when a.is_met then ' complete' else ' incomplete' end as reason
    from assessed as a
    left join latest_dose as ld
        on ld.person_id = a.person_id
        and ld.vaccine = a.vaccine
    left join earliest_condition as ec
        on ec.person_id = a.person_id
        and ec.vaccine = a.vaccine
)

select
    cast(e.period_key as varchar) as period_key,
    cast('CMS117' as varchar) as measure,
    cast(0 as integer) as group_index,
    cast(e.person_id as varchar) as person_id,
    cast(e.population as varchar) as population,
    e.is_met as is_in_population,
    cast(e.evidence_date as date) as evidence_date,
    cast(k.code_system as varchar) as code_system,
    cast(e.code as varchar) as code,
    cast(k.display as varchar) as display,
    cast(e.value as varchar) as value,
    cast(e.reason as varchar) as reason
from evidence as e
left join known_code as k
    on k.code = e.code
