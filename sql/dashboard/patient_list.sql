-- patient_list: the people in one population of one measure group (see patient_count) with
-- their populations and the evidence behind them: the result's evidence and exclusion reason
-- (measures.result_history) and every evidence item of measures.evidence_history, joined into
-- one line. Pseudonymous ids only. The CSV export reads it whole (a limit above the count).
-- Grain: one row per person. Parameters: run_id, measure, group_index, population, limit,
-- offset, run_id, measure, group_index.
with listed as (
    select
        person_id, provider, patient_id, initial_population, denominator,
        denominator_exclusion, denominator_exception, numerator, exclusion_reason,
        evidence_date, evidence_code, evidence_value
    from measures.result_history
    where run_id = ?
      and period_key = 'primary'
      and measure = ?
      and group_index = ?
      and case ?
          when 'initial-population' then initial_population
          when 'denominator' then denominator
          when 'denominator-exclusion' then coalesce(denominator_exclusion, false)
          when 'denominator-exception' then coalesce(denominator_exception, false)
          when 'numerator' then numerator
          when 'not-met' then denominator
              and not coalesce(denominator_exclusion, false)
              and not coalesce(denominator_exception, false)
              and not numerator
          else false
      end
    order by provider, patient_id, person_id
    limit ? offset ?
),

-- Evidence items of the listed people, one line each: population, what, value, date, reason.
evidence as (
    select
        e.person_id,
        string_agg(
            e.population
            || case when e.is_in_population then ': ' else ' (not met): ' end
            || coalesce(nullif(e.display, ''), e.code, 'record')
            || coalesce(' [' || e.code || ']', '')
            || coalesce(' = ' || nullif(e.value, ''), '')
            || coalesce(' on ' || strftime(e.evidence_date, '%Y-%m-%d'), '')
            || coalesce(' (' || nullif(e.reason, '') || ')', ''),
            '; '
            order by e.population, e.evidence_date, e.code
        ) as evidence_items
    from measures.evidence_history as e
    join listed as l on l.person_id = e.person_id
    where e.run_id = ?
      and e.measure = ?
      and e.group_index = ?
    group by e.person_id
)

select
    l.person_id,
    coalesce(l.provider, '') as provider,
    coalesce(l.patient_id, '') as patient_id,
    l.initial_population,
    l.denominator,
    coalesce(l.denominator_exclusion, false) as denominator_exclusion,
    coalesce(l.denominator_exception, false) as denominator_exception,
    l.numerator,
    coalesce(l.exclusion_reason, '') as exclusion_reason,
    l.evidence_date,
    coalesce(l.evidence_code, '') as evidence_code,
    coalesce(l.evidence_value, '') as evidence_value,
    coalesce(e.evidence_items, '') as evidence_items
from listed as l
left join evidence as e on e.person_id = l.person_id
order by l.provider, l.patient_id, l.person_id
