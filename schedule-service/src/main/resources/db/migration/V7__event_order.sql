-- When the newest event applied to a planned interview happened (its CloudEvent time, or the
-- occurred-at of its data): an event about the interview that happened before it (a reschedule
-- replayed or delivered late) is stale and changes nothing. Null until an event with a known time
-- is applied; events without a time are applied as they come.
alter table planned_interview add column last_event_at timestamptz;
