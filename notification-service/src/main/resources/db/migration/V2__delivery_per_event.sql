-- The CloudEvent id of FollowUpDue is now <stepId>:<revision>. A step the candidate snoozed fires
-- again later under a new id, and that reminder must go out: a delivery is unique per event and
-- channel, no longer per step and channel. A re-fire after a crash keeps its id and is still
-- recognised, by processed_event and by this key.
alter table delivery drop constraint delivery_step_channel_uk;
alter table delivery add constraint delivery_event_channel_uk unique (event_id, channel);
create index delivery_step_idx on delivery (step_id);
