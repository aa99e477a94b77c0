-- registries.condition_status: each person's standing for each chronic condition: ever
-- diagnosed, whether the registry rule is met in the reference period, and why.
-- Grain: person_id x condition (persons with any diagnosis of it, or meeting its value rule).
-- Published: kept in the warehouse after the build, for the dashboard and the checks.
-- The rule is ref.registry_condition (one row per condition; see docs/registries.md), after the
-- CMS Chronic Conditions Warehouse, adapted to clinical records. In the reference period
-- [as-of - reference_years + 1 day, as-of] a person qualifies by any of:
--   inpatient:    min_inpatient inpatient encounters with a qualifying diagnosis
--   outpatient:   min_outpatient distinct days of outpatient or ED encounters with one, the first
--                 and last at least min_days_apart days apart
--   problem_list: an active problem-list entry (problem_list_qualifies) and any performed
--                 encounter in the reference period (the person is still in care)
--   value:        value_count readings of value_key beyond value_threshold on distinct days,
--                 value_days_apart apart, at age value_min_age or more
-- and is in the registry unless excluded: a diagnosis of an exclude_person code in the
-- reference period (or active on the problem list), or deceased.

with params as (
    select
        c.condition,
        c.reference_years,
        c.min_inpatient,
        c.min_outpatient,
        c.min_days_apart,
        c.problem_list_qualifies,
        c.value_key,
        c.value_op,
        c.value_threshold,
        c.value_count,
        c.value_days_apart,
        c.value_min_age,
        a.as_of_date,
        cast(a.as_of_date - to_years(c.reference_years) + interval 1 day as date) as window_start
    from ref.registry_condition as c
    cross join registries.as_of as a
),

-- Qualifying diagnoses, with whether each falls in the reference period.
qualifying as (
    select
        d.person_id,
        d.condition,
        d.record_kind,
        d.encounter_id,
        d.provider,
        d.record_date,
        d.onset_date,
        d.is_active_problem,
        d.record_date >= p.window_start as is_in_window
    from registries.diagnosis as d
    join params as p
        on p.condition = d.condition
    where d.role = 'include'
),

-- CCW encounter counts and ever-diagnosed dates per person and condition.
diagnosis_summary as (
    select
        person_id,
        condition,
        min(least(record_date, coalesce(onset_date, record_date))) as first_diagnosed_date,
        count(distinct provider || '/' || encounter_id) filter (where is_in_window and record_kind = 'inpatient') as inpatient_encounters,
        count(distinct record_date) filter (where is_in_window and record_kind in ('outpatient', 'emergency')) as outpatient_days,
        count(distinct provider || '/' || encounter_id) filter (where is_in_window and record_kind <> 'problem_list') as qualifying_encounters,
        min(record_date) filter (where is_in_window and record_kind in ('outpatient', 'emergency')) as first_outpatient_date,
        max(record_date) filter (where is_in_window and record_kind in ('outpatient', 'emergency')) as last_outpatient_date,
        bool_or(is_active_problem) as has_active_problem,
        min(record_date) filter (where (is_in_window and record_kind <> 'problem_list') or is_active_problem) as first_evidence_date,
        max(record_date) filter (where (is_in_window and record_kind <> 'problem_list') or is_active_problem) as last_evidence_date
    from qualifying
    group by person_id, condition
),

-- When each person was last seen (a performed encounter up to the as-of date).
seen as (
    select e.person_id, max(e.encounter_date) as last_seen_date
    from registries.encounter as e
    cross join registries.as_of as a
    where e.is_performed
        and e.encounter_date <= a.as_of_date
    group by e.person_id
),

-- The lab/vital path: readings beyond the threshold on distinct days in the reference period.
value_path as (
    select
        r.person_id,
        p.condition,
        count(distinct r.reading_date) as value_days,
        min(r.reading_date) as first_value_date,
        max(r.reading_date) as last_value_date
    from registries.value_reading as r
    join params as p
        on p.value_key = r.value_key
        and r.reading_date between p.window_start and p.as_of_date
    where (p.value_op = 'ge' and r.value >= p.value_threshold)
       or (p.value_op = 'lt' and r.value < p.value_threshold)
    group by r.person_id, p.condition
),

