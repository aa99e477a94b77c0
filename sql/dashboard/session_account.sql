-- The live session of a token hash with its enabled account, assigned providers
-- (comma-separated; provider ids cannot contain commas) and when the session expires (the
-- dashboard reuses a lookup for a few seconds, never past expires_at).
select a.name, a.role, s.csrf_token,
       coalesce((select string_agg(p.provider, ',' order by p.provider)
                 from meta.account_provider as p where p.account = a.name), ''),
       s.expires_at
from meta.session as s
join meta.account as a on a.name = s.account
where s.token_hash = ? and s.expires_at > ? and a.disabled_at is null
