// Pages speak in words, never in the values the database stores: "Shared with your organisation", not
// "organisation"; "Waiting for moderation", not "submitted". Every page of the app is rendered with the demo
// content for the kinds of caller who reach it, and its visible text is searched for the vocabularies' values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as vocabularies from '../../src/db/vocabularies.ts';
import { type AccessWorld, buildAccessWorld, type CallerName, callAs, concreteUrl } from '../support/access-world.ts';

let world: AccessWorld;
beforeAll(async () => {
  world = await buildAccessWorld();
});
afterAll(() => world.t.close());

/** Every stored value of every vocabulary. */
const stored = [
  ...new Set((Object.values(vocabularies) as unknown[]).filter((v): v is readonly string[] => Array.isArray(v)).flat()),
];

/** The text a reader sees: no scripts, styles, head, attributes or tags. */
function visibleText(html: string): string[] {
  const body = html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    // Code is a value to type as it is (the import format's words, an OpenID scope): never a label.
    .replace(/<(script|style|template|code)\b[\s\S]*?<\/\1>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  return body
    .split(/<[^>]*>/)
    .map((t) =>
      t
        .replace(/&[a-z#0-9]+;/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((t) => t !== '');
}

function rawValuesIn(html: string): string[] {
  const found = new Set<string>();
  for (const text of visibleText(html)) {
    for (const value of stored) {
      // A value with _ or - never reads as a word; a plain word only when it stands alone as a node's text.
      const compound = /[_-]/.test(value);
      if (compound ? new RegExp(`(^|[^\\w-])${value}($|[^\\w-])`).test(text) : text === value) {
        found.add(`${value} in “${text.slice(0, 80)}”`);
      }
    }
  }
  return [...found];
}

const readers: CallerName[] = ['anonymous', 'member', 'moderator', 'org_admin', 'platform_admin'];

describe('human words', () => {
  it('no page shows a stored value where words belong', async () => {
    const failures: string[] = [];
    let pages = 0;
    for (const route of world.t.app.routeTable) {
      if (route.method !== 'GET' || route.url.startsWith('/api/') || route.url.startsWith('/assets/')) continue;
      const url = concreteUrl(route.url, world.records);
      if (url === undefined) continue;
      for (const name of readers) {
        const response = await callAs(world.t, world.caller(name), 'GET', url);
        if (response.statusCode !== 200 || !String(response.headers['content-type']).startsWith('text/html')) continue;
        pages++;
        for (const raw of rawValuesIn(response.body)) failures.push(`${url} as ${name}: ${raw}`);
      }
    }
    // Every demo story, as its page and (for moderators) its review: each status, form and audience.
    const stories = await world.t.database.db.selectFrom('stories').select('id').execute();
    for (const { id } of stories) {
      for (const [name, url] of [
        ['member', `/stories/${id}`],
        ['moderator', `/stories/${id}`],
        ['moderator', `/moderation/stories/${id}`],
        ['member', `/stories/${id}/edit`],
      ] as const) {
        const response = await callAs(world.t, world.caller(name), 'GET', url);
        if (response.statusCode !== 200) continue;
        pages++;
        for (const raw of rawValuesIn(response.body)) failures.push(`${url} as ${name}: ${raw}`);
      }
    }
    expect(pages).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });
});
