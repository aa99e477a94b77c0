-- measures.cms117__numerator: whether each CMS117 denominator person had every vaccine series
-- (or a condition that stands in for it) by the second birthday.
-- Grain: period_key x person_id (every person in the denominator).
-- Implements "Numerator": the conjunction, per vaccine, of its doses or its "Numerator
-- Inclusion Conditions" (measures.cms117__vaccination, measures.cms117__condition):
--   DTaP        "Four DTaP Vaccinations" (4 distinct days from 42 days to the 2nd birthday)
--   IPV         "Three Polio Vaccinations"
--   MMR         "One MMR Vaccination" (between the 1st and 2nd birthday), or measles, mumps
--               and rubella "Indicators" all three
--   Hib         "Has Appropriate Number of Hib Immunizations": with any 4-dose-schedule dose,
--               4 distinct days of 3- or 4-dose doses; else 3
--   HepB        "Three Hepatitis B Vaccinations" (birth to 2nd birthday), or "Meets HepB
--               Vaccination Requirement": 2 distinct HepB days after a newborn (first 7 days)
--               vaccine procedure
--   VZV         "One Chicken Pox Vaccination" (between the 1st and 2nd birthday)
--   PCV         "Four Pneumococcal Conjugate Vaccinations"
--   HepA        "One Hepatitis A Vaccinations" (between the 1st and 2nd birthday)
--   RV          "Has Appropriate Number of Rotavirus Immunizations": with any 3-dose-schedule
--               dose, 3 distinct days of 2- or 3-dose doses; else 2
--   Influenza   "Two Influenza Vaccinations", or "Two Influenza Vaccinations Including One
--               LAIV Vaccination" (an LAIV on the 2nd birthday and any influenza vaccination)
-- "N vaccinations 1 day or more after" one another over a set of days is N distinct days.
-- The doses and conditions depend on the birth date only, so each child is evaluated once and
-- the result joined to every period the child is in the denominator of. is_numerator is the
-- CQL value before the reporting convention (excluded persons are reported outside the
-- numerator in the result).

-- The earliest newborn vaccine procedure of each child (the HepB alternative needs two HepB
-- days after one).
with newborn as (
    select
        person_id,
        min(dose_date) as newborn_date
    from measures.cms117__vaccination
    where series = 'hepb_newborn'
    group by person_id
),

-- Distinct dose days per vaccine (a vaccination row is one day of one series; days of the two
-- Hib and the two rotavirus schedules are counted once), and the latest dose for the evidence.
doses as (
    select
        v.person_id,
        count(*) filter (where v.series = 'dtap') as dtap,
        count(*) filter (where v.series = 'polio') as polio,
        count(*) filter (where v.series = 'mmr') as mmr,
        count(distinct v.dose_date) filter (where v.series in ('hib_3_dose', 'hib_4_dose')) as hib,
        count(*) filter (where v.series = 'hib_4_dose') > 0 as has_hib_4_dose,
        count(*) filter (where v.series = 'hepb') as hepb,
        count(*) filter (where v.series = 'hepb' and v.dose_date > n.newborn_date)
            as hepb_after_newborn,
        count(*) filter (where v.series = 'vzv') as vzv,
        count(*) filter (where v.series = 'pcv') as pcv,
        count(*) filter (where v.series = 'hepa') as hepa,
        count(distinct v.dose_date) filter (where v.series in ('rotavirus_2_dose', 'rotavirus_3_dose')) as rotavirus,
        count(*) filter (where v.series = 'rotavirus_3_dose') > 0 as has_rotavirus_3_dose,
        count(*) filter (where v.series = 'influenza') as influenza,
        count(*) filter (where v.series = 'laiv') > 0 as has_laiv,
        max(v.dose_date) filter (where v.series <> 'hepb_newborn') as latest_dose_date,
        arg_max(v.code, case when v.dose_date is not null then (v.dose_date, v.code) end) filter (where v.series <> 'hepb_newborn') as latest_dose_code
    from measures.cms117__vaccination as v
    left join newborn as n
        on n.person_id = v.person_id
    group by v.person_id
),

-- The conditions that stand in for a vaccine, per child.
conditions as (
    select
        person_id,
        bool_or(indicator = 'dtap') as dtap,
        bool_or(indicator = 'polio') as polio,
        bool_or(indicator = 'mmr') as mmr,
        bool_or(indicator = 'measles') as measles,
        bool_or(indicator = 'mumps') as mumps,
        bool_or(indicator = 'rubella') as rubella,
        bool_or(indicator = 'hib') as hib,
        bool_or(indicator = 'hepb') as hepb,
        bool_or(indicator = 'vzv') as vzv,
        bool_or(indicator = 'pcv') as pcv,
        bool_or(indicator = 'hepa') as hepa,
        bool_or(indicator = 'rotavirus') as rotavirus,
        bool_or(indicator = 'influenza') as influenza
    from measures.cms117__condition
    group by person_id
),

