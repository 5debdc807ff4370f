-- Candidates who used the one-click unsubscribe link of a reminder email (RFC 8058): no email goes
-- to them until they turn email back on in their preferences. Kept per candidate, not per address:
-- the link speaks for the candidate it was made for, whichever address the email went to.
create table email_opt_out (
    tenant_id     varchar(100) not null default '',
    candidate_id  varchar(200) not null,
    opted_out_at  timestamptz  not null,
    primary key (tenant_id, candidate_id)
);
