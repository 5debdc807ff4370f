-- Published plan events are deleted once they are older than the retention: this index finds the
-- oldest of them without reading the rows still waiting to be relayed or the recent ones.
create index plan_event_outbox_published_idx on plan_event_outbox (published_at)
    where published_at is not null;
