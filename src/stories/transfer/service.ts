// Importing and exporting collections of stories, for an organisation's moderators. An upload is parsed and
// kept in story_imports until the moderator confirms the preview; nothing reaches stories before that.
// Imported stories belong to the moderator's current organisation and the moderator is their author.
import type { Principal } from '../../access/visibility.ts';
import type { AuditService } from '../../audit/service.ts';
import type { Db } from '../../db/database.ts';
import type { ConsentState } from '../types.ts';
import {
  type ParsedCollection,
  type ParsedItem,
  parseCollection,
  slugOf,
  type TransferStory,
  toJson,
  toZip,
} from './format.ts';
import { findImport, freeSlug, publishedForExport, recentImports, saveImport, spacesOf } from './repository.ts';

/** What the preview page shows; `result` is set once the moderator has confirmed. */
export interface StoredImport extends ParsedCollection {
  result?: { published: number; submitted: number; skipped: number };
}

/** Consent that lets a story be published without asking anyone again. */
const settledConsent: readonly ConsentState[] = ['given', 'not_needed', 'anonymised'];
/**
 * What confirming a story as already cleared does. Clearance covers consent and the organisation's own
 * review; a public story is reviewed by a platform moderator, so only a platform moderator's clearance
 * publishes one. Anything else is submitted and waits in the right queue.
 */
export function clearedOutcome(
  story: Pick<TransferStory, 'visibility' | 'people'>,
  byPlatformModerator: boolean,
): { publish: boolean; reason?: 'public' | 'consent' } {
  if (!story.people.every((p) => settledConsent.includes(p.consent))) return { publish: false, reason: 'consent' };
  if (story.visibility === 'public' && !byPlatformModerator) return { publish: false, reason: 'public' };
  return { publish: true };
}

/** Unconfirmed uploads hold other people's names and words: they are deleted after this long. */
export const importKeepDays = 7;

const isStored = (value: unknown): value is StoredImport =>
  typeof value === 'object' && value !== null && Array.isArray((value as StoredImport).items);

