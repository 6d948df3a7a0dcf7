// Accounts: creating people and tokens, signing in with a password, and resolving who a caller is.
import { callerFor, principalFor } from '../access/principal.ts';
import type { MembershipRole } from '../access/roles.ts';
import type { Principal } from '../access/visibility.ts';
import { type AuditService, auditService, auditText, mention } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import { type Outbox, outbox } from '../email/outbox.ts';
import { passwordProblem } from './password-policy.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import {
  addMembership,
  deleteSessionsOf,
  expireSignInLinksOf,
  findLiveSignInLink,
  findOrganisationIdBySlug,
  findPersonByEmail,
  findPersonById,
  findPersonByIdWithHash,
  findUnrevokedToken,
  insertApiToken,
  insertPerson,
  insertSignInLink,
  listPeople,
  membershipsOf,
  raiseSessionGeneration,
  revokeToken,
  revokeTokensOf,
  setDisabled,
  setPasswordHash,
  tokensOf,
  useSignInLink,
} from './repository.ts';

export class AccountError extends Error {}

/** Sign-in links work for ten minutes, once. */
export const signInLinkLifetimeMs = 10 * 60 * 1000;

/** An API token lives 90 days unless its owner chooses otherwise, and never more than a year. */
export const tokenLifetimeDays = { default: 90, max: 365 } as const;

const dayMs = 24 * 60 * 60 * 1000;

/** When a token made now for that many days expires; refuses a lifetime outside 1 to 365 days. */
export function tokenExpiry(lifetimeDays: number, now: Date): Date {
  if (!Number.isInteger(lifetimeDays) || lifetimeDays < 1 || lifetimeDays > tokenLifetimeDays.max) {
    throw new AccountError(`A token lasts from 1 to ${tokenLifetimeDays.max} days.`);
  }
  return new Date(now.getTime() + lifetimeDays * dayMs);
}

/** Who an API token speaks for, or why it is refused (`token_expired`, or `unauthorised` for anything else). */
export type TokenCaller = { principal: Principal } | { refused: 'token_expired' | 'unauthorised' };

/**
 * In the caller's transaction: raise the generation, end every session but the one named (none, for
 * disabling), revoke every token and end every unused sign-in link (one sent to a mailbox someone else
 * reads would otherwise start a fresh session). Returns the generation a session kept from now on carries.
 */
async function endOtherSessionsIn(trx: Db, personId: string, ownSessionId?: string): Promise<number> {
  const generation = await raiseSessionGeneration(trx, personId);
  if (generation === undefined) throw new AccountError('No such account.');
  const now = new Date();
  await deleteSessionsOf(trx, personId, ownSessionId);
  await revokeTokensOf(trx, personId, now);
  await expireSignInLinksOf(trx, personId, now);
  return generation;
}

/**
 * `baseUrl` is the site's address, for the link in a sign-in email. The command line and tests may leave `deps`
 * out: email then goes to the outbox with a link relative to the site.
 */
