-- measures.cms2__depression_screening: the depression screenings that count for CMS2, and
-- which of them is the most recent of its kind.
-- Grain: period_key x kind x provider x observation id (kind: 'adolescent' or 'adult').
-- Implements "Has Adolescent Depression Screening", "Has Adult Depression Screening", "Most
-- Recent Adolescent Depression Screening" and "Most Recent Adult Depression Screening": an
-- Observation coded "Adolescent depression screening assessment" (or "Adult ..."), status
-- final, with a value, whose effective interval ends 14 days or less on or before day of the
-- start of a qualifying encounter. The most recent is the Last sorted by the start of the
-- effective interval (ties, left in source order by the CQL, are broken by provider and id).

-- Screenings of both kinds with a value and status final.
with screening as (
    select distinct
        pr.person_id,
        o.provider,
        o.id,
        case cc.concept
            when 'Adolescent depression screening assessment' then 'adolescent'
            else 'adult'
        end as kind,
        cc.code,
        o.effective_start,
        o.effective_end
    from core.observation as o
    join core.person_record as pr
        on pr.provider = o.provider
        and pr.patient_id = o.patient_id
    join measures.shared__coding_concept as cc
        on cc.provider = o.provider
        and cc.resource_type = 'Observation'
        and cc.id = o.id
        and cc.element = 'code'
        and cc.concept in ('Adolescent depression screening assessment', 'Adult depression screening assessment')
    where o.status = 'final'
        and o.value_type is not null
),

-- Whether each screening's answer is negative or positive (once per screening, before the
-- screenings are paired with periods).
answered as (
    select
        s.*,
        exists (
            select 1 from measures.shared__coding_concept as vc
            where vc.provider = s.provider and vc.resource_type = 'Observation' and vc.id = s.id
              and vc.element = 'value' and vc.concept = 'Depression screening negative (finding)'
        ) as is_negative,
        exists (
            select 1 from measures.shared__coding_concept as vc
            where vc.provider = s.provider and vc.resource_type = 'Observation' and vc.id = s.id
              and vc.element = 'value' and vc.concept = 'Depression screening positive (finding)'
        ) as is_positive
    from screening as s
),

-- ... ending 14 days or less on or before day of the start of a qualifying encounter.
qualifying as (
    select distinct
        qe.period_key,
        s.person_id,
        s.provider,
        s.id,
        s.kind,
        s.code,
        s.effective_start,
        s.effective_end,
        s.is_negative,
        s.is_positive
    from answered as s
    join measures.cms2__qualifying_encounter as qe
        on qe.person_id = s.person_id
        and cast(s.effective_end as date)
            between cast(qe.period_start as date) - 14 and cast(qe.period_start as date)
)

select
    q.period_key,
    q.kind,
    q.person_id,
    q.provider,
    q.id,
    q.code,
    q.effective_start,
    q.effective_end,
    row_number() over (
        partition by q.period_key, q.person_id, q.kind
        order by q.effective_start desc nulls last, q.provider desc, q.id desc
    ) = 1 as is_most_recent,
    q.is_negative,
    q.is_positive
from qualifying as q
