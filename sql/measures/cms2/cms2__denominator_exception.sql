-- measures.cms2__denominator_exception: whether each CMS2 denominator person is excepted.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Denominator Exceptions": (exists "Medical or Patient Reason for Not Screening
-- Adolescent for Depression" and not "Has Adolescent Depression Screening") or (the same for
-- adults). A reason for not screening is an Observation coded as the screening with status
-- cancelled whose notDoneReason (core.coding element 'statusReason', from the
-- qicore-notDoneReason extension) is "Depression screening declined (situation)" or in
-- "Medical Reason", issued during a qualifying encounter's period (instant precision, closed).

-- Screenings not done for a medical or patient reason, by kind.
with not_done as (
    select distinct
        qe.period_key,
        qe.person_id,
        case cc.concept
            when 'Adolescent depression screening assessment' then 'adolescent'
            else 'adult'
        end as kind,
        cast(o.issued as date) as evidence_date,
        cc.code as evidence_code
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
    join measures.cms2__qualifying_encounter as qe
        on qe.person_id = pr.person_id
        and o.issued >= qe.period_start
        and o.issued <= qe.period_end
    where o.status = 'cancelled'
        and (
            exists (
                select 1 from measures.shared__coding_concept as rc
                where rc.provider = o.provider and rc.resource_type = 'Observation' and rc.id = o.id
                  and rc.element = 'statusReason' and rc.concept = 'Depression screening declined (situation)'
            )
            or exists (
                select 1 from measures.shared__coding_valueset as rv
                where rv.provider = o.provider and rv.resource_type = 'Observation' and rv.id = o.id
                  and rv.element = 'statusReason'
                  and rv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.526.3.1007' -- Medical Reason
            )
        )
),

-- ... for a kind with no counting screening.
excepted as (
    select
        nd.period_key,
        nd.person_id,
        max(nd.evidence_date) as evidence_date,
        arg_max(nd.evidence_code, case when nd.evidence_date is not null then (nd.evidence_date, nd.evidence_code) end) as evidence_code
    from not_done as nd
    where not exists (
        select 1 from measures.cms2__depression_screening as s
        where s.period_key = nd.period_key and s.person_id = nd.person_id and s.kind = nd.kind
    )
    group by nd.period_key, nd.person_id
)

select
    d.period_key,
    d.person_id,
    e.person_id is not null as is_excepted,
    case when e.person_id is not null then 'screening not done: medical or patient reason' end as exception_reason,
    e.evidence_date,
    e.evidence_code
from measures.cms2__denominator as d
left join excepted as e
    on e.period_key = d.period_key
    and e.person_id = d.person_id
