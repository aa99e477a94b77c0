-- admin_accounts: every dashboard account with its role, providers and whether it is enabled.
-- Grain: one row per account.
select
    a.name,
    a.role,
    a.created_at,
    a.disabled_at,
    coalesce((select string_agg(p.provider, ', ' order by p.provider)
              from meta.account_provider as p where p.account = a.name), '') as providers
from meta.account as a
order by a.name
