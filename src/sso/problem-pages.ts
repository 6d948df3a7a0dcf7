// The pages a refused single sign-on shows: one plain explanation per reason, with where to go next.
import type { FastifyReply } from 'fastify';
import type { SignInProblem } from './service.ts';

interface ProblemPage {
  status: number;
  title: string;
  text: string;
  /** Where to go next, when not the usual "start again" and "sign in another way". */
  links?: { href: string; text: string }[];
}

const linkAgain = [{ href: '/account/sso', text: 'Back to single sign-on on your account' }];

const problems: Record<SignInProblem, ProblemPage> = {
  expired: {
    status: 400,
    title: 'Your sign-in took too long',
    text: 'Signing in through your organisation must be finished within 10 minutes. Start again.',
  },
  state: {
    status: 400,
    title: 'This sign-in could not be matched',
    text: 'The answer from your organisation’s sign-in service does not match a sign-in started in this browser, so it was refused. Start again from Waymark.',
  },
  denied: {
    status: 400,
    title: 'You did not give permission',
    text: 'Signing in was cancelled at your organisation’s sign-in service, so you are not signed in to Waymark.',
  },
  unavailable: {
    status: 502,
    title: 'Your organisation’s single sign-on is not available',
    text: 'Waymark could not reach your organisation’s sign-in service, or it has been switched off. Try again later, or sign in another way.',
  },
  failed: {
    status: 502,
    title: 'Signing in through your organisation did not work',
    text: 'Your organisation’s sign-in service did not complete the sign-in. Try again, or sign in another way. If it keeps happening, tell your organisation’s Waymark admin.',
  },
  no_email: {
    status: 400,
    title: 'Your organisation did not share your email address',
    text: 'Waymark needs your work email address to set up your account. Ask your organisation’s Waymark admin to check the single sign-on settings.',
  },
  domain: {
    status: 400,
    title: 'Your email address cannot be used here',
    text: 'Your organisation allows single sign-on only for people with an email address at the domains it has chosen, and yours is not one of them. Sign in another way, or ask your organisation’s Waymark admin.',
  },
  unverified: {
    status: 400,
    title: 'Your email address is not verified',
    text: 'Your organisation’s sign-in service says your email address has not been verified, so Waymark cannot create or link an account with it. Ask your organisation’s IT team.',
  },
  disabled: {
    status: 400,
    title: 'This account is disabled',
    text: 'You cannot sign in to a disabled account. If you think this is a mistake, ask your organisation’s Waymark admin.',
  },
  link_required: {
    status: 409,
    title: 'You already have a Waymark account',
    text: 'An account with your email address already exists, and single sign-on has not been linked to it. Sign in the way you usually do, with your password or an emailed link, then link your organisation’s sign-in from your account. Waymark never joins a sign-in to an account by its email address alone.',
    links: [
      { href: '/sign-in?returnTo=%2Faccount%2Fsso', text: 'Sign in with your password or an emailed link' },
      { href: '/sign-in/link', text: 'Get a sign-in link by email' },
    ],
  },
  taken: {
    status: 409,
    title: 'That sign-in belongs to another account',
    text: 'The account you used at your organisation’s sign-in service is already linked to another Waymark account, so it cannot be linked to yours.',
    links: linkAgain,
  },
  not_member: {
    status: 403,
    title: 'You are not a member of this organisation',
    text: 'You can link only the sign-in of an organisation you belong to on Waymark.',
    links: linkAgain,
  },
};

export const problemPage = (reply: FastifyReply, problem: SignInProblem, linking = false) => {
  const page = problems[problem];
  reply.status(page.status).header('cache-control', 'no-store');
  return reply.view('sso/views/problem.njk', {
    ...page,
    nextSteps: page.links ?? (linking ? linkAgain : undefined),
  });
};
