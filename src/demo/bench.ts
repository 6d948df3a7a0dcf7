// Bench data of realistic shape: many organisations, people and stories, for measuring search and pages.
// Text is recombined from the framework and demo stories with a seeded generator, so runs are repeatable.
import { sql } from 'kysely';
import { visibilities } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { framework } from '../framework/data.ts';
import { sectors } from '../organisations/types.ts';
import { storyForms } from '../stories/types.ts';
import { demoStories } from './content.ts';

export interface BenchSize {
  organisations: number;
  users: number;
  stories: number;
}

/** mulberry32: a small seeded generator, so the same size gives the same data. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Topic words drawn with a Zipf-like law (the n-th word about 1/n as often as the first), so the bench
 * text has very common terms ("housing", tens of thousands of stories) and rare ones ("beekeeping", a few
 * dozen), as real collections do. Search timings are reported for both kinds.
 */
const topicWords = `housing council budget residents team families school hospital volunteers library
  transport planning recovery safeguarding carers funding community partnership training allotment
  neighbourhood flooding homelessness youth tenants benefits pharmacy parish ambulance probation
  apprentices dementia loneliness refugees translation childcare nursery pensions recycling potholes
  licensing inspection procurement contracts tribunal casework outreach helpline foodbank wellbeing
  bereavement fostering adoption hospice midwifery vaccination screening diabetes asthma nutrition
  cycling footpaths bridleway harbour ferry lighthouse moorland quarry orchard vineyard beekeeping
  blacksmith tapestry almshouse bandstand lido observatory canal towpath reservoir turbine heatpump
  retrofit insulation damp mould asbestos scaffolding graffiti curfew allotments hedgerow wildflower
  otter kestrel badger heron curlew lapwing falconry archery fencing rowing kayak orienteering
  cartography palaeography calligraphy bookbinding letterpress origami ceramics glassblowing
  thatching stonemasonry dry-stone wheelwright cooperage saddlery millinery haberdashery
  fishmonger costermonger lamplighter chimney almoner beadle alderman verger sexton
  ombudsman coroner magistrate bailiff registrar archivist curator conservator taxidermy`
  .split(/\s+/)
  .filter((w) => w.length > 0);

const topicTemplates = [
  'Most of that month went on {a}, with {b} close behind.',
  'Nobody had asked the {a} team about {b} before.',
  'We learned more about {a} from residents than from any report on {b}.',
  'The {a} budget paid for the {b} work in the end.',
  'A conversation about {a} turned into a plan for {b}.',
];

const sentencesOf = (text: string) =>
  text
    .replace(/[#>*_`]/g, '')
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 20);

export async function seedBench(db: Db, size: BenchSize, onProgress: (done: number) => void = () => {}) {
  const random = seeded(2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const sentences = [
    ...demoStories.flatMap((s) => sentencesOf(s.body)),
    ...framework.characteristics.flatMap((c) => [...sentencesOf(c.description), ...c.indicators]),
    ...framework.lessons.flatMap((l) => sentencesOf(l.body)),
  ];
  const titles = demoStories.map((s) => s.title);
  const zipfWeights = topicWords.map((_, n) => 1 / (n + 1));
  const zipfTotal = zipfWeights.reduce((a, b) => a + b, 0);
  const topic = () => {
    let x = random() * zipfTotal;
    for (const [n, w] of zipfWeights.entries()) {
      x -= w;
      if (x <= 0) return topicWords[n] as string;
    }
    return topicWords[0] as string;
  };
  const topicSentence = () =>
    pick(topicTemplates)
      .replace('{a}', topic())
      .replace('{b}', topic())
      .replace(/^./, (c) => c.toUpperCase());
  const run = Date.now().toString(36);

  const orgIds: string[] = [];
  for (let i = 0; i < size.organisations; i += 500) {
    const rows = Array.from({ length: Math.min(500, size.organisations - i) }, (_, j) => ({
      slug: `bench-${run}-org-${i + j}`,
      name: `Bench organisation ${i + j}`,
      sector: pick(sectors),
      region: pick([
        'North East',
        'North West',
        'Yorkshire',
        'Midlands',
        'East',
        'London',
        'South East',
        'South West',
        'Wales',
        'Scotland',
        'Northern Ireland',
      ]),
    }));
    const ids = await db.insertInto('organisations').values(rows).returning('id').execute();
    orgIds.push(...ids.map((r) => r.id));
  }

  const people: { id: string; orgId: string }[] = [];
  for (let i = 0; i < size.users; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, size.users - i) }, (_, j) => ({
      email: `bench-${run}-${i + j}@bench.example`,
      display_name: `Bench person ${i + j}`,
      password_hash: null,
      disabled_at: null,
    }));
    const ids = await db.insertInto('users').values(rows).returning('id').execute();
    for (const [j, row] of ids.entries()) people.push({ id: row.id, orgId: orgIds[(i + j) % orgIds.length] as string });
  }
  for (let i = 0; i < people.length; i += 2000) {
    await db
      .insertInto('memberships')
      .values(people.slice(i, i + 2000).map((p) => ({ org_id: p.orgId, user_id: p.id, role: 'member' as const })))
      .execute();
  }

  const keys = framework.characteristics.map((c) => c.key);
  const roleKeys = framework.roles.map((r) => r.key);
  const now = Date.now();
  // Most stories are public, as in a real library; the rest spread over the other scopes but `space`.
  const scopes = visibilities.filter((v) => v !== 'space');
  for (let i = 0; i < size.stories; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, size.stories - i) }, (_, j) => {
      const author = people[Math.floor(random() * people.length)] as { id: string; orgId: string };
      const primary = pick(keys);
      const others = keys.filter((k) => k !== primary && random() < 0.12);
      const paragraphs = Array.from({ length: 2 + Math.floor(random() * 3) }, () =>
        Array.from({ length: 2 + Math.floor(random() * 3) }, () =>
          random() < 0.35 ? topicSentence() : pick(sentences),
        ).join(' '),
      );
      const publishedAt = new Date(now - Math.floor(random() * 3 * 365) * 86_400_000 - (i + j) * 1000);
      return {
        org_id: author.orgId,
        slug: `story-${i + j}`,
        title: random() < 0.5 ? `${pick(titles)} (${i + j})` : `${topic()} and ${topic()}: ${pick(titles)}`,
        form: pick(storyForms),
        body: paragraphs.join('\n\n'),
        primary_characteristic: primary,
        characteristics: [primary, ...others],
        roles: roleKeys.filter(() => random() < 0.15).slice(0, 3),
        place: pick(['Kelbridge', 'Ashby Moor', 'North Northshire', 'Harlow Vale', 'Eastmere']),
        author_id: author.id,
        visibility: random() < 0.8 ? ('public' as const) : pick(scopes),
        space_id: null,
        // A few stories are still on their way (drafts, waiting for moderation), as in a live library.
        ...(random() < 0.04
          ? { status: pick(['draft', 'submitted', 'changes_requested'] as const), published_at: null }
          : { status: 'published' as const, published_at: publishedAt }),
      };
    });
    await db.insertInto('stories').values(rows).execute();
    onProgress(Math.min(i + 1000, size.stories));
  }
  // What autovacuum does soon after a bulk load, done now so the bench measures a settled library: fresh
  // statistics, and pages marked all-visible so newest-first walks read the index alone.
  await sql`vacuum (analyze)`.execute(db);
}
