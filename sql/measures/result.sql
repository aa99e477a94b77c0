-- measures.result: every measure's patient-level result for every period of the build.
-- Grain: period_key x measure x group_index x person_id.
-- The union of each measure's result relation; the columns are the contract the runner, the
-- CSV writer and the history tables rely on. Not published: the run history
-- (measures.result_history) keeps every run's rows, which is what reports read.
select
    period_key, measure, group_index, person_id, initial_population, denominator,
    denominator_exclusion, denominator_exception, numerator, exclusion_reason,
    evidence_date, evidence_code, evidence_value
from measures.cms122__result
union all
select
    period_key, measure, group_index, person_id, initial_population, denominator,
    denominator_exclusion, denominator_exception, numerator, exclusion_reason,
    evidence_date, evidence_code, evidence_value
from measures.cms165__result
union all
select
    period_key, measure, group_index, person_id, initial_population, denominator,
    denominator_exclusion, denominator_exception, numerator, exclusion_reason,
    evidence_date, evidence_code, evidence_value
from measures.cms125__result
union all
select
    period_key, measure, group_index, person_id, initial_population, denominator,
    denominator_exclusion, denominator_exception, numerator, exclusion_reason,
    evidence_date, evidence_code, evidence_value
from measures.cms131__result
union all
select
    period_key, measure, group_index, person_id, initial_population, denominator,
    denominator_exclusion, denominator_exception, numerator, exclusion_reason,
    evidence_date, evidence_code, evidence_value
from measures.cms347__result
union all
select
    period_key, measure, group_index, person_id, initial_population, denominator,
    denominator_exclusion, denominator_exception, numerator, exclusion_reason,
    evidence_date, evidence_code, evidence_value
from measures.cms117__result
union all
select
    period_key, measure, group_index, person_id, initial_population, denominator,
    denominator_exclusion, denominator_exception, numerator, exclusion_reason,
    evidence_date, evidence_code, evidence_value
from measures.cms124__result
union all
select
    period_key, measure, group_index, person_id, initial_population, denominator,
    denominator_exclusion, denominator_exception, numerator, exclusion_reason,
    evidence_date, evidence_code, evidence_value
from measures.cms130__result
union all
select
    period_key, measure, group_index, person_id, initial_population, denominator,
    denominator_exclusion, denominator_exception, numerator, exclusion_reason,
    evidence_date, evidence_code, evidence_value
from measures.cms138__result
union all
select
    period_key, measure, group_index, person_id, initial_population, denominator,
    denominator_exclusion, denominator_exception, numerator, exclusion_reason,
    evidence_date, evidence_code, evidence_value
from measures.cms2__result
union all
select
    period_key, measure, group_index, person_id, initial_population, denominator,
    denominator_exclusion, denominator_exception, numerator, exclusion_reason,
    evidence_date, evidence_code, evidence_value
from measures.cms69__result
