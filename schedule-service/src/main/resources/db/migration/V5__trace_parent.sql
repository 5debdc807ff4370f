-- The W3C traceparent (00-<trace id>-<span id>-<flags>) current when a step was planned or moved,
-- and when a plan event was written. Both are sent later, from a scheduler thread: the sender makes
-- this context current again, so that FollowUpDue and plan events continue the trace of the
-- interview event (or the candidate's request) that caused them. Null when nothing was traced.
alter table follow_up_step add column trace_parent varchar(55);
alter table plan_event_outbox add column trace_parent varchar(55);
