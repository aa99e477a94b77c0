-- Remove a care coordinator's provider assignments before setting them anew.
delete from meta.account_provider where account = ?
