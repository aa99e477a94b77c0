-- Start a session: token hash, account, CSRF token, created, expires.
insert into meta.session (token_hash, account, csrf_token, created_at, expires_at) values (?, ?, ?, ?, ?)
