-- dashboard_secret_insert: stores the dashboard's secret on first start.
-- Parameters: secret, created_at.
insert into meta.dashboard_secret (secret, created_at) values (?, ?)
