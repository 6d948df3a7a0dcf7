// Invented demo articles, written by us: ten pieces from two organisations' editors (and two guests), in two
// series, across the four kinds of article. Seeded through the articles folder's own repository, so a demo
// article is stored exactly as an editor's would be.
import { insertArticleIn, insertSeries } from '../articles/repository.ts';
import type { ArticleInput } from '../articles/schema.ts';
import type { Db } from '../db/database.ts';

interface DemoArticle {
  org: string;
  editor: string;
  series?: string;
  daysAgo: number;
  input: Omit<ArticleInput, 'seriesId' | 'authorIds' | 'guestName' | 'guestJob' | 'guestOrg'> & {
    guest?: { name: string; job: string; org: string };
  };
}

const tannerside = 'tannerside-council';
const hollinsford = 'hollinsford-district-council';
const yasmin = 'yasmin.farrant@tannerside-council.example';
const joel = 'joel.ashdown@hollinsford-district-council.example';

/** The two series, by organisation. */
export const demoSeries = [
  {
    org: tannerside,
    title: 'Theme 5: careers across sectors',
    summary: 'What happens when people move between councils, the NHS, charities and business, and come back.',
  },
  {
    org: hollinsford,
    title: 'Notes from the front desk',
    summary: 'Short pieces about the first conversation a resident has with the council, and what it teaches us.',
  },
];

export const demoArticles: DemoArticle[] = [
  {
    org: tannerside,
    editor: yasmin,
    series: 'Theme 5: careers across sectors',
    daysAgo: 40,
    input: {
      title: 'Why we started writing about careers that cross sectors',
      summary: 'An introduction to the series, and to the people who agreed to tell us how they moved.',
      kind: 'blog_post',
      visibility: 'public',
      tags: ['characteristic:career', 'lesson:interprofessional-learning'],
      body: `Most of us know someone who left the council for a charity, or the NHS for a housing association, and came back a year later with a different way of working.\n\nWe rarely ask them what they learned. This series does. Over the next few months we will publish short pieces from people who crossed over, and from the managers who let them go and welcomed them back.\n\n## What we are looking for\n\n- The practical things: pensions, notice periods, who paid for the training.\n- The quieter things: the habits you brought with you, and the ones you dropped.\n- What you would tell your old team now.\n\nIf you have a story like this, talk to your editor, or write it yourself as a story on Waymark.`,
    },
  },
  {
    org: tannerside,
    editor: yasmin,
    series: 'Theme 5: careers across sectors',
    daysAgo: 33,
    input: {
      title: 'Two years in a housing charity, and what I brought back',
      summary: 'A licensing officer on learning to say “I don’t know yet” to residents.',
      kind: 'guest_column',
      visibility: 'public',
      tags: ['characteristic:career', 'characteristic:equals', 'sector:voluntary'],
      guest: { name: 'Femi Adeyinka', job: 'Licensing officer', org: 'London Borough of Tannerside' },
      body: `At the council I was trained to have an answer. At the charity, the first thing my manager told me was that residents could tell when you were guessing.\n\nSo I learned to say “I don’t know yet, and I will ring you on Thursday”. Then I learned to ring on Thursday.\n\nWhen I came back, the forms were the same and the systems were the same. What had changed was how long I let a silence last before filling it. Colleagues noticed before I did.`,
    },
  },
  {
    org: tannerside,
    editor: yasmin,
    series: 'Theme 5: careers across sectors',
    daysAgo: 26,
    input: {
      title: 'Research summary: what helps people return to public service',
      summary: 'Our reading of what returners say helps, and what gets in the way.',
      kind: 'research_summary',
      visibility: 'public',
      tags: ['characteristic:career', 'characteristic:skills', 'lesson:interprofessional-learning'],
      body: `We read the returners' stories on Waymark and the interviews our HR team ran last year, and looked for what came up again and again.\n\n## What helps\n\n1. A named person who keeps in touch while you are away.\n2. Recognition of what you did outside: a conversation, not just a form.\n3. A first piece of work where the new skills are needed.\n\n## What gets in the way\n\n- Pay scales that treat time outside as a gap.\n- Being asked to prove again what you proved before you left.\n\nThis is a summary of what people told us, not a survey. The stories it draws on are linked from the characteristic page for careers.`,
    },
  },
  {
    org: tannerside,
    editor: yasmin,
    series: 'Theme 5: careers across sectors',
    daysAgo: 19,
    input: {
      title: 'Event write-up: the careers crossover breakfast',
      summary: 'Thirty people, three sectors, one room above the library.',
      kind: 'event_write_up',
      visibility: 'signed_in',
      tags: ['characteristic:career', 'sector:local-government', 'sector:nhs'],
      body: `We held our first crossover breakfast in the room above Tannerside library. Thirty people came: council staff, two ward managers from the trust, and people from four local charities.\n\nEach table had one question: “what did you take for granted until you left?”\n\nThe answers ranged from the photocopier to the pension. The one we heard most was “permission”: the sense that someone above you had already said yes.\n\nWe will run another in the spring. Notes from each table are with the organisers.`,
    },
  },
  {
    org: tannerside,
    editor: yasmin,
    series: 'Theme 5: careers across sectors',
    daysAgo: 12,
    input: {
      title: 'A manager’s view: letting good people go',
      summary: 'Why a team leader now encourages secondments out, and how she covers the gap.',
      kind: 'blog_post',
      visibility: 'public',
      tags: ['characteristic:career', 'characteristic:leadership', 'characteristic:supportive'],
      body: `I used to count every secondment as a vacancy I could not fill. Now I count it as training I could not buy.\n\nThe gap is real. We cover it by sharing work across two teams and being honest with residents about waiting times.\n\nWhat makes it worth it is the first team meeting after someone comes back. They ask different questions, and the rest of us start asking them too.`,
    },
  },
  {
    org: hollinsford,
    editor: joel,
    series: 'Notes from the front desk',
    daysAgo: 35,
    input: {
      title: 'The first ninety seconds',
      summary: 'What a customer service adviser listens for before anyone says what they came about.',
      kind: 'blog_post',
      visibility: 'public',
      tags: ['characteristic:locality', 'characteristic:ethos', 'sector:local-government'],
      body: `People rarely start with what they came about. They start with the bus, or the rain, or the queue.\n\nOur advisers listen for the name of a street, a school, a GP surgery. It tells them which of our teams, and which of our partners, might be part of the answer.\n\nNinety seconds of small talk can save a week of being passed along.`,
    },
  },
  {
    org: hollinsford,
    editor: joel,
    series: 'Notes from the front desk',
    daysAgo: 28,
    input: {
      title: 'Guest column: the library desk is a front desk too',
      summary: 'A librarian on the questions that arrive at the wrong counter.',
      kind: 'guest_column',
      visibility: 'public',
      tags: ['characteristic:locality', 'characteristic:initiative'],
      guest: { name: 'Agnes Whitlow', job: 'Community librarian', org: 'Hollinsford Libraries' },
      body: `Half the questions at my desk are not about books. Council tax, bus passes, a letter nobody can read.\n\nWe used to say “that’s the council, not us”. Now we keep a folder of who to ring, and a phone that residents can use.\n\nThe folder is the most borrowed thing in the building.`,
    },
  },
  {
    org: hollinsford,
    editor: joel,
    series: 'Notes from the front desk',
    daysAgo: 21,
    input: {
      title: 'Research summary: what residents remember about a visit',
      summary: 'From our comment cards: people remember being believed more than being helped quickly.',
      kind: 'research_summary',
      visibility: 'public',
      tags: ['characteristic:ethos', 'characteristic:equals', 'lesson:changing-citizens'],
      body: `We read a year of comment cards from the reception at Hollinsford House.\n\nThe most common praise was not speed. It was some version of “she believed me”.\n\nThe most common complaint was being asked the same question by three people. We have since changed how notes pass between the desk and the teams behind it.`,
    },
  },
  {
    org: hollinsford,
    editor: joel,
    daysAgo: 14,
    input: {
      title: 'Event write-up: an open afternoon for new starters',
      summary: 'New starters from every department spent an afternoon on the front desk.',
      kind: 'event_write_up',
      visibility: 'public',
      tags: ['characteristic:skills', 'role:broker', 'sector:local-government'],
      body: `Every new starter this autumn, from planning to payroll, spent an afternoon beside an adviser on the front desk.\n\nThey did not answer questions. They listened, and at the end they wrote down one thing that surprised them.\n\nThe most common surprise: how many problems cross three departments before lunch.`,
    },
  },
  {
    org: hollinsford,
    editor: joel,
    daysAgo: 5,
    input: {
      title: 'Why we publish our own mistakes',
      summary: 'A short note on the page where we write up what went wrong, and what we changed.',
      kind: 'blog_post',
      visibility: 'public',
      tags: ['characteristic:reflects', 'characteristic:leadership'],
      body: `Once a quarter we publish a short note on something that went wrong at the front desk, and what we changed.\n\nIt started as an experiment. Residents read it more than anything else we publish.\n\nStaff read it too. It is easier to admit a mistake when you have seen your director do it first.`,
    },
  },
];

