// Accounts: creating people and tokens, signing in with a password, and resolving who a caller is.
import { principalFor } from '../access/principal.ts';
import { anonymous, type Principal } from '../access/visibility.ts';
import { type AuditService, auditService } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import { type Outbox, outbox } from '../email/outbox.ts';
import { findOrganisationBySlug } from '../organisations/repository.ts';
import { passwordProblem } from './password-policy.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import {
  addMembership,
  deleteSessionsOf,
  findLiveSignInLink,
  findLiveToken,
  findPersonByEmail,
  findPersonById,
  findPersonByIdWithHash,
  insertApiToken,
  insertPerson,
  insertSignInLink,
  listPeople,
  membershipsOf,
  revokeToken,
  setDisabled,
  setPasswordHash,
  tokensOf,
  useSignInLink,
} from './repository.ts';
import type { MembershipRole } from './types.ts';

export class AccountError extends Error {}

/** Sign-in links work for ten minutes, once. */
export const signInLinkLifetimeMs = 10 * 60 * 1000;

export function accountsService(
  db: Db,
  { email, audit }: { email: Outbox; audit: AuditService } = { email: outbox(db), audit: auditService(db) },
) {
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

    /** Makes a person a platform moderator (who reviews public stories from every organisation), or not. */
    async setPlatformModerator(email: string, on: boolean): Promise<void> {
      const person = await findPersonByEmail(db, email);
      if (!person) throw new AccountError(`No account has the email ${email}.`);
      await db.updateTable('users').set({ platform_moderator: on }).where('id', '=', person.id).execute();
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

    /**
     * Emails a one-time sign-in link when the address belongs to an active account. The caller says the
     * same thing either way, so the form does not reveal who has an account.
     */
    async sendSignInLink(address: string, baseUrl: string, now = new Date()): Promise<void> {
      const person = await findPersonByEmail(db, address);
      if (!person || person.disabled_at) return;
      const secret = await insertSignInLink(db, person.id, new Date(now.getTime() + signInLinkLifetimeMs));
      await email.send({
        to: person.email,
        subject: 'Your link to sign in to Waymark',
        text: [
          `Hello ${person.display_name},`,
          '',
          'Open this link to sign in to Waymark. It works once, for the next 10 minutes:',
          '',
          `${baseUrl}/sign-in/link/${secret}`,
          '',
          'If you did not ask for it, you can ignore this email: nobody can use it without reaching your inbox.',
        ].join('\n'),
      });
    },

    /** Whether the link can still be used (shown on the confirm page, before the person presses the button). */
    checkSignInLink: (secret: string, now = new Date()) => findLiveSignInLink(db, secret, now),

    /** Uses the link: the person's id, once; undefined for a used, expired or unknown link. */
    useSignInLink: (secret: string, now = new Date()) => useSignInLink(db, secret, now),

    /** Records a sign-in in the audit log of each of the person's organisations. */
    async signedIn(personId: string, method: string) {
      await audit.recordForPerson(personId, { actorId: personId, action: 'sign_in', summary: `Signed in ${method}` });
    },

    /** A failed password sign-in against a real account is logged for that account's organisations. */
    async signInFailed(address: string) {
      const person = await findPersonByEmail(db, address);
      if (!person) return;
      await audit.recordForPerson(person.id, {
        actorId: null,
        action: 'sign_in_failed',
        summary: `Failed password sign-in for ${person.display_name}`,
      });
    },

    /** Changes a password after checking the current one; the reason it cannot, in words, otherwise. */
    async changePassword(personId: string, current: string, next: string): Promise<Record<string, string>> {
      const person = await findPersonByIdWithHash(db, personId);
      if (!person) return { current: 'Sign in again' };
      if (person.password_hash && !(await verifyPassword(person.password_hash, current))) {
        return { current: 'Your current password is not right' };
      }
      const problem = passwordProblem(next, { email: person.email, displayName: person.display_name });
      if (problem) return { password: problem };
      await setPasswordHash(db, personId, await hashPassword(next));
      return {};
    },

    tokensOf: (personId: string) => tokensOf(db, personId),
    revokeToken: (personId: string, tokenId: string) => revokeToken(db, personId, tokenId, new Date()),

    /** A new token for one of the person's own organisations (never someone else's). */
    async createOwnToken(personId: string, orgId: string, name: string): Promise<string | undefined> {
      const memberships = await membershipsOf(db, personId);
      if (!memberships.some((m) => m.id === orgId)) return undefined;
      return insertApiToken(db, orgId, personId, name);
    },

    listPeople: (search: string, page: number, pageSize: number) =>
      listPeople(db, { search, limit: pageSize, offset: (page - 1) * pageSize }),

    /** Disabling ends the person's sessions at once; tokens stop working because the principal is refused. */
    async setDisabled(actorId: string, personId: string, disabled: boolean) {
      const person = await findPersonByIdWithHash(db, personId);
      if (!person) return false;
      await setDisabled(db, personId, disabled ? new Date() : null);
      if (disabled) await deleteSessionsOf(db, personId);
      await audit.recordForPerson(personId, {
        actorId,
        action: 'account_disabled',
        summary: `${person.display_name}'s account was ${disabled ? 'disabled' : 'enabled again'} by a platform admin`,
      });
      return true;
    },

    findPerson: (personId: string) => findPersonById(db, personId),
    /** Active or disabled, for platform admins. */
    async findAnyPerson(personId: string) {
      const found = await findPersonByIdWithHash(db, personId);
      return (
        found && { id: found.id, email: found.email, display_name: found.display_name, disabled_at: found.disabled_at }
      );
    },
    hasPassword: async (personId: string) => Boolean((await findPersonByIdWithHash(db, personId))?.password_hash),
    membershipsOf: (personId: string) => membershipsOf(db, personId),
  };
}
