-- Candidates are identified by the id the embedding platform gives them.
create table candidate (
    id          varchar(100) primary key,
    name        varchar(200) not null,
    email       varchar(320) not null,
    time_zone   varchar(64)  not null,
    version     bigint       not null default 0
);

create table interview (
    id          uuid primary key,
    candidate_id varchar(100) not null references candidate (id),
    company     varchar(200) not null,
    role        varchar(200) not null,
    ends_at     timestamp    not null,            -- local wall-clock time in time_zone
    time_zone   varchar(64)  not null,            -- zone where the interview took place
    status      varchar(20)  not null,
    completed_at timestamptz,
    created_at  timestamptz  not null,
    version     bigint       not null default 0
);
create index interview_candidate_idx on interview (candidate_id);

create table interviewer (
    id           uuid primary key,
    interview_id uuid         not null references interview (id) on delete cascade,
    position     int          not null,
    name         varchar(200) not null,
    email        varchar(320) not null,
    topics       text[]       not null
);
create index interviewer_interview_idx on interviewer (interview_id);

-- Transactional outbox: an event is written in the same transaction as the change it reports,
-- and the relay publishes it to Kafka after commit. Rows are kept once published, for audit.
create table outbox_event (
    sequence      bigserial    primary key,       -- publication order
    id            uuid         not null unique,   -- CloudEvent id, stable across re-sends
    topic         varchar(200) not null,
    record_key    varchar(200) not null,
    type          varchar(200) not null,
    subject       varchar(200),
    payload       text         not null,          -- CloudEvent data, JSON
    created_at    timestamptz  not null,
    claimed_until timestamptz,                    -- lease of the relay instance sending it
    published_at  timestamptz
);
-- The relay only ever scans unpublished rows.
create index outbox_event_unpublished_idx on outbox_event (sequence) where published_at is null;