export function storyTransferService(db: Db, deps: { audit: AuditService }) {
  return {
    /** Parses an upload, checks what depends on the organisation (its spaces), and keeps it for the preview. */
    async upload(actorId: string, orgId: string, fileName: string, bytes: Uint8Array): Promise<string> {
      const parsed: StoredImport = parseCollection(fileName, bytes);
      const spaces = new Set((await spacesOf(db, orgId)).map((s) => s.slug));
      parsed.items = parsed.items.map((item): ParsedItem => {
        if (item.story?.space && !spaces.has(item.story.space)) {
          return {
            ...item,
            story: null,
            problems: [`The organisation is not part of a space called “${item.story.space}”.`],
          };
        }
        return item;
      });
      return saveImport(db, orgId, actorId, fileName.slice(0, 200) || 'upload', parsed);
    },

    async find(orgId: string, id: string) {
      const row = await findImport(db, orgId, id);
      if (!row || !isStored(row.parsed)) return undefined;
      return { ...row, parsed: row.parsed };
    },

    recent: (orgId: string) => recentImports(db, orgId, 10),

    /**
     * Writes the stories that had no problems. `cleared`: consent and moderation were done elsewhere, so a
     * story is published at once (unless someone in it has not consented, or it is public and the caller is
     * not a platform moderator: see clearedOutcome); otherwise each story is submitted and goes through
     * consent and moderation like any other. Undefined when there is no such import.
     */
    async confirm(
      actor: { id: string; platformModerator: boolean },
      orgId: string,
      id: string,
      cleared: boolean,
      now: Date,
    ) {
      const actorId = actor.id;
      const outcome = await db.transaction().execute(async (trx) => {
        const row = await findImport(trx, orgId, id, true);
        if (!row || !isStored(row.parsed)) return undefined;
        if (row.confirmed_at) return { already: true as const, result: row.parsed.result };
        const parsed = row.parsed;
        const spaces = new Map((await spacesOf(trx, orgId)).map((s) => [s.slug, s.id]));
        let published = 0;
        let submitted = 0;
        let skipped = 0;
        for (const item of parsed.items) {
          const story = item.story;
          const spaceId = story?.space ? spaces.get(story.space) : undefined;
          if (!story || (story.visibility === 'space' && !spaceId)) {
            skipped++;
            continue;
          }
          const publish = cleared && clearedOutcome(story, actor.platformModerator).publish;
          const publishedAt =
            story.publishedAt && new Date(story.publishedAt) <= now ? new Date(story.publishedAt) : now;
          const inserted = await trx
            .insertInto('stories')
            .values({
              org_id: orgId,
              slug: await freeSlug(trx, orgId, slugOf(story.title, 80)),
              title: story.title,
              form: story.form,
              body: story.body,
              primary_characteristic: story.primary,
              characteristics: story.characteristics,
              roles: story.roles,
              place: story.place,
              ...(story.sector ? { sector: story.sector } : {}),
              region: story.region,
              transcript: story.transcript,
              author_id: actorId,
              visibility: story.visibility,
              space_id: spaceId ?? null,
              status: publish ? 'published' : 'submitted',
              published_at: publish ? publishedAt : null,
              submitted_at: publish ? null : now,
              cleared: publish,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (story.people.length > 0) {
            await trx
              .insertInto('story_people')
              .values(
                story.people.map((p) => {
                  // Without clearance, consent claimed in a file is not trusted: the person is asked again.
                  const consent: ConsentState =
                    cleared || p.consent === 'not_needed' || p.consent === 'anonymised' ? p.consent : 'not_asked';
                  return {
                    org_id: orgId,
                    story_id: inserted.id,
                    relation: p.relation,
                    user_id: null,
                    name: p.name,
                    email: p.email ?? null,
                    consent,
                    consent_token_hash: null,
                    consent_requested_at: null,
                    consent_answered_at: consent === 'given' || consent === 'refused' ? now : null,
                    approved_text_hash: null,
                  };
                }),
              )
              .execute();
          }
          await trx
            .insertInto('moderation_events')
            .values({
              org_id: orgId,
              target_type: 'story',
              target_id: inserted.id,
              action: publish ? 'published' : 'submitted',
              reason: publish
                ? `Imported from ${row.file_name}, marked as already cleared.`
                : `Imported from ${row.file_name}.`,
              actor_id: actorId,
              created_at: now,
            })
            .execute();
          if (publish) published++;
          else submitted++;
        }
        const result = { published, submitted, skipped };
        // Once written, the upload's text and people are no longer needed: keep only what the summary shows.
        const summary: StoredImport = {
          format: parsed.format,
          fileProblems: parsed.fileProblems,
          items: parsed.items.map((i) => ({ source: i.source, title: i.title, story: null, problems: i.problems })),
          result,
        };
        await trx
          .updateTable('story_imports')
          .set({ confirmed_at: now, cleared, parsed: JSON.stringify(summary) })
          .where('org_id', '=', orgId)
          .where('id', '=', id)
          .execute();
        return { already: false as const, result, fileName: row.file_name };
      });
      if (outcome && !outcome.already) {
        const { published, submitted } = outcome.result;
        await deps.audit.record({
          orgId,
          actorId,
          action: 'stories_imported',
          summary: `Imported ${published + submitted} ${published + submitted === 1 ? 'story' : 'stories'} from ${outcome.fileName}: ${published} published as already cleared, ${submitted} submitted for consent and moderation.`,
          at: now,
        });
      }
      return outcome;
    },

    /** The organisation's published stories the caller may see, in the transfer shape. */
    async collection(principal: Principal, orgId: string): Promise<TransferStory[]> {
      const { stories, people } = await publishedForExport(db, principal, orgId);
      return stories.map((s) => ({
        title: s.title,
        form: s.form,
        primary: s.primary_characteristic,
        characteristics: s.characteristics,
        roles: s.roles,
        place: s.place,
        region: s.region,
        sector: s.sector,
        visibility: s.visibility,
        ...(s.spaceSlug ? { space: s.spaceSlug } : {}),
        // Names and consent only: other people's email addresses never leave in an export.
        people: people
          .filter((p) => p.story_id === s.id)
          .map((p) => ({
            name: p.name,
            relation: p.relation as 'told_with' | 'subject' | 'named',
            consent: p.consent,
          })),
        transcript: s.transcript,
        ...(s.published_at ? { publishedAt: new Date(s.published_at).toISOString() } : {}),
        body: s.body,
      }));
    },

    /** The export file, recorded in the audit log. */
    async exportFile(actorId: string, principal: Principal, orgId: string, format: 'json' | 'zip') {
      const stories = await this.collection(principal, orgId);
      await deps.audit.record({
        orgId,
        actorId,
        action: 'stories_exported',
        summary: `Exported ${stories.length} published ${stories.length === 1 ? 'story' : 'stories'} as ${format === 'json' ? 'JSON' : 'a zip of Markdown files'}.`,
      });
      return { count: stories.length, content: format === 'json' ? toJson(stories) : toZip(stories) };
    },

    /** Daily: forget uploads never confirmed within importKeepDays. */
    async purgeStale(now: Date) {
      const before = new Date(now.getTime() - importKeepDays * 86_400_000);
      await db.deleteFrom('story_imports').where('confirmed_at', 'is', null).where('created_at', '<', before).execute();
    },
  };
}

export type StoryTransferService = ReturnType<typeof storyTransferService>;
