// Accounts: creating people and tokens, signing in with a password, and resolving who a caller is.
import { principalFor } from '../access/principal.ts';
import { anonymous, type Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { findOrganisationBySlug } from '../organisations/repository.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import {
  addMembership,
  deleteSessionsOf,
  findLiveToken,
  findPersonByEmail,
  findPersonById,
  insertApiToken,
  insertPerson,
  membershipsOf,
} from './repository.ts';
import type { MembershipRole } from './types.ts';

export class AccountError extends Error {}

export function accountsService(db: Db) {
  return {
    /** Creates a person with a membership of one organisation (by slug). */
    async createPerson(input: {
      email: string;
      displayName: string;
      password: string | null;
      orgSlug: string;
      role: MembershipRole;
      platformAdmin?: boolean;
    }): Promise<string> {
      const org = await findOrganisationBySlug(db, input.orgSlug);
      if (!org) throw new AccountError(`There is no organisation '${input.orgSlug}'.`);
      if (await findPersonByEmail(db, input.email)) throw new AccountError(`${input.email} already has an account.`);
      const personId = await insertPerson(db, {
        email: input.email,
        displayName: input.displayName,
        passwordHash: input.password === null ? null : await hashPassword(input.password),
        platformAdmin: input.platformAdmin ?? false,
      });
      await addMembership(db, org.id, personId, input.role);
      if (input.role !== 'member') await addMembership(db, org.id, personId, 'member');
      return personId;
    },

    /** A personal API token acting for one of the person's organisations. */
    async createToken(email: string, orgSlug: string, name: string): Promise<string> {
      const person = await findPersonByEmail(db, email);
      if (!person || person.disabled_at) throw new AccountError(`No active account has the email ${email}.`);
      const org = await findOrganisationBySlug(db, orgSlug);
      if (!org) throw new AccountError(`There is no organisation '${orgSlug}'.`);
      const memberships = await membershipsOf(db, person.id);
      if (!memberships.some((m) => m.id === org.id)) {
        throw new AccountError(`${email} is not a member of ${orgSlug}.`);
      }
      return insertApiToken(db, org.id, person.id, name);
    },

    /** The person's id when the email and password match an active account, else undefined. */
    async checkPassword(email: string, password: string): Promise<string | undefined> {
      const person = await findPersonByEmail(db, email);
      if (!person?.password_hash || person.disabled_at) {
        await verifyPassword(await decoyHash(), password);
        return undefined;
      }
      return (await verifyPassword(person.password_hash, password)) ? person.id : undefined;
    },

    async principalForToken(token: string): Promise<Principal> {
      const found = await findLiveToken(db, token);
      return found ? principalFor(db, found.person_id, { actingOrgId: found.org_id }) : anonymous;
    },

    principalForPerson: (personId: string, preferredOrgId?: string) =>
      principalFor(db, personId, preferredOrgId === undefined ? {} : { preferredOrgId }),

    /** Signs a person out everywhere: every session, on every device. */
    endAllSessions: (personId: string) => deleteSessionsOf(db, personId),

    findPerson: (personId: string) => findPersonById(db, personId),
    membershipsOf: (personId: string) => membershipsOf(db, personId),
  };
}
