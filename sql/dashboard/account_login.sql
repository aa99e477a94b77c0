-- The password hash and role of an enabled account, for login.
select password_hash, role from meta.account where name = ? and disabled_at is null
