// Framework reference data in the database: installing a version and reading it back.
import type { Db } from '../db/database.ts';
import type { CharacteristicKey, Framework, RoleGroup } from './types.ts';

/** Installs a framework version once; a version already present is left as it is (versions are immutable). */
export async function installFramework(db: Db, framework: Framework): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('framework_versions')
      .values({ version: framework.version })
      .onConflict((oc) => oc.column('version').doNothing())
      .returning('version')
      .executeTakeFirst();
    if (!inserted) return false;
    const version = framework.version;
    await trx
      .insertInto('characteristics')
      .values(
        framework.characteristics.map((c, position) => ({
          framework_version: version,
          key: c.key,
          position,
          name: c.name,
          summary: c.summary,
          description: c.description,
          subject: c.subject,
        })),
      )
      .execute();
    await trx
      .insertInto('characteristic_indicators')
      .values(
        framework.characteristics.flatMap((c) =>
          c.indicators.map((text, position) => ({
            framework_version: version,
            characteristic_key: c.key,
            position,
            text,
          })),
        ),
      )
      .execute();
    await trx
      .insertInto('roles')
      .values(
        framework.roles.map((r, position) => ({
          framework_version: version,
          key: r.key,
          position,
          name: r.name,
          role_group: r.group,
          summary: r.summary,
          description: r.description,
        })),
      )
      .execute();
    await trx
      .insertInto('lessons')
      .values(
        framework.lessons.map((l) => ({
          framework_version: version,
          key: l.key,
          number: l.number,
          title: l.title,
          summary: l.summary,
          body: l.body,
          characteristics: l.characteristics,
        })),
      )
      .execute();
    return true;
  });
}

export async function latestFrameworkVersion(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('framework_versions')
    .select('version')
    .orderBy('released_at', 'desc')
    .orderBy('version', 'desc')
    .executeTakeFirst();
  return row?.version;
}

export async function readFramework(db: Db, version: string): Promise<Framework | undefined> {
  const [characteristics, indicators, roles, lessons] = await Promise.all([
    db.selectFrom('characteristics').selectAll().where('framework_version', '=', version).orderBy('position').execute(),
    db
      .selectFrom('characteristic_indicators')
      .selectAll()
      .where('framework_version', '=', version)
      .orderBy('characteristic_key')
      .orderBy('position')
      .execute(),
    db.selectFrom('roles').selectAll().where('framework_version', '=', version).orderBy('position').execute(),
    db.selectFrom('lessons').selectAll().where('framework_version', '=', version).orderBy('number').execute(),
  ]);
  if (characteristics.length === 0) return undefined;
  return {
    version,
    characteristics: characteristics.map((c) => ({
      key: c.key as CharacteristicKey,
      name: c.name,
      summary: c.summary,
      description: c.description,
      subject: c.subject,
      indicators: indicators.filter((i) => i.characteristic_key === c.key).map((i) => i.text),
    })),
    roles: roles.map((r) => ({
      key: r.key,
      name: r.name,
      group: r.role_group as RoleGroup,
      summary: r.summary,
      description: r.description,
    })),
    lessons: lessons.map((l) => ({
      key: l.key,
      number: l.number,
      title: l.title,
      summary: l.summary,
      body: l.body,
      characteristics: l.characteristics as CharacteristicKey[],
    })),
  };
}
