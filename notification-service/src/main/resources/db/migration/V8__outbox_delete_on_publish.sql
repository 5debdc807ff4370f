-- The relay deletes each event once the broker has it; it used to mark it published and keep it,
-- so the table grew by a row or two per delivery, for ever. Kafka keeps the events. The rows
-- already published go now.
--
-- published_at stays, and the relay still skips rows where it is set: an instance of the previous
-- version still running during a rolling upgrade marks rows instead of deleting them, and such a
-- row must not be sent again. Those few rows stay behind: `delete from outbox_event where
-- published_at is not null` removes them once the upgrade is complete.
delete from outbox_event where published_at is not null;
