// Demo content for a first start: organisations across sectors and regions, a shared space, one person per
// role with a generated password (printed once), stories across every characteristic, form and scope, and
// colleagues discussing them.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../accounts/passwords.ts';
import { addMembership, insertPerson } from '../accounts/repository.ts';
import type { Db } from '../db/database.ts';
import {
  addOrganisationToSpace,
  insertOrganisation,
  insertSpace,
  insertUnit,
  setPlacement,
} from '../organisations/repository.ts';
import { insertStories } from '../stories/repository.ts';
import { seedArticlesDemo } from './articles.ts';
import { demoOrganisations, demoPlacements, demoSpaces, demoStories, demoUnits, demoUsers } from './content.ts';
import { seedDiscussionDemo } from './discussion.ts';
import { seedLibraryDemo } from './library.ts';
import { seedModerationDemo } from './moderation.ts';
import { seedReadingGroupsDemo } from './reading-groups.ts';

export interface DemoCredential {
  email: string;
  password: string;
  role: string;
  organisation: string;
}

const day = 24 * 60 * 60 * 1000;

/** Seeds the demo once; returns undefined when the database already holds organisations. */
export async function seedDemo(db: Db, now = new Date()): Promise<DemoCredential[] | undefined> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
    if (existing) return undefined;

    const orgIds = new Map<string, string>();
    for (const org of demoOrganisations) orgIds.set(org.slug, await insertOrganisation(trx, org));
    const orgId = (slug: string) => {
      const id = orgIds.get(slug);
      if (!id) throw new Error(`Demo content names an unknown organisation: ${slug}`);
      return id;
    };

    const spaceIds = new Map<string, string>();
    for (const space of demoSpaces) {
      const id = await insertSpace(trx, { ...space, hostOrgId: orgId(space.hostOrg) });
      for (const member of space.memberOrgs) await addOrganisationToSpace(trx, id, orgId(member));
      spaceIds.set(space.slug, id);
    }

    // One hash for every demo password would be quicker, but each person gets their own secret.
    const credentials: DemoCredential[] = [];
    const personIds = new Map<string, string>();
    for (const user of demoUsers) {
      const password = randomBytes(12).toString('base64url');
      const id = await insertPerson(trx, {
        email: user.email,
        displayName: user.displayName,
        passwordHash: await hashPassword(password),
        platformAdmin: user.platformAdmin ?? false,
      });
      await addMembership(trx, orgId(user.org), id, 'member');
      if (user.role !== 'member') await addMembership(trx, orgId(user.org), id, user.role);
      personIds.set(user.email, id);
      credentials.push({
        email: user.email,
        password,
        role: user.platformAdmin ? `${user.role}, platform admin` : user.role,
        organisation: user.org,
      });
    }

    // Units (parents first) and where people sit, with one line manager and the person they manage.
    const unitIds = new Map<string, string>();
    for (const unit of demoUnits) {
      const parentId = unit.parent === undefined ? null : (unitIds.get(`${unit.org}/${unit.parent}`) ?? null);
      const id = await insertUnit(trx, orgId(unit.org), { name: unit.name, kind: unit.kind, parentId });
      unitIds.set(`${unit.org}/${unit.name}`, id);
    }
    for (const placement of demoPlacements) {
      const user = demoUsers.find((u) => u.email === placement.person);
      const personId = personIds.get(placement.person);
      if (!user || !personId) throw new Error(`Demo placement names an unknown person: ${placement.person}`);
      await setPlacement(trx, orgId(user.org), personId, {
        unitId: placement.unit === undefined ? null : (unitIds.get(`${user.org}/${placement.unit}`) ?? null),
        managerId: placement.manager === undefined ? null : (personIds.get(placement.manager) ?? null),
      });
    }

    await insertStories(
      trx,
      demoStories.map((story, index) => {
        const authorId = personIds.get(story.author);
        if (!authorId) throw new Error(`Demo story ${story.slug} names an unknown author: ${story.author}`);
        const spaceId = story.space ? spaceIds.get(story.space) : undefined;
        return {
          orgId: orgId(story.org),
          slug: story.slug,
          title: story.title,
          form: story.form,
          body: story.body,
          primaryCharacteristic: story.primaryCharacteristic,
          characteristics: [story.primaryCharacteristic, ...story.otherCharacteristics],
          roles: story.roles,
          place: story.place,
          authorId,
          visibility: story.visibility,
          spaceId: spaceId ?? null,
          publishedAt: new Date(now.getTime() - (story.daysAgo ?? index * 5 + 2) * day),
        };
      }),
    );
    await seedModerationDemo(trx, { orgId, personId: (email) => personIds.get(email) }, now);
    await seedDiscussionDemo(trx, (email) => personIds.get(email), now);
    await seedReadingGroupsDemo(trx, { orgId, personId: (email) => personIds.get(email) }, now);
    await seedLibraryDemo(trx, { orgId, personId: (email) => personIds.get(email) }, now);
    await seedArticlesDemo(trx, { orgId, personId: (email) => personIds.get(email) }, now);
    return credentials;
  });
}
