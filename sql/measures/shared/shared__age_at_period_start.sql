-- measures.shared__age_at_period_start: each person's age on the first day of each period.
-- Grain: period_key x person_id.
-- Implements CQL AgeInYearsAt(date from start of "Measurement Period"): whole years between
-- the birth date and the period's first day (a birthday on that day counts). Persons without a
-- birth date have a null age and so fail every age test.
select
    mp.period_key,
    p.person_id,
    p.birth_date,
    p.gender,
    extract(year from mp.period_start) - extract(year from p.birth_date)
        - case
            when extract(month from mp.period_start) < extract(month from p.birth_date)
              or (extract(month from mp.period_start) = extract(month from p.birth_date)
                  and extract(day from mp.period_start) < extract(day from p.birth_date))
            then 1
            else 0
          end as age_years
from core.person as p
cross join measures.shared__measurement_period as mp
where p.birth_date is not null
