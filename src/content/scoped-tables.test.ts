// Visibility that cannot be forgotten: a query naming a scoped table (a kind's table, or a table of its
// parts) outside the kind's own folder fails this test. Inside its folder every read goes through the kind's
// `readable` or the content policies; everywhere else reaches the records through the kind's services, or
// through the registry (which names tables only from declarations, never in the source). The few places
// that must touch a table without a caller (a person's own export and erasure, the model that learns from
// published stories, demo content, migrations) are listed below, each with its reason.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Scoped tables and the folder that owns each. */
const owners: Record<string, string> = {
  stories: 'src/stories',
  story_people: 'src/stories',
  story_audio: 'src/stories',
  comments: 'src/discussion',
  reactions: 'src/discussion',
  articles: 'src/articles',
  article_authors: 'src/articles',
  article_revisions: 'src/articles',
  article_covers: 'src/articles',
  reading_groups: 'src/groups',
  library_items: 'src/library',
  group_members: 'src/groups',
  group_sessions: 'src/groups',
  session_rsvps: 'src/groups',
  reading_list_items: 'src/groups',
  group_invitations: 'src/groups',
};

/** Files outside the owning folder that may name a scoped table, and why. */
const allowed: Record<string, { tables: string[]; reason: string }> = {
  'src/privacy/repository.ts': {
    tables: ['stories', 'story_people'],
    reason: 'erasing and counting a person’s own stories by their own id: the account itself, not a reader',
  },
  'src/pair/repository.ts': {
    tables: ['stories', 'story_people'],
    reason: 'writes the draft a pair session assembles for its own authors; reads nothing back',
  },
  'src/tagging/repository.ts': {
    tables: ['stories'],
    reason: 'the tag model learns which words go with which tags from published stories; no rows reach a reader',
  },
};

/** Folders whose code runs with no caller at all: schema changes and invented demo content. */
const noCaller = ['src/db/migrations/', 'src/demo/'];

const tableNames = Object.keys(owners).join('|');
// Kysely's builders (selectFrom('stories as s'), innerJoin('comments', ...), ...) and raw SQL (from, join,
// update, insert into, delete from), in template strings and in plain strings.
const patterns = [
  new RegExp(
    `\\b(?:selectFrom|updateTable|deleteFrom|insertInto|innerJoin|leftJoin|rightJoin|fullJoin|with)\\(\\s*['"\`](${tableNames})\\b`,
    'g',
  ),
  new RegExp(`\\b(?:from|join|update|into)\\s+(${tableNames})\\b(?!\\.)`, 'gi'),
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every (file, table) where a query names a scoped table. */
function uses(root: string) {
  const found: { file: string; table: string; line: number }[] = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    const relative = path.relative(root, file).split(path.sep).join('/');
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        // Comments mention tables in prose ("rows from stories"): only code counts.
        const lineStart = text.lastIndexOf('\n', match.index) + 1;
        const lineText = text.slice(lineStart, text.indexOf('\n', match.index));
        if (/^\s*(\/\/|\*|\/\*)/.test(lineText)) continue;
        found.push({
          file: relative,
          table: (match[1] as string).toLowerCase(),
          line: text.slice(0, match.index).split('\n').length,
        });
      }
    }
  }
  return found;
}

const outsideTheirFolder = (root: string) =>
  uses(root).filter(
    ({ file, table }) =>
      !file.startsWith(`${owners[table]}/`) &&
      !noCaller.some((prefix) => file.startsWith(prefix)) &&
      !allowed[file]?.tables.includes(table),
  );

describe('scoped tables', () => {
  const root = path.resolve(import.meta.dirname, '../..');

  it('are queried only inside the folder of their kind (or by a listed exception)', () => {
    expect(outsideTheirFolder(root).map((u) => `${u.file}:${u.line} names ${u.table}`)).toEqual([]);
  });

  it('catch a query written outside the kind’s folder, in the builder and in raw SQL', () => {
    const fake = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'scoped-'));
    try {
      fs.mkdirSync(path.join(fake, 'src/home'), { recursive: true });
      fs.mkdirSync(path.join(fake, 'src/stories'), { recursive: true });
      fs.writeFileSync(
        path.join(fake, 'src/home/latest.ts'),
        [
          "export const a = (db) => db.selectFrom('stories as s').selectAll().execute();",
          '// Prose about rows from stories is not a query.',
          'export const b = sql`select count(*) from comments c join stories s on s.id = c.target_id`;',
        ].join('\n'),
      );
      fs.writeFileSync(path.join(fake, 'src/stories/own.ts'), "export const c = (db) => db.selectFrom('stories');");
      expect(outsideTheirFolder(fake).map((u) => `${u.file}:${u.line} ${u.table}`)).toEqual([
        'src/home/latest.ts:1 stories',
        'src/home/latest.ts:3 comments',
        'src/home/latest.ts:3 stories',
      ]);
    } finally {
      fs.rmSync(fake, { recursive: true, force: true });
    }
  });

  it('keeps every listed exception in use, so the list cannot outlive its reason', () => {
    const used = uses(root);
    for (const [file, { tables }] of Object.entries(allowed)) {
      for (const table of tables)
        expect(
          used.some((u) => u.file === file && u.table === table),
          `${file} ${table}`,
        ).toBe(true);
    }
  });
});
