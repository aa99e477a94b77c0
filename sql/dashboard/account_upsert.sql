-- Create an account, or reset its role and password: name, role, password hash, created at.
insert or replace into meta.account (name, role, password_hash, created_at) values (?, ?, ?, ?)
