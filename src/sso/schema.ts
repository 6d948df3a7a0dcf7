// What an organisation admin may enter for single sign-on, checked at the boundary: the issuer's address,
// the client's id and secret, the email domains whose people may use it, and whether it is switched on.
import { z } from 'zod';
import { multilineText, plainText } from '../web/text.ts';

/** Plain http is allowed only for a provider on this machine (development and tests). */
export const isLoopbackHttp = (url: URL) =>
  url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

function issuerProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter the issuer as a full address, like https://login.example.org';
  }
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) return 'The issuer address must start with https://';
  if (url.username || url.password || url.search || url.hash) {
    return 'Enter the issuer without a user name, query or fragment, like https://login.example.org';
  }
  return undefined;
}

const domainPattern = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** One domain per line (commas and spaces also separate them); `@` before a domain is forgiven. */
export function parseDomains(text: string): { domains: string[]; problem?: string } {
  const domains = [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
        .filter((d) => d !== ''),
    ),
  ];
  if (domains.length === 0) return { domains, problem: 'Enter at least one email domain, like northshire.gov.uk' };
  if (domains.length > 50) return { domains, problem: 'Enter 50 email domains or fewer' };
  const bad = domains.find((d) => !domainPattern.test(d));
  if (bad !== undefined) {
    return { domains, problem: `“${bad.slice(0, 100)}” is not an email domain: enter domains like northshire.gov.uk` };
  }
  return { domains };
}

export const ssoSettingsForm = z.object({
  issuer: plainText({
    min: [1, 'Enter the issuer URL'],
    max: [500, 'The issuer URL must be 500 characters or fewer'],
  }).superRefine((value, ctx) => {
    const problem = issuerProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  clientId: plainText({ min: [1, 'Enter the client ID'], max: [500, 'The client ID must be 500 characters or fewer'] }),
  // Blank keeps the secret already saved (the page never shows it back).
  clientSecret: plainText({ max: [2000, 'The client secret must be 2000 characters or fewer'] }).default(''),
  allowedDomains: multilineText({ max: [5000, 'The list of domains must be 5,000 characters or fewer'] })
    .default('')
    .transform((text, ctx) => {
      const { domains, problem } = parseDomains(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
      return domains;
    }),
  enabled: z
    .string()
    .optional()
    .transform((value) => value === 'yes'),
});

export type SsoSettings = z.infer<typeof ssoSettingsForm>;

export const workEmailForm = z.object({
  email: z
    .string('Enter your work email address')
    .trim()
    .min(1, 'Enter your work email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
});

/** The part after the @, lower-cased. */
export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** A platform admin's decision on one organisation's claim to an email domain. */
export const domainDecisionForm = z.object({
  orgId: z.uuid('Select a claim from the list'),
  domain: z.string().trim().toLowerCase().min(1, 'Select a claim from the list').max(253),
  decision: z.enum(['approve', 'refuse'], { error: 'Select approve or refuse' }),
});

/** A person removing one of their own links. */
export const unlinkForm = z.object({ identityId: z.uuid('Select a link from the list') });
