-- End a session, and any that have expired.
delete from meta.session where token_hash = ? or expires_at <= ?
