-- A candidate's own policy settings belong to the candidate within a tenant: candidate ids are the
-- tenants' own, so two tenants may name different people alike. Tenant settings are their own
-- tenant's (tenant_id = owner_id). Settings of events that named no tenant keep the empty tenant.
alter table policy_override add column tenant_id varchar(100) not null default '';
update policy_override set tenant_id = owner_id where scope = 'TENANT';

alter table policy_override drop constraint policy_override_pkey;
-- Candidate settings saved before: copied to each tenant the candidate's interviews came from.
insert into policy_override (scope, tenant_id, owner_id, settings, version, updated_at)
select distinct o.scope, i.tenant_id, o.owner_id, o.settings, o.version, o.updated_at
from policy_override o
join planned_interview i on i.candidate_id = o.owner_id and i.tenant_id is not null
where o.scope = 'CANDIDATE' and o.tenant_id = '';
delete from policy_override o
where o.scope = 'CANDIDATE' and o.tenant_id = ''
  and exists (select 1 from planned_interview i
              where i.candidate_id = o.owner_id and i.tenant_id is not null);
alter table policy_override alter column tenant_id drop default;
alter table policy_override add primary key (scope, tenant_id, owner_id);
