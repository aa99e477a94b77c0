-- conformance_code_system: codes must name a code system Populace knows
-- (ref.known_code_system); a code without a system matches no value set.
with codings as (
    select
        c.system,
        c.system is not null and exists (
            select 1 from ref.known_code_system as k where k.system = c.system
        ) as is_known
    from core.coding as c
    join quality_scope as s on s.provider = c.provider
    where c.code is not null
),

counts as (
    select
        count(*) as total,
        count(*) filter (where system is null) as without_system,
        count(*) filter (where not is_known) as unknown
    from codings
)

select
    'conformance_code_system' as check_name,
    'conformance' as category,
    case
        when without_system >= 0.5 * total then 'error'
        when without_system > 0 or unknown > 0.2 * total then 'warning'
        else 'info'
    end as severity,
    (total - unknown) / total as measured,
    case when without_system >= 0.5 * total then 0.5 else 0.8 end as threshold,
    printf('%d of %d codes (%.1f%%) use a known code system; %d have no system',
        total - unknown, total, 100.0 * (total - unknown) / total, without_system) as message
from counts
where total > 0
