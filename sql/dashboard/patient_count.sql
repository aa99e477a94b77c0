-- patient_count: how many people are in one population of one measure group in the primary
-- period of a compute run, for the patient list's pagination.
-- Populations: initial-population, denominator, denominator-exclusion, denominator-exception,
-- numerator, not-met (eligible: in the denominator, not excluded or excepted, not in the
-- numerator).
-- Grain: one row. Parameters: run_id, measure, group_index, population.
select count(*) as people
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
