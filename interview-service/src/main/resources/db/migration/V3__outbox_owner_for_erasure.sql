-- Erasure needs to find the outbox rows that carry a candidate's data: each row now names the
-- candidate (within the tenant) its data is about, and may be marked to be discarded, instead of
-- kept for audit, once it has been published.
alter table outbox_event
    add column tenant_id              varchar(100),
    add column candidate_id           varchar(100),
    add column discard_when_published boolean not null default false;

-- Rows written before: the owner is in the payload (InterviewCompleted carries the candidate
-- itself); those from before tenancy belong to the tenant 'default'.
update outbox_event
set tenant_id    = coalesce(payload::jsonb ->> 'tenantId', 'default'),
    candidate_id = coalesce(payload::jsonb ->> 'candidateId', payload::jsonb -> 'candidate' ->> 'id');

create index outbox_event_owner_idx on outbox_event (tenant_id, candidate_id);
