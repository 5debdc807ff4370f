-- The W3C traceparent (00-<trace id>-<span id>-<flags>) of the follow-ups-due record a delivery
-- came from, kept with the delivery (and its retries and fallbacks) and with each outbox event it
-- causes, so that the NotificationSent/Failed records sent later continue the same trace.
alter table delivery add column trace_parent varchar(55);
alter table outbox_event add column trace_parent varchar(55);