-- Each child: dose counts, and whether each vaccine is met.
child as (
    select
        ch.person_id,
        coalesce(d.dtap, 0) as dtap_doses,
        coalesce(d.polio, 0) as polio_doses,
        coalesce(d.mmr, 0) as mmr_doses,
        coalesce(d.hib, 0) as hib_doses,
        case when coalesce(d.has_hib_4_dose, false) then 4 else 3 end as hib_needed,
        coalesce(d.hepb, 0) as hepb_doses,
        coalesce(d.vzv, 0) as vzv_doses,
        coalesce(d.pcv, 0) as pcv_doses,
        coalesce(d.hepa, 0) as hepa_doses,
        coalesce(d.rotavirus, 0) as rotavirus_doses,
        case when coalesce(d.has_rotavirus_3_dose, false) then 3 else 2 end as rotavirus_needed,
        coalesce(d.influenza, 0) as influenza_doses,
        coalesce(d.dtap, 0) >= 4 or coalesce(c.dtap, false) as is_dtap_met,
        coalesce(d.polio, 0) >= 3 or coalesce(c.polio, false) as is_polio_met,
        coalesce(d.mmr, 0) >= 1 or coalesce(c.mmr, false)
            or coalesce(c.measles and c.mumps and c.rubella, false) as is_mmr_met,
        coalesce(d.hib, 0) >= case when coalesce(d.has_hib_4_dose, false) then 4 else 3 end
            or coalesce(c.hib, false) as is_hib_met,
        coalesce(d.hepb, 0) >= 3 or coalesce(d.hepb_after_newborn, 0) >= 2
            or coalesce(c.hepb, false) as is_hepb_met,
        coalesce(d.vzv, 0) >= 1 or coalesce(c.vzv, false) as is_vzv_met,
        coalesce(d.pcv, 0) >= 4 or coalesce(c.pcv, false) as is_pcv_met,
        coalesce(d.hepa, 0) >= 1 or coalesce(c.hepa, false) as is_hepa_met,
        coalesce(d.rotavirus, 0) >= case when coalesce(d.has_rotavirus_3_dose, false) then 3 else 2 end
            or coalesce(c.rotavirus, false) as is_rotavirus_met,
        coalesce(d.influenza, 0) >= 2 or (coalesce(d.has_laiv, false) and coalesce(d.influenza, 0) >= 1)
            or coalesce(c.influenza, false) as is_influenza_met,
        d.latest_dose_date,
        d.latest_dose_code
    from (select distinct person_id from measures.cms117__denominator) as ch
    left join doses as d
        on d.person_id = ch.person_id
    left join conditions as c
        on c.person_id = ch.person_id
),

-- Whether all ten are met, and the vaccines still missing (doses given / needed).
assessed as (
    select
        person_id,
        is_dtap_met and is_polio_met and is_mmr_met and is_hib_met and is_hepb_met
            and is_vzv_met and is_pcv_met and is_hepa_met and is_rotavirus_met
            and is_influenza_met as is_numerator,
        concat_ws(', ',
            case when not is_dtap_met then 'DTaP ' || dtap_doses || '/4' end,
            case when not is_polio_met then 'IPV ' || polio_doses || '/3' end,
            case when not is_mmr_met then 'MMR ' || mmr_doses || '/1' end,
            case when not is_hib_met then 'Hib ' || hib_doses || '/' || hib_needed end,
            case when not is_hepb_met then 'HepB ' || hepb_doses || '/3' end,
            case when not is_vzv_met then 'VZV ' || vzv_doses || '/1' end,
            case when not is_pcv_met then 'PCV ' || pcv_doses || '/4' end,
            case when not is_hepa_met then 'HepA ' || hepa_doses || '/1' end,
            case when not is_rotavirus_met then 'RV ' || rotavirus_doses || '/' || rotavirus_needed end,
            case when not is_influenza_met then 'influenza ' || influenza_doses || '/2' end
        ) as missing,
        latest_dose_date,
        latest_dose_code,
        is_dtap_met, is_polio_met, is_mmr_met, is_hib_met, is_hepb_met,
        is_vzv_met, is_pcv_met, is_hepa_met, is_rotavirus_met, is_influenza_met,
        dtap_doses, polio_doses, mmr_doses, hib_doses, hib_needed, hepb_doses,
        vzv_doses, pcv_doses, hepa_doses, rotavirus_doses, rotavirus_needed, influenza_doses
    from child
)

select
    d.period_key,
    d.person_id,
    a.is_numerator,
    a.latest_dose_date as evidence_date,
    a.latest_dose_code as evidence_code,
    case
        when a.is_numerator then 'every vaccine series complete (doses or a condition that stands in)'
        when a.latest_dose_date is null then 'no result in period'
        else 'missing: ' || a.missing
    end as evidence_value,
    -- per vaccine, for measures.cms117__evidence
    a.is_dtap_met, a.is_polio_met, a.is_mmr_met, a.is_hib_met, a.is_hepb_met,
    a.is_vzv_met, a.is_pcv_met, a.is_hepa_met, a.is_rotavirus_met, a.is_influenza_met,
    a.dtap_doses, a.polio_doses, a.mmr_doses, a.hib_doses, a.hib_needed, a.hepb_doses,
    a.vzv_doses, a.pcv_doses, a.hepa_doses, a.rotavirus_doses, a.rotavirus_needed, a.influenza_doses
from measures.cms117__denominator as d
join assessed as a
    on a.person_id = d.person_id
