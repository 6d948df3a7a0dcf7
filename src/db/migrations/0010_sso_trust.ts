// Single sign-on that cannot take over an account: email domains a platform admin approved before they count,
// identities that remember the organisation whose provider linked them (and go when the person leaves it), and
// each provider's discovery document kept here, so a visitor cannot make Waymark fetch it on demand.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- One row per domain an organisation's provider claims. Until a platform admin approves it, a domain neither
    -- lets anyone sign in nor links anything. A domain is claimed by one organisation at a time (checked by the
    -- application under an advisory lock, as a unique key without org_id would not distribute).
    create table sso_domain_claims (
      org_id uuid not null references sso_providers (org_id) on delete cascade,
      domain text not null check (length(domain) between 1 and 253),
      status text not null default 'pending' check (status in ('pending', 'approved', 'refused')),
      claimed_at timestamptz not null default now(),
      decided_at timestamptz,
      decided_by uuid references users (id) on delete set null,
      primary key (org_id, domain)
    );
    create index sso_domain_claims_domain on sso_domain_claims (domain);
    create index sso_domain_claims_pending on sso_domain_claims (claimed_at) where status = 'pending';
    -- Domains saved before approval existed were never checked by anyone: they wait for a platform admin too.
    insert into sso_domain_claims (org_id, domain)
      select org_id, unnest(allowed_domains) from sso_providers on conflict do nothing;

    alter table sso_providers
      add column discovery jsonb,
      add column discovered_at timestamptz,
      add column discovery_checked_at timestamptz;

    -- The organisation whose provider made the link: sign-in through another organisation's provider never
    -- finds it, and leaving that organisation removes it.
    alter table identities add column provider_org_id uuid references organisations (id) on delete cascade;
    update identities i set provider_org_id = (
      select p.org_id from sso_providers p
      join memberships m on m.org_id = p.org_id and m.user_id = i.user_id
      where p.issuer = i.issuer
      order by p.org_id limit 1);
    delete from identities where provider_org_id is null;
    -- A link whose person also belongs to another organisation may have been made by the old rule that linked
    -- an existing member by email, which nobody can now tell from a link its owner chose: those people link
    -- again from their account page.
    delete from identities i where exists (
      select 1 from memberships m where m.user_id = i.user_id and m.org_id <> i.provider_org_id);
    alter table identities alter column provider_org_id set not null;
    create index identities_provider_org on identities (provider_org_id, user_id);
    -- Two organisations may use one issuer (a shared cloud directory): each links its own.
    alter table identities drop constraint identities_issuer_subject_key,
      add constraint identities_org_issuer_subject_key unique (provider_org_id, issuer, subject);

    -- Checked at commit, so a change of roles that deletes and re-inserts rows in one transaction keeps the link.
    create function identities_leave_with_membership() returns trigger language plpgsql as $fn$
    begin
      if not exists (select 1 from memberships where org_id = old.org_id and user_id = old.user_id) then
        delete from identities where provider_org_id = old.org_id and user_id = old.user_id;
      end if;
      return null;
    end
    $fn$;
    create constraint trigger memberships_remove_identities after delete on memberships
      deferrable initially deferred for each row execute function identities_leave_with_membership();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger memberships_remove_identities on memberships;
    drop function identities_leave_with_membership();
    drop index identities_provider_org;
    alter table identities drop constraint identities_org_issuer_subject_key;
    delete from identities a using identities b where a.issuer = b.issuer and a.subject = b.subject and a.id > b.id;
    alter table identities add constraint identities_issuer_subject_key unique (issuer, subject);
    alter table identities drop column provider_org_id;
    alter table sso_providers drop column discovery, drop column discovered_at, drop column discovery_checked_at;
    drop table sso_domain_claims;
  `.execute(db);
}
