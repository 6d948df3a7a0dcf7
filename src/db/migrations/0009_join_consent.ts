// A space's invitation by name is kept by email address, whether or not the address has an account, so a
// space's managers see the same thing for every address they invite and learn nothing about who is on Waymark.
// The person is filled in when an active account has the address (at once, or when they join Waymark).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table space_invitations add column invited_email text;
    update space_invitations set invited_email = users.email
      from users where users.id = space_invitations.invited_person_id;
    alter table space_invitations drop constraint space_invitations_check;
    alter table space_invitations add constraint space_invitations_invitee
      check ((invited_org_id is null) <> (invited_person_id is null and invited_email is null));
    create unique index space_invitations_pending_email on space_invitations (space_id, lower(invited_email))
      where status = 'pending' and invited_email is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from space_invitations where invited_org_id is null and invited_person_id is null;
    drop index space_invitations_pending_email;
    alter table space_invitations drop constraint space_invitations_invitee;
    alter table space_invitations add constraint space_invitations_check
      check ((invited_org_id is null) <> (invited_person_id is null));
    alter table space_invitations drop column invited_email;
  `.execute(db);
}
