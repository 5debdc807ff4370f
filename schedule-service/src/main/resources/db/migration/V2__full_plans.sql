-- Plans of every playbook rule: steps other than thank-you emails, recipients other than
-- interviewers (or none), several check-ins per recipient, and revisions of moved steps.

alter table planned_interview
    add column tenant_id      varchar(100),
    add column opportunity_id varchar(100),
    -- The completion event as received: re-planning (a reschedule, an employer's reply) starts
    -- again from the same facts.
    add column facts          text;
update planned_interview set opportunity_id = interview_id::text where opportunity_id is null;
alter table planned_interview alter column opportunity_id set not null;
create index planned_interview_opportunity_idx on planned_interview (opportunity_id);
create index planned_interview_candidate_idx on planned_interview (candidate_id);

alter table follow_up_step
    add column tenant_id              varchar(100),
    add column opportunity_id         varchar(100),
    add column action                 varchar(20) not null default 'EMAIL',
    add column sequence               int         not null default 1,
    -- Incremented whenever the step is moved (snoozed, re-planned): part of the FollowUpDue id,
    -- so that a moved step's next firing is a new event while a re-fire is the same one.
    add column revision               int         not null default 1,
    add column recipient_title        varchar(200),
    add column recipient_phone        varchar(50),
    add column recipient_address      varchar(500),
    add column recipient_time_zone    varchar(64),
    add column state_changed_at       timestamptz;
update follow_up_step set opportunity_id = interview_id::text where opportunity_id is null;
alter table follow_up_step alter column opportunity_id set not null;
alter table follow_up_step alter column recipient_email drop not null;
alter table follow_up_step alter column channel drop default;
alter table follow_up_step drop constraint follow_up_step_natural_key;
alter table follow_up_step
    add constraint follow_up_step_natural_key unique (interview_id, kind, recipient_id, sequence);
create index follow_up_step_opportunity_pending_idx on follow_up_step (opportunity_id)
    where status = 'PENDING';
create index follow_up_step_candidate_idx on follow_up_step (candidate_id);

-- Opportunities whose outcome is known: a completion that arrives late plans nothing for them.
create table closed_opportunity (
    opportunity_id varchar(100) primary key,
    outcome        varchar(40)  not null,
    recorded_at    timestamptz  not null
);

-- Candidates erased on request: their id only, so that a replayed event cannot bring their
-- data back.
create table erased_candidate (
    candidate_id varchar(100) primary key,
    erased_at    timestamptz  not null
);
