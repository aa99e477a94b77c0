-- measures.evidence: for each patient and population, the evidence that put them there or
-- kept them out (date, code, value, reason), primary period only.
-- Grain: measure x group_index x person_id x population x evidence item.
-- Published: kept in the warehouse after the build, for the run history and the patient lists.
-- The union of the evidence sources; a measure adds its own relation (same columns) with one
-- `union all` line here (docs/measures.md "Evidence").
select
    period_key, measure, group_index, person_id, population, is_in_population,
    evidence_date, code_system, code, display, value, reason
from measures.evidence__result
union all
select
    period_key, measure, group_index, person_id, population, is_in_population,
    evidence_date, code_system, code, display, value, reason
from measures.evidence__qualifying_encounter
union all
select
    period_key, measure, group_index, person_id, population, is_in_population,
    evidence_date, code_system, code, display, value, reason
from measures.cms347__evidence
union all
select
    period_key, measure, group_index, person_id, population, is_in_population,
    evidence_date, code_system, code, display, value, reason
from measures.cms117__evidence
union all
select
    period_key, measure, group_index, person_id, population, is_in_population,
    evidence_date, code_system, code, display, value, reason
from measures.cms131__evidence
