-- account_disable: disables an account (it can no longer sign in) and ends its sessions.
-- Parameters: disabled_at, name.
update meta.account set disabled_at = ? where name = ? and disabled_at is null
