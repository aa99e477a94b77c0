-- 0100: dashboard accounts and sessions. Passwords are stored only as slow salted hashes
-- (PBKDF2-HMAC-SHA256); sessions only as the SHA-256 of their random token.
create table meta.account (
    name           varchar primary key,
    role           varchar not null,      -- executive | quality_manager | care_coordinator | administrator
    password_hash  varchar not null,
    created_at     timestamp not null,
    disabled_at    timestamp
);

-- The providers whose gap worklists a care coordinator works.
create table meta.account_provider (
    account        varchar not null,
    provider       varchar not null,
    primary key (account, provider)
);

create table meta.session (
    token_hash     varchar primary key,
    account        varchar not null,
    csrf_token     varchar not null,
    created_at     timestamp not null,
    expires_at     timestamp not null
);
