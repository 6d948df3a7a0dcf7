// The import-direction check `npm run lint` runs (.dependency-cruiser.cjs): a cycle of imports between two
// folders of src/ fails it, type imports included, while a feature folder and its nested folders may import
// each other. Checked on small trees written here, and on Waymark's own src/.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { cruise } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const config = createRequire(import.meta.url)(path.join(projectRoot, '.dependency-cruiser.cjs'));
const made: string[] = [];

afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** Cruises `baseDir`/src with the project's rules; returns each violation as "from -> to". */
async function violations(baseDir: string): Promise<string[]> {
  const result = await cruise(['src'], {
    ...config.options,
    ruleSet: { forbidden: config.forbidden },
    validate: true,
    baseDir,
    outputType: 'json',
  });
  const output = JSON.parse(String(result.output)) as { summary: { violations: { from: string; to: string }[] } };
  return output.summary.violations.map((v) => `${v.from} -> ${v.to}`).sort();
}

/** A throwaway project holding only the files given (path under it: source). */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-cycles-'));
  made.push(dir);
  for (const [file, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), source);
  }
  return dir;
}

describe('the folder import check', () => {
  it('fails on two folders that import each other, even when one side imports only a type', async () => {
    const dir = tree({
      'src/alpha/one.ts': "import { two } from '../beta/two.ts';\nexport const one = two;\n",
      'src/alpha/words.ts': 'export type Word = string;\n',
      'src/beta/two.ts': "import type { Word } from '../alpha/words.ts';\nexport const two: Word = 'b';\n",
    });
    expect(await violations(dir)).toEqual(['src/alpha -> src/beta', 'src/beta -> src/alpha']);
  });

  it('fails on a cycle through a third folder', async () => {
    const dir = tree({
      'src/alpha/a.ts': "import { b } from '../beta/b.ts';\nexport const a = b;\n",
      'src/beta/b.ts': "import { c } from '../gamma/c.ts';\nexport const b = c;\n",
      'src/gamma/c.ts': "import { start } from '../alpha/start.ts';\nexport const c = start;\n",
      'src/alpha/start.ts': 'export const start = 1;\n',
    });
    expect(await violations(dir)).toEqual(['src/alpha -> src/beta', 'src/beta -> src/gamma', 'src/gamma -> src/alpha']);
  });

  it('passes imports in one direction, and a feature folder importing its nested folders and back', async () => {
    const dir = tree({
      'src/web/errors.ts': 'export const notFound = 404;\n',
      'src/access/routes.ts': "import { notFound } from '../web/errors.ts';\nexport const refused = notFound;\n",
      'src/stories/service.ts': "import { draft } from './writing/draft.ts';\nexport const story = draft;\n",
      'src/stories/types.ts': 'export type Form = string;\n',
      'src/stories/writing/draft.ts':
        "import type { Form } from '../types.ts';\nimport { refused } from '../../access/routes.ts';\nexport const draft: Form = String(refused);\n",
    });
    expect(await violations(dir)).toEqual([]);
  });

  it('checks the table types like any other file: tables.ts naming a feature’s vocabulary is a cycle', async () => {
    const dir = tree({
      'src/db/tables.ts': "import type { Role } from '../accounts/types.ts';\nexport type Row = { role: Role };\n",
      'src/accounts/types.ts':
        "import type { Row } from '../db/tables.ts';\nexport type Role = string;\nexport type R = Row;\n",
    });
    expect(await violations(dir)).toEqual(['src/accounts -> src/db', 'src/db -> src/accounts']);
  });

  it('finds no cycle between the folders of Waymark’s src/', async () => {
    expect(await violations(projectRoot)).toEqual([]);
  });
});
