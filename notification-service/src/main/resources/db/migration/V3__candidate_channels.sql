-- How each candidate wants to be reminded. A candidate is known by the tenant (the platform that
-- embeds the product; '' when there is none) and the platform's candidate id.
create table candidate_preferences (
    tenant_id      varchar(100) not null default '',
    candidate_id   varchar(200) not null,
    email          varchar(320),
    phone          varchar(16),                  -- E.164
    time_zone      varchar(60),                  -- IANA zone id
    locale         varchar(35)  not null,        -- BCP 47 language tag
    quiet_start    time,                         -- local time in time_zone
    quiet_end      time,
    draft_channels varchar(40)  not null,        -- ordered, comma-separated: EMAIL,PUSH
    call_channels  varchar(40)  not null,
    nudge_channels varchar(40)  not null,
    updated_at     timestamptz  not null,
    primary key (tenant_id, candidate_id),
    constraint candidate_quiet_hours_ck check ((quiet_start is null) = (quiet_end is null))
);

-- Web Push subscriptions of a candidate's browsers and devices (RFC 8030 endpoint, RFC 8291 keys).
create table push_subscription (
    id           uuid primary key,
    tenant_id    varchar(100)  not null default '',
    candidate_id varchar(200)  not null,
    endpoint     varchar(2000) not null unique,
    p256dh       varchar(100)  not null,         -- base64url, the browser's P-256 public key
    auth         varchar(50)   not null,         -- base64url, 16-byte authentication secret
    created_at   timestamptz   not null
);
create index push_subscription_candidate_idx on push_subscription (tenant_id, candidate_id);

-- Phone numbers that answered STOP (or the like): no SMS goes to them until they answer START.
create table sms_opt_out (
    phone         varchar(16) primary key,       -- E.164
    opted_out_at  timestamptz not null
);

-- A delivery knows its candidate and the channels still to try if its own fails for good.
alter table delivery add column tenant_id varchar(100) not null default '';
alter table delivery add column candidate_id varchar(200);
alter table delivery add column channel_plan varchar(40);   -- channels after this one, in order
alter table delivery alter column address drop not null;    -- push goes to every subscription
