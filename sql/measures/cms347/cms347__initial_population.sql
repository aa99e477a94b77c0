-- measures.cms347__initial_population: persons in each CMS347 initial population.
-- Grain: period_key x group_index x person_id (only persons in that group's initial population).
-- Implements StatinTherapyforthePreventionandTreatmentofCardiovascularDiseaseFHIR 0.2.000
-- "Initial Population 1" .. "Initial Population 4" (group_index 0 .. 3, Measure.group order),
-- each requiring a "Qualifying Encounter during day of Measurement Period":
--   1: ASCVD diagnosis or procedure, or a subsequent NSTEMI, before the end of the period (any age);
--   2: aged 20-75 at the start of the period, LDL-C >= 190 mg/dL or familial
--      hypercholesterolemia, and no ASCVD diagnosis or procedure;
--   3: aged 40-75 at the start of the period, diabetes, and none of ASCVD diagnosis or
--      procedure, LDL-C >= 190 mg/dL, familial hypercholesterolemia;
--   4: aged 40-75 at the start of the period, 10-year CVD risk >= 20 %, and none of ASCVD
--      diagnosis or procedure, familial hypercholesterolemia, LDL-C >= 190 mg/dL, diabetes.
-- The subsequent NSTEMI ("Myocardial Infarction before End of Measurement Period") qualifies
-- for group 1 only: groups 2-4 rule out "ASVCD Diagnosis or Procedure" alone, as the CQL does.

-- At least one qualifying encounter in the period (encounters of a person sharing their start
-- and end days are one for this question).
with encounter_days as (
    select distinct
        person_id,
        cast(period_start as date) as start_date,
        cast(period_end as date) as end_date
    from measures.cms347__qualifying_encounter
    where period_start is not null
        and period_end is not null
),

encountered as (
    select distinct
        mp.period_key,
        ed.person_id
    from encounter_days as ed
    join measures.shared__measurement_period as mp
        on ed.start_date >= mp.period_start
        and ed.end_date <= mp.period_end
),

-- The criteria each person meets, as flags.
criteria as (
    select
        period_key,
        person_id,
        bool_or(criterion = 'ascvd') as has_ascvd,
        bool_or(criterion = 'subsequent_mi') as has_subsequent_mi,
        bool_or(criterion = 'ldl_190') as has_ldl_190,
        bool_or(criterion = 'hypercholesterolemia') as has_hypercholesterolemia,
        bool_or(criterion = 'diabetes') as has_diabetes,
        bool_or(criterion = 'high_cvd_risk') as has_high_cvd_risk
    from measures.cms347__risk_criteria
    group by period_key, person_id
),

-- Persons with a qualifying encounter and at least one criterion, with their age at the start
-- of the period (shared__age_at_period_start; null without a birth date, failing every age test).
candidate as (
    select
        e.period_key,
        e.person_id,
        a.age_years as age_at_start,
        rc.has_ascvd,
        rc.has_subsequent_mi,
        rc.has_ldl_190,
        rc.has_hypercholesterolemia,
        rc.has_diabetes,
        rc.has_high_cvd_risk
    from encountered as e
    join criteria as rc
        on rc.period_key = e.period_key
        and rc.person_id = e.person_id
    left join measures.shared__age_at_period_start as a
        on a.period_key = e.period_key
        and a.person_id = e.person_id
),

-- Each group's rule.
grouped as (
    select
        period_key,
        person_id,
        age_at_start,
        has_ascvd or has_subsequent_mi as is_group_1,
        coalesce(age_at_start between 20 and 75, false)
            and (has_ldl_190 or has_hypercholesterolemia)
            and not has_ascvd as is_group_2,
        coalesce(age_at_start between 40 and 75, false)
            and has_diabetes
            and not (has_ascvd or has_ldl_190 or has_hypercholesterolemia) as is_group_3,
        coalesce(age_at_start between 40 and 75, false)
            and has_high_cvd_risk
            and not (has_ascvd or has_hypercholesterolemia or has_ldl_190 or has_diabetes) as is_group_4
    from candidate
)

select period_key, 0 as group_index, person_id, age_at_start from grouped where is_group_1
union all
select period_key, 1 as group_index, person_id, age_at_start from grouped where is_group_2
union all
select period_key, 2 as group_index, person_id, age_at_start from grouped where is_group_3
union all
select period_key, 3 as group_index, person_id, age_at_start from grouped where is_group_4
