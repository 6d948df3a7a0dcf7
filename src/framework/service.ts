// The framework: ten characteristics, the roles and the eight lessons, read from the database.
// A version never changes once installed, so each instance may keep the one it read.
import type { Db } from '../db/database.ts';
import { latestFrameworkVersion, readFramework } from './repository.ts';
import type { Characteristic, Framework, Lesson, Role } from './types.ts';

export interface FrameworkService {
  current(): Promise<Framework>;
  characteristic(key: string): Promise<Characteristic | undefined>;
  role(key: string): Promise<Role | undefined>;
  lesson(key: string): Promise<Lesson | undefined>;
}

export function frameworkService(db: Db): FrameworkService {
  let loaded: Promise<Framework> | undefined;
  const current = () => {
    loaded ??= (async () => {
      const version = await latestFrameworkVersion(db);
      const framework = version === undefined ? undefined : await readFramework(db, version);
      if (!framework) throw new Error('No framework is installed: run `waymark migrate`.');
      return framework;
    })().catch((err) => {
      loaded = undefined;
      throw err;
    });
    return loaded;
  };
  return {
    current,
    characteristic: async (key) => (await current()).characteristics.find((c) => c.key === key),
    role: async (key) => (await current()).roles.find((r) => r.key === key),
    lesson: async (key) => (await current()).lessons.find((l) => l.key === key),
  };
}
