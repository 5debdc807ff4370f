-- The due index serves the dispatcher's claim, and only it.
--
-- With the predicate "status = 'PENDING'" alone, every statement that changes deliveries by id and
-- checks that they are still pending (marking a batch sent, a retry, a deferral) could use it too,
-- and the planner took it whenever its statistics had seen few pending deliveries, as when a burst
-- arrives after a quiet spell: such a statement then walked every pending delivery instead of
-- looking its rows up by primary key (3.8 ms to mark 3 deliveries sent with 5,000 pending, against
-- 0.5 ms). "sent_at is null", true of every pending delivery, is named by the claim and by no other
-- statement, so the index can serve none of them.
--
-- The channel comes first: each channel's claim reads its own due deliveries in due order, without
-- stepping over the other channels' on the way.
drop index delivery_due_idx;
create index delivery_due_idx on delivery (channel, next_attempt_at)
    where status = 'PENDING' and sent_at is null;
