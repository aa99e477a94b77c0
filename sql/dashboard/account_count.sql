-- How many accounts have this name (0 or 1).
select count(*) from meta.account where name = ?
