-- account_sessions_delete: ends every session of an account. Parameter: name.
delete from meta.session where account = ?
