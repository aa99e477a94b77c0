-- Assign a provider's worklist to a care coordinator.
insert into meta.account_provider (account, provider) values (?, ?)
