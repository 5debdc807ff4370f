-- Every plan event is written once and deleted once the broker has it, so the outbox holds only
-- unpublished rows: the partial index on sequence repeated the primary key entry for entry, and the
-- relay's `order by sequence` reads the primary key as well. The unique index on the CloudEvent id
-- guarded against a collision of random UUIDs; it cost an insert at a random place of a second
-- b-tree for every event. The outbox keeps its primary key alone: one index entry per plan event
-- instead of three.
drop index plan_event_outbox_unpublished_idx;
alter table plan_event_outbox drop constraint plan_event_outbox_id_key;
