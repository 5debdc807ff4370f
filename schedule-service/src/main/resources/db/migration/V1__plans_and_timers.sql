-- The interviews this service has planned for: what a fired step needs to describe itself.
create table planned_interview (
    interview_id        uuid primary key,
    candidate_id        varchar(100) not null,
    candidate_name      varchar(200) not null,
    candidate_email     varchar(320) not null,
    candidate_time_zone varchar(64)  not null,
    company             varchar(200) not null,
    role                varchar(200) not null,
    ended_at            timestamptz  not null,
    time_zone           varchar(64)  not null,
    created_at          timestamptz  not null
);

-- Each follow-up step is a durable timer. It is also the outbox of FollowUpDue: the poller
-- claims due rows, publishes them and marks them fired.
create table follow_up_step (
    id               uuid primary key,            -- stable: also the FollowUpDue CloudEvent id
    interview_id     uuid         not null references planned_interview (interview_id),
    candidate_id     varchar(100) not null,
    kind             varchar(40)  not null,
    channel          varchar(20)  not null,
    rule             varchar(60)  not null,
    recipient_id     varchar(100) not null,
    recipient_name   varchar(200) not null,
    recipient_email  varchar(320) not null,
    recipient_topics text[]       not null,
    due_at           timestamptz  not null,
    window_end       timestamptz  not null,
    status           varchar(20)  not null,       -- PENDING, FIRED, CANCELLED
    claimed_by       varchar(100),
    claim_expires_at timestamptz,
    -- Incremented at every claim; marking a step fired requires the value read at claim time, so
    -- an instance that stalled past its lease cannot overwrite a newer claim.
    fence            bigint       not null default 0,
    fired_at         timestamptz,
    created_at       timestamptz  not null,
    constraint follow_up_step_natural_key unique (interview_id, kind, recipient_id)
);

-- The poll reads only pending steps in due order: a small index however many have fired.
create index follow_up_step_pending_due_idx on follow_up_step (due_at) where status = 'PENDING';
create index follow_up_step_interview_idx on follow_up_step (interview_id);

-- Event ids already handled: a redelivered event is recognised and changes nothing.
create table processed_event (
    event_id     varchar(200) primary key,
    type         varchar(200) not null,
    processed_at timestamptz  not null
);