export function accountsService(
  db: Db,
  { email, audit, baseUrl }: { email: Outbox; audit: AuditService; baseUrl: string } = {
    email: outbox(db),
    audit: auditService(db),
    baseUrl: '',
  },
) {
  const endOtherSessions = (personId: string, ownSessionId: string) =>
    db.transaction().execute((trx) => endOtherSessionsIn(trx, personId, ownSessionId));
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
      const org = await findOrganisationIdBySlug(db, input.orgSlug);
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

    /** A personal API token acting for one of the person's organisations, for 90 days unless told otherwise. */
    async createToken(
      email: string,
      orgSlug: string,
      name: string,
      { lifetimeDays = tokenLifetimeDays.default as number, now = new Date() } = {},
    ): Promise<string> {
      const expiresAt = tokenExpiry(lifetimeDays, now);
      const person = await findPersonByEmail(db, email);
      if (!person || person.disabled_at) throw new AccountError(`No active account has the email ${email}.`);
      const org = await findOrganisationIdBySlug(db, orgSlug);
      if (!org) throw new AccountError(`There is no organisation '${orgSlug}'.`);
      const memberships = await membershipsOf(db, person.id);
      if (!memberships.some((m) => m.id === org.id)) {
        throw new AccountError(`${email} is not a member of ${orgSlug}.`);
      }
      return insertApiToken(db, { orgId: org.id, personId: person.id, name, expiresAt });
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

    async callerForToken(token: string, now = new Date()): Promise<TokenCaller> {
      const found = await findUnrevokedToken(db, token, now);
      if (!found) return { refused: 'unauthorised' };
      // Saying "expired" only for a token that once worked tells a program's owner what to do, and a
      // stranger nothing: they would need the secret to get that answer.
      if (found.expires_at <= now) return { refused: 'token_expired' };
      const principal = await principalFor(db, found.person_id, { actingOrgId: found.org_id });
      return principal.kind === 'person' ? { principal } : { refused: 'unauthorised' };
    },

    /** A signed-in session's caller, with the name and session generation the session is checked against. */
    sessionCaller: (personId: string, preferredOrgId?: string) =>
      callerFor(db, personId, preferredOrgId === undefined ? {} : { preferredOrgId }),

    /** The generation a session signed in now carries; undefined for an unknown or disabled account. */
    async sessionGeneration(personId: string): Promise<number | undefined> {
      return (await findPersonById(db, personId))?.session_generation;
    },

    /**
     * Signs the person out on every other device and revokes their API tokens. Raising the generation
     * first means a session that a request in flight writes back afterwards still no longer counts.
     * Returns the generation the caller's own session must now carry.
     */
    endOtherSessions: (personId: string, ownSessionId: string) => endOtherSessions(personId, ownSessionId),

    /**
     * Emails a one-time sign-in link when the address belongs to an active account. The caller says the
     * same thing either way, so the form does not reveal who has an account.
     */
    async sendSignInLink(address: string, now = new Date()): Promise<void> {
      const person = await findPersonByEmail(db, address);
      if (!person || person.disabled_at) return;
      const secret = await insertSignInLink(db, person.id, new Date(now.getTime() + signInLinkLifetimeMs));
      await email.send({
        to: person.email,
        subject: 'Your link to sign in to Waymark',
        text: [
          `Hello ${person.display_name},`,
          '',
          'You asked for a link to sign in to Waymark. Open it to sign in. It works once, for the next 10 minutes:',
          '',
          `${baseUrl}/sign-in/link/${secret}`,
          '',
          'If it has stopped working, ask for a new one on the sign-in page.',
          '',
          'If you did not ask for it, you can ignore this email: nobody can use the link without reaching your inbox.',
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
        summary: auditText`Failed password sign-in for ${mention(person.id)}`,
      });
    },

    /**
     * Changes a password after checking the current one, then ends the person's other sessions and revokes
     * their tokens: whoever knew the old password keeps nothing. The reasons it cannot, in words, otherwise.
     */
    async changePassword(
      personId: string,
      ownSessionId: string,
      current: string,
      next: string,
    ): Promise<{ problems: Record<string, string> } | { generation: number }> {
      const person = await findPersonByIdWithHash(db, personId);
      if (!person || person.disabled_at) return { problems: { current: 'Sign in again' } };
      if (person.password_hash && !(await verifyPassword(person.password_hash, current))) {
        return { problems: { current: 'Your current password is not right' } };
      }
      const problem = passwordProblem(next, { email: person.email, displayName: person.display_name });
      if (problem) return { problems: { password: problem } };
      const hash = await hashPassword(next);
      return db.transaction().execute(async (trx) => {
        await setPasswordHash(trx, personId, hash);
        return { generation: await endOtherSessionsIn(trx, personId, ownSessionId) };
      });
    },

    tokensOf: (personId: string) => tokensOf(db, personId),
    revokeToken: (personId: string, tokenId: string) => revokeToken(db, personId, tokenId, new Date()),

    /** A new token for one of the person's own organisations (never someone else's). */
    async createOwnToken(
      personId: string,
      token: { orgId: string; name: string; lifetimeDays: number },
      now = new Date(),
    ): Promise<string | undefined> {
      const memberships = await membershipsOf(db, personId);
      if (!memberships.some((m) => m.id === token.orgId)) return undefined;
      const expiresAt = tokenExpiry(token.lifetimeDays, now);
      return insertApiToken(db, { orgId: token.orgId, personId, name: token.name, expiresAt });
    },

    listPeople: (search: string, page: number, pageSize: number) =>
      listPeople(db, { search, limit: pageSize, offset: (page - 1) * pageSize }),

    /**
     * Disabling ends the person's sessions at once (and raises their generation, so none comes back from a
     * request in flight) and revokes their tokens, so enabling the account again brings none of them back.
     */
    async setDisabled(actorId: string, personId: string, disabled: boolean) {
      const person = await findPersonByIdWithHash(db, personId);
      if (!person) return false;
      await db.transaction().execute(async (trx) => {
        await setDisabled(trx, personId, disabled ? new Date() : null);
        if (disabled) await endOtherSessionsIn(trx, personId);
      });
      await audit.recordForPerson(personId, {
        actorId,
        action: 'account_disabled',
        summary: auditText`${mention(personId)}'s account was ${disabled ? 'disabled' : 'enabled again'} by a platform admin`,
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
