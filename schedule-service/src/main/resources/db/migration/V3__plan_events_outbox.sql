-- Transactional outbox of plan changes (step scheduled, rescheduled, cancelled) for partners such
-- as calendars: written in the transaction that changes the plan, relayed to Kafka after commit.
create table plan_event_outbox (
    sequence      bigserial    primary key,
    id            uuid         not null unique,   -- CloudEvent id, stable across re-sends
    record_key    varchar(200) not null,
    type          varchar(200) not null,
    subject       varchar(200),
    payload       text         not null,
    created_at    timestamptz  not null,
    claimed_until timestamptz,
    published_at  timestamptz
);
create index plan_event_outbox_unpublished_idx on plan_event_outbox (sequence)
    where published_at is null;
