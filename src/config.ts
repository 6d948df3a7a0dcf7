// Configuration: read once from the environment at start-up, validated with zod.
// A bad value stops start-up with one line naming the variable and what is wrong.
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

/** Who runs this deployment and how to reach them: the footer, the sign-in page and the statements say so. */
export interface DeploymentContact {
  /** Where people write with questions, accessibility problems and privacy requests (CONTACT_EMAIL). */
  email: string;
  /** Who runs the deployment, as a sentence names them: "the team that runs this Waymark" (CONTACT_NAME). */
  name: string;
  /** When the deployment's operator last tested it for accessibility, as YYYY-MM-DD, if they said. */
  accessibilityTestedOn: string | undefined;
}

/** The contact a local run shows; a deployment sets its own (the README says which variables). */
export const defaultContact: DeploymentContact = {
  email: 'waymark@localhost',
  name: 'the team that runs this Waymark',
  accessibilityTestedOn: undefined,
};

/** A real day of the calendar written as YYYY-MM-DD (so 2026-02-30 is refused). */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  // An address, or a name and an address in angle brackets; no line breaks, which could forge headers.
  MAIL_FROM: z
    .string()
    .trim()
    .regex(
      /^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
      'must be an email address, or a name and address like "Waymark <no-reply@example.org>"',
    )
    .default('Waymark <no-reply@localhost>'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
      'must be a number of proxy hops (e.g. 1) or a comma-separated list of proxy addresses',
    )
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SSO_ALLOW_PRIVATE_ISSUERS: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  // Shown on every page and in a mailto link: a plain address, nothing a mail program could read as more.
  CONTACT_EMAIL: z
    .string()
    .trim()
    .max(254, 'must be at most 254 characters')
    .regex(/^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/, 'must be one email address, like waymark@example.org')
    .default(defaultContact.email),
  CONTACT_NAME: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(120, 'must be at most 120 characters')
    .regex(/^[^\p{Cc}]+$/u, 'must be one line of text')
    .default(defaultContact.name),
  ACCESSIBILITY_TESTED_ON: z
    .string()
    .trim()
    .refine(isCalendarDate, 'must be a date written like 2026-03-31')
    .optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  baseUrl: string;
  smtpUrl: string | undefined;
  /** The sender of every email Waymark sends. */
  mailFrom: string;
  /** Undefined only in embedded mode before the data folder supplies one. */
  sessionSecret: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /**
   * Which proxies' X-Forwarded-For and X-Forwarded-Proto to believe: none unless configured, so a forged
   * header cannot change the address sign-in throttles count, nor make an http request look secure.
   */
  trustProxy: false | number | string[];
  /** True when Waymark starts its own PostgreSQL (no DATABASE_URL). */
  embedded: boolean;
  /**
   * Let single sign-on use providers on loopback or private addresses. Off by default, so an organisation
   * admin cannot make Waymark call into the network it runs in; for tests and intranet-only deployments.
   */
  ssoAllowPrivateIssuers: boolean;
  contact: DeploymentContact;
}

export class ConfigError extends Error {}

/** Empty strings count as unset, so `PORT= npm start` behaves like no PORT at all. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const value = env[name];
    const message =
      issue?.code === 'invalid_type' && value === undefined ? 'is required' : (issue?.message ?? 'is invalid');
    throw new ConfigError(`${name} ${message}.`);
  }
  const e = parsed.data;
  const embedded = e.DATABASE_URL === undefined;
  if (!embedded && e.SESSION_SECRET === undefined) {
    throw new ConfigError('SESSION_SECRET is required when DATABASE_URL is set (at least 32 characters).');
  }
  // Waymark itself speaks plain http: an https address means a TLS proxy in front, which must be trusted
  // to say so, or the Secure session cookie would never be set and nobody could sign in.
  if (e.BASE_URL?.startsWith('https://') && e.TRUST_PROXY === undefined) {
    throw new ConfigError(
      'TRUST_PROXY is required when BASE_URL is https: set it to the number of proxies in front of Waymark (usually 1) or their addresses.',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionSecret: e.SESSION_SECRET,
    logLevel: e.LOG_LEVEL,
    trustProxy:
      e.TRUST_PROXY === undefined
        ? false
        : /^\d+$/.test(e.TRUST_PROXY)
          ? Number(e.TRUST_PROXY)
          : e.TRUST_PROXY.split(','),
    embedded,
    ssoAllowPrivateIssuers: e.SSO_ALLOW_PRIVATE_ISSUERS === 'true',
    contact: { email: e.CONTACT_EMAIL, name: e.CONTACT_NAME, accessibilityTestedOn: e.ACCESSIBILITY_TESTED_ON },
  };
}
