-- measures.shared__medication_request_period: the period each MedicationRequest covers.
-- Grain: provider x medication request id (every MedicationRequest of a person).
-- Implements CumulativeMedicationDuration 4.1.000 medicationRequestPeriod(): doses per day
-- from frequency/period (ToDaily), else the count of timeOfDay entries (0 when none, so the
-- division below yields null, as Count() of an empty list does in CQL); days supplied from
-- expectedSupplyDuration converted to days, else quantity / (dose x doses per day), times
-- (1 + refills); start is the first of boundsPeriod start, authoredOn, validityPeriod start.
-- The period is [start, start + days supplied - 1 day], else [start, end of boundsPeriod],
-- else null (start_date or end_date null: the request covers no known period).

-- Each request's supply figures.
with supply as (
    select
        m.provider,
        m.id,
        pr.person_id,
        m.bounds_end,
        coalesce(cast(m.bounds_start as date), cast(m.authored_on as date), cast(m.validity_start as date)) as start_date,
        case
            when m.supply_duration_unit in ('d', 'day', 'days') then m.supply_duration_value
            when m.supply_duration_unit in ('wk', 'week', 'weeks') then m.supply_duration_value * 7
            when m.supply_duration_unit in ('h', 'hour', 'hours') then m.supply_duration_value / 24
            when m.supply_duration_unit in ('min', 'minute', 'minutes') then m.supply_duration_value / 1440
            when m.supply_duration_unit in ('mo', 'month', 'months') then m.supply_duration_value * 30
            when m.supply_duration_unit in ('a', 'year', 'years') then m.supply_duration_value * 365
        end as days_supply,
        coalesce(
            case
                when m.period_unit in ('h', 'hour', 'hours') then coalesce(m.frequency_max, m.frequency) * (24.0 / m.period)
                when m.period_unit in ('min', 'minute', 'minutes') then coalesce(m.frequency_max, m.frequency) * (24.0 / m.period) * 60
                when m.period_unit in ('s', 'second', 'seconds') then coalesce(m.frequency_max, m.frequency) * (24.0 / m.period) * 3600
                when m.period_unit in ('d', 'day', 'days') then coalesce(m.frequency_max, m.frequency) * (24.0 / m.period) / 24
                when m.period_unit in ('wk', 'week', 'weeks') then coalesce(m.frequency_max, m.frequency) * (24.0 / m.period) / (24 * 7)
                when m.period_unit in ('mo', 'month', 'months') then coalesce(m.frequency_max, m.frequency) * (24.0 / m.period) / (24 * 30)
                when m.period_unit in ('a', 'year', 'years') then coalesce(m.frequency_max, m.frequency) * (24.0 / m.period) / (24 * 365)
            end,
            coalesce(m.time_of_day_count, 0)
        ) as doses_per_day,
        m.dose_value,
        m.dispense_quantity,
        coalesce(m.refills, 0) as refills
    from core.medication_request as m
    join core.person_record as pr
        on pr.provider = m.provider
        and pr.patient_id = m.patient_id
),

-- Total days supplied, refills included (null when neither a duration nor a quantity and dose).
total as (
    select
        provider,
        id,
        person_id,
        start_date,
        bounds_end,
        coalesce(days_supply, dispense_quantity / nullif(dose_value * doses_per_day, 0)) * (1 + refills) as total_days
    from supply
)

select
    provider,
    id,
    person_id,
    case when end_date is not null then start_date end as start_date,
    end_date
from (
    select
        provider,
        id,
        person_id,
        start_date,
        case
            when start_date is not null and total_days is not null
                then cast(start_date + to_days(cast(floor(total_days - 1) as integer)) as date)
            when start_date is not null and bounds_end is not null
                then cast(bounds_end as date)
        end as end_date
    from total
) as p
