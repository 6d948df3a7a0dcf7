// A reader signed in the way a person does it: the demo sign-in details Waymark prints at its first start,
// typed into the real sign-in form (its page, its CSRF token, its session cookie).

export interface DemoCredential {
  email: string;
  password: string;
  role: string;
}

/** The demo people from the first start's banner (`  email   password   role`, see src/cli/banner.ts). */
export function demoCredentialsIn(banner: string): DemoCredential[] {
  return [...banner.matchAll(/^ {2}(\S+@\S+)\s+(\S+)\s+(.+)$/gm)].map(([, email, password, role]) => ({
    email: email as string,
    password: password as string,
    role: (role as string).trim(),
  }));
}

/** Cookies set by a response, merged over those a client already holds, as a Cookie header. */
function withCookies(held: Map<string, string>, response: Response): Map<string, string> {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const at = pair?.indexOf('=') ?? -1;
    if (pair && at > 0) held.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return held;
}

const cookieHeader = (held: Map<string, string>) => [...held].map(([name, value]) => `${name}=${value}`).join('; ');

/** Signs in through the form and returns the Cookie header of the signed-in session. */
export async function signIn(baseUrl: string, credential: DemoCredential): Promise<string> {
  const cookies = new Map<string, string>();
  const page = await fetch(`${baseUrl}/sign-in`);
  withCookies(cookies, page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error('The sign-in page has no CSRF token');
  const answer = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(cookies) },
    body: new URLSearchParams({ _csrf: csrf, email: credential.email, password: credential.password, returnTo: '/' }),
  });
  if (answer.status !== 303) throw new Error(`Signing in as ${credential.email} answered ${answer.status}`);
  return cookieHeader(withCookies(cookies, answer));
}
