-- The relay deletes each event once the broker has it, in the transaction that locked it; it used
-- to mark it published and keep it, so the table grew by a row per change, for ever, and kept the
-- candidate's data until an erasure. Kafka keeps the events. The rows already published go now.
--
-- published_at and claimed_until stay, and the relay still skips rows where either says another
-- relay has them: an instance of the previous version still running during a rolling upgrade
-- claims and marks rows instead of deleting them, and such a row must not be sent again. Those few
-- rows stay behind: `delete from outbox_event where published_at is not null` removes them once
-- the upgrade is complete.
delete from outbox_event where published_at is not null;
