-- Every CloudEvent id this service has taken in. Recorded in the same transaction as the
-- delivery it creates, so a redelivered or re-fired event changes nothing.
create table processed_event (
    event_id     varchar(200) primary key,        -- CloudEvent id (for FollowUpDue: the step id)
    type         varchar(200) not null,
    processed_at timestamptz  not null
);

-- One reminder to the candidate per follow-up step and channel.
create table delivery (
    id              uuid primary key,             -- also the email's Message-ID
    step_id         uuid         not null,
    channel         varchar(20)  not null,
    kind            varchar(40)  not null,
    event_id        varchar(200) not null,        -- the event that created it
    address         varchar(320) not null,        -- where it goes (for email: the candidate's)
    payload         text         not null,        -- the event data, JSON; rendered at send time
    status          varchar(20)  not null,
    attempts        int          not null default 0,
    next_attempt_at timestamptz  not null,        -- due time; moved forward as the claim's lease
    last_error      varchar(1000),
    created_at      timestamptz  not null,
    sent_at         timestamptz,
    constraint delivery_step_channel_uk unique (step_id, channel)
);
-- The dispatcher only ever looks for pending deliveries that are due.
create index delivery_due_idx on delivery (next_attempt_at) where status = 'PENDING';
