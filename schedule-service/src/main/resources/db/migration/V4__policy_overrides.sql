-- Overrides of the configured follow-up policy: per tenant (the platform's defaults for its
-- candidates) and per candidate (their own choices). Settings are JSON so that adding a setting
-- needs no migration; only the keys the service knows are accepted.
create table policy_override (
    scope        varchar(20)  not null,   -- TENANT or CANDIDATE
    owner_id     varchar(100) not null,   -- the tenant id or the candidate id
    settings     text         not null,
    version      bigint       not null default 0,
    updated_at   timestamptz  not null,
    primary key (scope, owner_id)
);
