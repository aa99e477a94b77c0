-- measures.cms138__denominator_exclusion: whether each CMS138 denominator person is excluded.
-- Grain: period_key x group_index x person_id (every person in each group's denominator).
-- Implements "Denominator Exclusion" (all three groups): Hospice."Has Hospice Services".
select
    d.period_key,
    d.group_index,
    d.person_id,
    h.person_id is not null as is_excluded,
    case when h.person_id is not null then 'hospice' end as exclusion_reason,
    h.evidence_date,
    h.evidence_code
from measures.cms138__denominator as d
left join measures.shared__hospice as h
    on h.period_key = d.period_key
    and h.person_id = d.person_id
