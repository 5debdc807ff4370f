-- The candidate's full record: opportunities with interviews under them, business cards of the
-- interviewers, stated next steps, references, employer replies and outcomes. Every row carries
-- the tenant (the platform that embeds the service) and the candidate it belongs to.
-- Rows recorded before tenancy existed are given to the tenant 'default'.

-- Candidates: unique per tenant.
alter table interview drop constraint interview_candidate_id_fkey;
alter table candidate add column tenant_id varchar(100) not null default 'default';
alter table candidate alter column tenant_id drop default;
alter table candidate drop constraint candidate_pkey;
alter table candidate add primary key (tenant_id, id);
alter table candidate
    add column phone      varchar(40),
    add column locale     varchar(35),
    add column created_at timestamptz not null default now(),
    add column updated_at timestamptz not null default now();

create table opportunity (
    id                    uuid primary key,
    tenant_id             varchar(100) not null,
    candidate_id          varchar(100) not null,
    company               varchar(200) not null,
    role                  varchar(200) not null,
    status                varchar(20)  not null,
    job_description       text,
    job_description_type  varchar(100),
    outcome               varchar(30),
    outcome_recorded_at   timestamptz,
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null,
    version               bigint       not null default 0,
    foreign key (tenant_id, candidate_id) references candidate (tenant_id, id)
);
create index opportunity_owner_idx on opportunity (tenant_id, candidate_id, created_at);

-- Each interview recorded so far becomes the first round of an opportunity of its own.
insert into opportunity (id, tenant_id, candidate_id, company, role, status, created_at, updated_at)
select id, 'default', candidate_id, company, role, 'OPEN', created_at, created_at from interview;

alter table interview
    add column tenant_id              varchar(100),
    add column opportunity_id         uuid references opportunity (id),
    add column round                  int,
    add column kind                   varchar(20),
    add column starts_at              timestamp,   -- local wall-clock time in time_zone
    add column final_round            boolean not null default false,
    add column notes                  text,
    add column references_requested  boolean not null default false,
    add column expected_decision_date date,
    add column may_call_on            date,
    add column we_will_contact_you    boolean not null default false,
    add column no_follow_up_policy    boolean not null default false,
    add column cancelled_at           timestamptz,
    add column updated_at             timestamptz;
update interview set tenant_id = 'default', opportunity_id = id, round = 1, kind = 'VIDEO',
                     starts_at = ends_at - interval '1 hour', updated_at = created_at;
alter table interview
    alter column tenant_id set not null,
    alter column opportunity_id set not null,
    alter column round set not null,
    alter column kind set not null,
    alter column starts_at set not null,
    alter column updated_at set not null,
    drop column company,
    drop column role;
alter table interview
    add constraint interview_candidate_fk foreign key (tenant_id, candidate_id)
        references candidate (tenant_id, id);
drop index interview_candidate_idx;
create index interview_owner_idx on interview (tenant_id, candidate_id, starts_at);
create index interview_opportunity_idx on interview (opportunity_id);

-- The interviewer's business card.
alter table interviewer
    add column title             varchar(200),
    add column phone             varchar(40),
    add column mailing_address   varchar(500),
    add column time_zone         varchar(64),
    add column preferred_channel varchar(10);

create table candidate_reference (
    id           uuid primary key,
    tenant_id    varchar(100) not null,
    candidate_id varchar(100) not null,
    name         varchar(200) not null,
    email        varchar(320),
    phone        varchar(40),
    relation     varchar(200) not null,
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null,
    version      bigint       not null default 0,
    foreign key (tenant_id, candidate_id) references candidate (tenant_id, id)
);
create index candidate_reference_owner_idx on candidate_reference (tenant_id, candidate_id);

create table employer_reply (
    id                uuid primary key,
    tenant_id         varchar(100) not null,
    candidate_id      varchar(100) not null,
    opportunity_id    uuid         not null references opportunity (id) on delete cascade,
    received_at       timestamptz  not null,
    summary           varchar(2000),
    next_contact_date date,
    created_at        timestamptz  not null
);
create index employer_reply_opportunity_idx on employer_reply (opportunity_id, received_at);
