-- NotificationSent / NotificationFailed events, written in the same transaction as the delivery
-- outcome they announce and relayed to Kafka after commit. The id is the CloudEvent id, derived
-- from the delivery and the outcome, so an outcome is announced once however often it is recorded.
create table outbox_event (
    sequence      bigserial    primary key,       -- publishing order
    id            varchar(100) not null unique,   -- CloudEvent id: <delivery id>:sent|failed
    topic         varchar(200) not null,
    record_key    varchar(200) not null,          -- the candidate id
    type          varchar(200) not null,
    subject       varchar(200),                   -- the step id
    payload       text         not null,          -- the event data, JSON
    created_at    timestamptz  not null,
    claimed_until timestamptz,                    -- a relay's lease
    published_at  timestamptz
);
create index outbox_event_unpublished_idx on outbox_event (sequence) where published_at is null;
