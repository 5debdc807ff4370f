-- The relay sends an event later, from its own thread: each row keeps the W3C traceparent of the
-- request that wrote it (00-<trace id>-<span id>-<flags>), so that the record the relay sends
-- continues that request's trace. Empty for rows written outside any trace.
alter table outbox_event add column trace_parent varchar(55);
