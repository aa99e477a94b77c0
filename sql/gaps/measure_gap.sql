-- gaps.measure_gap: the measure care gaps of the primary measurement period.
-- Grain: person_id x measure x group_index (primary period only).
-- A gap is a person in the denominator, neither excluded nor excepted, whose result is the
-- unwanted one: outside the numerator for a measure where higher is better, inside it for an
-- inverse measure (measures.catalog.improvement = 'decrease', e.g. CMS122). Driven only by
-- measures.result and measures.catalog, so every new measure gets its gaps without a change
-- here; its wording is ref.gap_wording.
with open_gap as (
    select
        r.period_key,
        r.measure,
        r.group_index,
        r.person_id,
        r.evidence_date,
        r.evidence_code,
        r.evidence_value
    from measures.result as r
    join measures.shared__measurement_period as mp
        on mp.period_key = r.period_key
    join measures.catalog as c
        on c.measure = r.measure
        and c.group_index = r.group_index
    where mp.is_primary
        and r.denominator
        and not coalesce(r.denominator_exclusion, false)
        and not coalesce(r.denominator_exception, false)
        and case
            when c.improvement = 'decrease' then r.numerator
            else not r.numerator
        end
)

select
    g.person_id,
    g.measure,
    g.group_index,
    case when g.group_index = 0 then 'not_met' else 'not_met_group_' || g.group_index end as gap_kind,
    mp.period_start,
    mp.period_end,
    w.gap,
    w.action,
    g.evidence_date,
    g.evidence_code,
    coalesce(g.evidence_value, 'no result in period') as evidence_value,
    -- the measure is met if done by the end of its period
    mp.period_end as due_date,
    2 as base_priority
from open_gap as g
join measures.shared__measurement_period as mp
    on mp.period_key = g.period_key
-- What to tell the care team: ref.gap_wording, per measure group, with and without a result.
left join ref.gap_wording as w
    on w.measure = g.measure
    and w.group_index = g.group_index
    and w.has_result = (g.evidence_date is not null)
