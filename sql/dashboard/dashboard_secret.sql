-- dashboard_secret: the secret that keys opaque person and gap ids (zero or one row).
select secret from meta.dashboard_secret limit 1
