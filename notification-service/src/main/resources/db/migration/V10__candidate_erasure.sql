-- Candidates erased at their request (candidate.erased.v1 from the interview-service): their key
-- only, so that a FollowUpDue still on its way, or replayed, cannot bring a reminder back.
create table erased_candidate (
    tenant_id    varchar(100) not null default '',
    candidate_id varchar(200) not null,
    erased_at    timestamptz  not null,
    primary key (tenant_id, candidate_id)
);

-- Deliveries recorded before V3 carry their candidate (and tenant) only in the event data.
update delivery
set candidate_id = cast(payload as jsonb) #>> '{candidate,id}',
    tenant_id = coalesce(nullif(cast(payload as jsonb) ->> 'tenantId', ''), tenant_id)
where candidate_id is null;

-- Erasure finds a candidate's deliveries by this index. The index by step served no statement
-- (deliveries are found by id, by event and channel, by the provider's message id, or through the
-- due index), and every row version of a delivery (added, claimed, marked sent) took an entry in
-- it: the index by candidate takes its place.
drop index delivery_step_idx;
create index delivery_candidate_idx on delivery (tenant_id, candidate_id);
