-- A candidate id is the platform's user within a tenant, and two tenants may use the same one: an
-- erasure now holds for the tenant it names. Rows recorded before named none; like an erasure that
-- names no tenant, they hold for the candidate id in every tenant, as they did.
alter table erased_candidate add column tenant_id varchar(100);
alter table erased_candidate drop constraint erased_candidate_pkey;
create unique index erased_candidate_key on erased_candidate (candidate_id, tenant_id)
    nulls not distinct;
