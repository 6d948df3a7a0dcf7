import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { formerMember, nameOrFormerMember } from './people.ts';

const db = new Kysely<{ users: { display_name: string | null } }>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('nameOrFormerMember', () => {
  it('reads the name, or "Former member" once the account is gone, with nothing taken from the caller', () => {
    const query = db.selectFrom('users').select(nameOrFormerMember('users.display_name').as('name')).compile();
    expect(query.sql).toBe(`select coalesce("users"."display_name", 'Former member') as "name" from "users"`);
    expect(query.parameters).toEqual([]);
    expect(formerMember).toBe('Former member');
  });
});
