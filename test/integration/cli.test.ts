// The `waymark` command line: help, clear errors on bad arguments, and the admin commands end to end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appOn } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runWaymark } from '../support/process.ts';

let database: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url, SESSION_SECRET: 'c'.repeat(40) };
});
afterAll(() => database.drop());

async function run(args: string[], extraEnv: Record<string, string> = {}) {
  const child = runWaymark(args, { ...env, ...extraEnv });
  const code = await child.exited;
  return { code, output: child.output() };
}

describe('waymark command line', () => {
  it('has --help on every command', async () => {
    for (const args of [
      [],
      ['serve'],
      ['migrate'],
      ['seed', 'demo'],
      ['seed', 'bench'],
      ['search-slice'],
      ['org', 'create'],
      ['user', 'create'],
      ['token', 'create'],
    ]) {
      const { code, output } = await run([...args, '--help']);
      expect(code, args.join(' ')).toBe(0);
      expect(output, args.join(' ')).toContain('Usage: waymark');
    }
  });

  it('exits non-zero with one clear line on bad arguments or configuration', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['frobnicate'], {}, /unknown command 'frobnicate'/],
      [['org', 'create', '--slug', 'Bad Slug', '--name', 'X', '--sector', 'nhs'], {}, /--slug must be lower-case/],
      [
        ['org', 'create', '--slug', 'ok', '--name', 'X', '--sector', 'bank'],
        {},
        /Allowed choices are local-government/,
      ],
      [['seed', 'bench', '--stories', 'many'], {}, /--stories must be a whole number/],
      [['user', 'create', '--email', 'nobody', '--name', 'N', '--org', 'x'], {}, /--email must be an email address/],
      [['migrate'], { PORT: 'eighty' }, /^waymark: PORT must be a whole number\.\n$/],
      [
        ['migrate'],
        { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
        /could not use the PostgreSQL server at DATABASE_URL/,
      ],
    ];
    for (const [args, extra, message] of cases) {
      const { code, output } = await run(args, extra);
      expect(code, args.join(' ')).not.toBe(0);
      expect(output, args.join(' ')).toMatch(message);
      expect(output, args.join(' ')).not.toContain('    at ');
    }
  });

  it('says what to do, in one line, when DATA_DIR is a file', async () => {
    // An open folder, so that as root the data is not moved elsewhere before the problem is seen.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-cli-'));
    fs.chmodSync(folder, 0o755);
    const file = path.join(folder, 'data');
    fs.writeFileSync(file, 'not a folder');
    const child = runWaymark(['serve'], { ...env, DATABASE_URL: '', DATA_DIR: file });
    try {
      // Were it to start instead, it would never exit: give up after a while and stop it below.
      expect(await Promise.race([child.exited, sleep(30_000, 'still running')])).toBe(2);
      expect(child.output()).toBe(
        `waymark: ${file} is a file, not a folder: set DATA_DIR to a folder (it is made if missing).\n`,
      );
    } finally {
      child.process.kill('SIGTERM');
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('says so when the port is taken, and exits', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const { code, output } = await run(['serve'], { PORT: String(port) });
      expect(code).toBe(2);
      expect(output).toContain(`waymark: 127.0.0.1:${port} is already in use; set PORT to a free port.\n`);
      expect(output).not.toContain('    at ');
    } finally {
      blocker.close();
    }
  });

  it('creates an organisation, a person and a token the API accepts', async () => {
    expect(
      (
        await run([
          'org',
          'create',
          '--slug',
          'harbour-council',
          '--name',
          'Harbour Council',
          '--sector',
          'local-government',
        ])
      ).code,
    ).toBe(0);
    const created = await run([
      'user',
      'create',
      '--email',
      'sam@harbour.example',
      '--name',
      'Sam Reyes',
      '--org',
      'harbour-council',
      '--role',
      'hr_od',
    ]);
    expect(created.code).toBe(0);
    expect(created.output).toMatch(/Password: \S{16}/);
    const duplicate = await run([
      'user',
      'create',
      '--email',
      'SAM@harbour.example',
      '--name',
      'Sam',
      '--org',
      'harbour-council',
    ]);
    expect(duplicate.code).toBe(2);
    expect(duplicate.output).toContain('already has an account');
    expect((await run(['user', 'moderate', '--email', 'sam@harbour.example'])).output).toContain(
      'is now a platform moderator',
    );
    const flag = await database.db
      .selectFrom('users')
      .select('platform_moderator')
      .where('email', '=', 'sam@harbour.example')
      .executeTakeFirstOrThrow();
    expect(flag.platform_moderator).toBe(true);
    expect((await run(['user', 'moderate', '--email', 'nobody@harbour.example'])).code).toBe(2);
    const token = await run(['token', 'create', '--email', 'sam@harbour.example', '--org', 'harbour-council']);
    expect(token.code).toBe(0);
    const secret = token.output.trim();
    expect(secret).toMatch(/^wmk_[\w-]{43}$/);
    const wrongOrg = await run(['token', 'create', '--email', 'sam@harbour.example', '--org', 'nowhere']);
    expect(wrongOrg.code).toBe(2);

    const app = await appOn(database.db, database.pool);
    try {
      const me = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        displayName: 'Sam Reyes',
        organisations: [{ slug: 'harbour-council', roles: expect.arrayContaining(['hr_od', 'member']) }],
      });
    } finally {
      await app.close();
    }
  });

  it('seeds bench data of the requested size', async () => {
    const before = await database.db
      .selectFrom('stories')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const { code } = await run(['seed', 'bench', '--organisations', '3', '--users', '20', '--stories', '250']);
    expect(code).toBe(0);
    const after = await database.db
      .selectFrom('stories')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(250);
    // A few hundred stories are read quickly enough through the whole text index: no recent slice.
    const slice = await run(['search-slice']);
    expect(slice.code).toBe(0);
    expect(slice.output).toContain('No recent slice of story search: too few published stories');
  });
});
