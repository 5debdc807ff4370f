-- Plan events are written a plan at a time: a completed interview schedules seven steps or so,
-- all for one opportunity, and each step's event cost a row of its own in plan_event_outbox (a
-- heap tuple and an index entry when written, a locked read and a delete when relayed: in a
-- backlog being planned, about a third of the database's work per step). A row of this table holds
-- the events that one transaction appended, one after another, for one record key (the
-- opportunity) in one trace: the relay sends them in order, on the key's partition, and deletes the
-- row.
create table plan_event_batch (
    sequence     bigserial    primary key,
    record_key   varchar(200) not null,
    event_ids    uuid[]       not null,  -- CloudEvent ids, stable across re-sends
    types        text[]       not null,
    subjects     text[]       not null,
    -- The events' JSON data, one per line (JSON written without indentation has no line breaks).
    payloads     text         not null,
    trace_parent varchar(55),
    created_at   timestamptz  not null
)
-- A plan's seven or so events are larger than the default target of 2 kB: each row was compressed and
-- moved to the TOAST table when written, and fetched and decompressed again when relayed, for a
-- row that lives a second or so. Rows up to a page stay as they are.
with (toast_tuple_target = 8160);

-- plan_event_outbox stays for the rows that instances of the previous version write during a
-- rolling upgrade; the relay drains it before this table. Once no such instance runs and it is
-- empty, it can be dropped.