const day = 86_400_000;

/** Seeds the editors, the series and the articles, inside the demo's own transaction. */
export async function seedArticlesDemo(
  tx: Db,
  ids: { orgId: (slug: string) => string; personId: (email: string) => string | undefined },
  now: Date,
): Promise<void> {
  const person = (email: string) => {
    const id = ids.personId(email);
    if (!id) throw new Error(`Demo articles name an unknown editor: ${email}`);
    return id;
  };
  for (const [email, org] of [
    [yasmin, tannerside],
    [joel, hollinsford],
  ] as const) {
    await tx
      .insertInto('memberships')
      .values({ org_id: ids.orgId(org), user_id: person(email), role: 'editor' })
      .execute();
  }
  const seriesIds = new Map<string, string>();
  for (const s of demoSeries) {
    const id = await insertSeries(tx, ids.orgId(s.org), { title: s.title, summary: s.summary });
    if (id) seriesIds.set(s.title, id);
  }
  for (const a of demoArticles) {
    const { guest, ...input } = a.input;
    await insertArticleIn(
      tx,
      ids.orgId(a.org),
      person(a.editor),
      {
        ...input,
        seriesId: a.series ? (seriesIds.get(a.series) ?? null) : null,
        authorIds: [person(a.editor)],
        guestName: guest?.name ?? null,
        guestJob: guest?.job ?? null,
        guestOrg: guest?.org ?? null,
      },
      new Date(now.getTime() - a.daysAgo * day),
    );
  }
}
