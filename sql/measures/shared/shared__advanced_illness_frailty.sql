-- measures.shared__advanced_illness_frailty: the advanced-illness-and-frailty exclusion in both
-- variants the measures use.
-- Grain: period_key x person_id (only persons with frailty criteria; both variants need them).
-- Implements AdvancedIllnessandFrailty 1.16.000:
--   "Is Age 66 or Older with Advanced Illness and Frailty" (CMS122) -> is_66_plus_with_ai_and_frailty
--   "Is Age 66 to 80 with Advanced Illness and Frailty or Is Age 81 or Older with Frailty"
--   (CMS165) -> is_66_to_80_with_ai_and_frailty_or_81_plus_with_frailty

-- Frail persons, whether they had advanced illness or dementia medication, and their age.
with frail as (
    select
        f.period_key,
        f.person_id,
        a.age_years,
        (ai.person_id is not null or dm.person_id is not null) as has_advanced_illness,
        f.evidence_date as frailty_date,
        f.evidence_code as frailty_code,
        coalesce(ai.evidence_date, dm.evidence_date) as illness_date,
        coalesce(ai.evidence_code, dm.evidence_code) as illness_code
    from measures.shared__frailty as f
    join measures.shared__age_at_period_end as a
        on a.period_key = f.period_key
        and a.person_id = f.person_id
    left join measures.shared__advanced_illness as ai
        on ai.period_key = f.period_key
        and ai.person_id = f.person_id
    left join measures.shared__dementia_medication as dm
        on dm.period_key = f.period_key
        and dm.person_id = f.person_id
)

select
    period_key,
    person_id,
    age_years,
    has_advanced_illness,
    (age_years >= 66 and has_advanced_illness) as is_66_plus_with_ai_and_frailty,
    ((age_years between 66 and 80 and has_advanced_illness) or age_years >= 81)
        as is_66_to_80_with_ai_and_frailty_or_81_plus_with_frailty,
    -- the illness is the stronger evidence when there is one
    coalesce(illness_date, frailty_date) as evidence_date,
    coalesce(illness_code, frailty_code) as evidence_code
from frail
