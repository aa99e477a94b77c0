-- measures.cms131__denominator_exclusion: whether each CMS131 denominator person is excluded.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Denominator Exclusions": Hospice."Has Hospice Services"
--   or AIFrailLTCF."Is Age 66 or Older with Advanced Illness and Frailty"
--   or AIFrailLTCF."Is Age 66 or Older Living Long Term in a Nursing Home"
--   or PalliativeCare."Has Palliative Care in the Measurement Period".
-- The reason reported is the first that holds, in that order.

-- The exclusions that hold for each denominator person.
with exclusion as (
    select
        d.period_key,
        d.person_id,
        h.person_id is not null as has_hospice,
        coalesce(aif.is_66_plus_with_ai_and_frailty, false) as has_advanced_illness_and_frailty,
        nh.person_id is not null as is_in_nursing_home,
        pc.person_id is not null as has_palliative_care,
        h.evidence_date as hospice_date,
        h.evidence_code as hospice_code,
        aif.evidence_date as frailty_date,
        aif.evidence_code as frailty_code,
        nh.evidence_date as nursing_home_date,
        nh.evidence_code as nursing_home_code,
        pc.evidence_date as palliative_date,
        pc.evidence_code as palliative_code
    from measures.cms131__denominator as d
    left join measures.shared__hospice as h
        on h.period_key = d.period_key
        and h.person_id = d.person_id
    left join measures.shared__advanced_illness_frailty as aif
        on aif.period_key = d.period_key
        and aif.person_id = d.person_id
    left join measures.shared__nursing_home as nh
        on nh.period_key = d.period_key
        and nh.person_id = d.person_id
    left join measures.shared__palliative_care as pc
        on pc.period_key = d.period_key
        and pc.person_id = d.person_id
)

select
    period_key,
    person_id,
    (has_hospice or has_advanced_illness_and_frailty or is_in_nursing_home or has_palliative_care)
        as is_excluded,
    case
        when has_hospice then 'hospice'
        when has_advanced_illness_and_frailty then 'advanced illness and frailty'
        when is_in_nursing_home then 'nursing home'
        when has_palliative_care then 'palliative care'
    end as exclusion_reason,
    case
        when has_hospice then hospice_date
        when has_advanced_illness_and_frailty then frailty_date
        when is_in_nursing_home then nursing_home_date
        when has_palliative_care then palliative_date
    end as evidence_date,
    case
        when has_hospice then hospice_code
        when has_advanced_illness_and_frailty then frailty_code
        when is_in_nursing_home then nursing_home_code
        when has_palliative_care then palliative_code
    end as evidence_code
from exclusion
