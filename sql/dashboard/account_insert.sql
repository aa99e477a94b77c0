-- Create an account: name, role, password hash, created at.
insert into meta.account (name, role, password_hash, created_at) values (?, ?, ?, ?)