-- Exclusions: an exclude_person diagnosis in the reference period or active on the problem list.
excluded as (
    select d.person_id, d.condition, min(d.code) as exclusion_code
    from registries.diagnosis as d
    join params as p
        on p.condition = d.condition
    where d.role = 'exclude_person'
        and (d.record_date >= p.window_start or d.is_active_problem)
    group by d.person_id, d.condition
),

candidate as (
    select person_id, condition from diagnosis_summary
    union
    select person_id, condition from value_path
),

evaluated as (
    select
        c.person_id,
        c.condition,
        p.reference_years,
        p.window_start,
        ds.first_diagnosed_date,
        coalesce(ds.inpatient_encounters, 0) as inpatient_encounters,
        coalesce(ds.outpatient_days, 0) as outpatient_days,
        coalesce(ds.qualifying_encounters, 0) as qualifying_encounters,
        coalesce(ds.inpatient_encounters, 0) >= p.min_inpatient as by_inpatient,
        coalesce(ds.outpatient_days, 0) >= p.min_outpatient
            and date_diff('day', ds.first_outpatient_date, ds.last_outpatient_date) >= p.min_days_apart as by_outpatient,
        p.problem_list_qualifies and coalesce(ds.has_active_problem, false)
            and coalesce(s.last_seen_date >= p.window_start, false) as by_problem_list,
        p.value_key is not null
            and coalesce(vp.value_days, 0) >= p.value_count
            and date_diff('day', vp.first_value_date, vp.last_value_date) >= p.value_days_apart
            and coalesce(age.age_years, 0) >= p.value_min_age as by_value,
        ds.first_evidence_date,
        ds.last_evidence_date,
        vp.first_value_date,
        vp.last_value_date,
        x.exclusion_code,
        coalesce(pe.deceased, false) as is_deceased
    from candidate as c
    join params as p
        on p.condition = c.condition
    left join diagnosis_summary as ds
        on ds.person_id = c.person_id
        and ds.condition = c.condition
    left join value_path as vp
        on vp.person_id = c.person_id
        and vp.condition = c.condition
    left join seen as s
        on s.person_id = c.person_id
    left join excluded as x
        on x.person_id = c.person_id
        and x.condition = c.condition
    left join core.person as pe
        on pe.person_id = c.person_id
    left join measures.shared__age_at_period_end as age
        on age.person_id = c.person_id
        and age.period_key = 'primary'
)

select
    person_id,
    condition,
    (first_diagnosed_date is not null) as is_ever_diagnosed,
    (by_inpatient or by_outpatient or by_problem_list or by_value) as meets_rule,
    (by_inpatient or by_outpatient or by_problem_list or by_value)
        and exclusion_code is null
        and not is_deceased as is_in_registry,
    concat_ws('+',
        case when by_inpatient then 'inpatient' end,
        case when by_outpatient then 'outpatient' end,
        case when by_problem_list then 'problem_list' end,
        case when by_value then 'value' end
    ) as qualified_by,
    case
        when is_deceased then 'deceased'
        when exclusion_code is not null then 'excluding diagnosis ' || exclusion_code
    end as exclusion_reason,
    reference_years,
    window_start as reference_start_date,
    first_diagnosed_date,
    case
        when by_inpatient or by_outpatient or by_problem_list or by_value then
            least(
                case when by_inpatient or by_outpatient or by_problem_list then first_evidence_date end,
                case when by_value then first_value_date end
            )
    end as first_qualifying_date,
    case
        when by_inpatient or by_outpatient or by_problem_list or by_value then
            greatest(
                case when by_inpatient or by_outpatient or by_problem_list then last_evidence_date end,
                case when by_value then last_value_date end
            )
    end as last_qualifying_date,
    qualifying_encounters,
    inpatient_encounters,
    outpatient_days
from evaluated
where first_diagnosed_date is not null
   or by_inpatient or by_outpatient or by_problem_list or by_value
