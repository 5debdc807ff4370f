-- A candidate's steps (erasure) and an opportunity's (its timeline) are found through the planned
-- interviews, whose candidate and opportunity indexes are small, and then the natural key's unique
-- index (interview_id first). The index on follow_up_step (candidate_id) made every planned step,
-- and every fired one (an update that cannot stay in place: its status leaves the pending indexes),
-- cost one more index insert.
drop index follow_up_step_candidate_idx;
