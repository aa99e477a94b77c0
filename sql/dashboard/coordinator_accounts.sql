-- coordinator_accounts: the enabled care-coordinator accounts gaps can be assigned to.
-- Grain: one row per account.
select name
from meta.account
where role = 'care_coordinator'
    and disabled_at is null
order by name
