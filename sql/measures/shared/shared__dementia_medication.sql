-- measures.shared__dementia_medication: persons with an active dementia medication order whose
-- request period overlaps the year before or the period itself.
-- Grain: period_key x person_id (only persons with such an order).
-- Implements AdvancedIllnessandFrailty 1.16.000 "Has Dementia Medications in Year Before or
-- During Measurement Period" with CumulativeMedicationDuration 4.1.000 medicationRequestPeriod().
-- The retrieve [MedicationRequest: medication in "Dementia Medications"] filters on
-- medicationCodeableConcept only: a medicationReference is not a concept, so it does not match
-- (test case DENEXPass DementiaMedAsReferenceCQLIT412 expects exactly that, CQLIT-412).

-- Active orders (status active, intent order) for a medication in "Dementia Medications".
with dementia_order as (
    select distinct
        m.provider,
        m.id,
        pr.person_id,
        cv.code,
        m.authored_on,
        m.bounds_start,
        m.bounds_end,
        m.validity_start,
        coalesce(m.frequency_max, m.frequency) as frequency,
        m.period,
        m.period_unit,
        m.time_of_day_count,
        m.dose_value,
        m.supply_duration_value,
        m.supply_duration_unit,
        m.dispense_quantity,
        coalesce(m.refills, 0) as refills
    from core.medication_request as m
    join core.person_record as pr
        on pr.provider = m.provider
        and pr.patient_id = m.patient_id
    join measures.shared__status_rule as sr
        on sr.rule = 'medication_active'
        and sr.status = m.status
    join measures.shared__coding_valueset as cv
        on cv.provider = m.provider
        and cv.resource_type = 'MedicationRequest'
        and cv.id = m.id
        and cv.element = 'medication'
        and cv.url = 'http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113883.3.464.1003.196.12.1510' -- Dementia Medications
    where m.intent = 'order'
),

-- medicationRequestPeriod(): doses per day from frequency/period (ToDaily), else the count of
-- timeOfDay entries (0 when none, so a division by it yields null as in CQL); days supplied
-- from expectedSupplyDuration converted to days, else quantity / (dose x doses per day), times
-- (1 + refills). Start is the first of boundsPeriod start, authoredOn, validityPeriod start.
supply as (
    select
        provider,
        id,
        person_id,
        code,
        bounds_end,
        coalesce(cast(bounds_start as date), cast(authored_on as date), cast(validity_start as date)) as start_date,
        case
            when supply_duration_unit in ('d', 'day', 'days') then supply_duration_value
            when supply_duration_unit in ('wk', 'week', 'weeks') then supply_duration_value * 7
            when supply_duration_unit in ('h', 'hour', 'hours') then supply_duration_value / 24
            when supply_duration_unit in ('min', 'minute', 'minutes') then supply_duration_value / 1440
            when supply_duration_unit in ('mo', 'month', 'months') then supply_duration_value * 30
            when supply_duration_unit in ('a', 'year', 'years') then supply_duration_value * 365
        end as days_supply,
        coalesce(
            case
                when period_unit in ('h', 'hour', 'hours') then frequency * (24.0 / period)
                when period_unit in ('min', 'minute', 'minutes') then frequency * (24.0 / period) * 60
                when period_unit in ('s', 'second', 'seconds') then frequency * (24.0 / period) * 3600
                when period_unit in ('d', 'day', 'days') then frequency * (24.0 / period) / 24
                when period_unit in ('wk', 'week', 'weeks') then frequency * (24.0 / period) / (24 * 7)
                when period_unit in ('mo', 'month', 'months') then frequency * (24.0 / period) / (24 * 30)
                when period_unit in ('a', 'year', 'years') then frequency * (24.0 / period) / (24 * 365)
            end,
            coalesce(time_of_day_count, 0)
        ) as doses_per_day,
        dose_value,
        dispense_quantity,
        refills
    from dementia_order
),

-- The request period: [start, start + days supplied - 1 day], else [start, end of boundsPeriod],
-- else none (an order without a start or a duration never overlaps).
request_period as (
    select
        person_id,
        code,
        start_date,
        case
            when start_date is not null and total_days is not null
                then cast(start_date + to_days(cast(floor(total_days - 1) as integer)) as date)
            when start_date is not null and bounds_end is not null
                then cast(bounds_end as date)
        end as end_date
    from (
        select
            person_id,
            code,
            start_date,
            bounds_end,
            coalesce(days_supply, dispense_quantity / nullif(dose_value * doses_per_day, 0)) * (1 + refills) as total_days
        from supply
    ) as s
)

-- The request period overlaps day of [start of period - 1 year, end of period].
select
    mp.period_key,
    rp.person_id,
    max(rp.start_date) as evidence_date,
    arg_max(rp.code, case when rp.start_date is not null then (rp.start_date, rp.code) end) as evidence_code
from request_period as rp
join measures.shared__measurement_period as mp
    on rp.start_date <= mp.period_end
    and rp.end_date >= cast(mp.period_start - interval 1 year as date)
group by mp.period_key, rp.person_id
