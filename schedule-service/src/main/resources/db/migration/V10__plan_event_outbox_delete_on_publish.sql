-- The relay deletes each plan event once the broker has it, instead of marking it published and
-- deleting it a day later: one delete per event instead of an update (a new row version with new
-- index entries) and a delete. The rows published by the previous version go now, with the index
-- that found them for the later delete.
--
-- published_at stays, and the relay still skips rows where it is set: an instance of the previous
-- version still running during a rolling upgrade marks rows instead of deleting them, and such a
-- row must not be sent again. Those few rows stay behind: `delete from plan_event_outbox where
-- published_at is not null` removes them once the upgrade is complete.
delete from plan_event_outbox where published_at is not null;
drop index plan_event_outbox_published_idx;
