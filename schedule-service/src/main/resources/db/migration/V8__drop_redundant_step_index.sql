-- The steps of an interview are found through the natural key's unique index, whose first column
-- is interview_id: the index on interview_id alone only made every planned step cost one more index
-- insert.
drop index follow_up_step_interview_idx;
