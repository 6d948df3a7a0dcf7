// What an author's home shows about their stories: drafts to finish, stories waiting for someone else (a
// moderator, or a person asked for consent), and the moderators' latest decisions. Narrowed like every
// authored lookup: stories they write in organisations they belong to now, and, for a signed-in person,
// a private story of their own left behind in one they have left.
import { type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { authoredIn } from '../repository.ts';
import type { StoryStatus } from '../types.ts';
import { leftBehindBy } from './repository.ts';

export interface OverviewStory {
  id: string;
  title: string;
  status: StoryStatus;
  updated_at: Date;
  /** The people asked for consent who have not answered yet, by the names the author gave them. */
  pending_names: string[];
  /** `to_finish`: the author's move; `waiting`: a moderator's or a named person's. */
  bucket: 'to_finish' | 'waiting';
  /** How many stories the bucket holds in all (only the newest few are returned). */
  total: number;
}

export interface OverviewDecision {
  action: 'published' | 'changes_requested' | 'rejected' | 'hidden';
  reason: string;
  created_at: Date;
  id: string;
  title: string;
  status: StoryStatus;
}

const whose = (personId: string, orgIds: readonly string[], leftBehind: boolean) =>
  leftBehind
    ? sql<SqlBool>`(${authoredIn(personId, orgIds)} or ${leftBehindBy(personId, orgIds)})`
    : authoredIn(personId, orgIds);

/** The newest `perBucket` stories of each bucket, with each bucket's total, in one statement. */
export async function storiesInProgress(
  db: Db,
  personId: string,
  orgIds: readonly string[],
  options: { leftBehind: boolean; perBucket: number },
): Promise<OverviewStory[]> {
  const { rows } = await sql<OverviewStory>`
    with mine as (
      select stories.id, stories.title, stories.status, stories.updated_at,
        array(select p.name from story_people p
          where p.org_id = stories.org_id and p.story_id = stories.id and p.consent = 'pending'
          order by p.created_at, p.id) as pending_names
      from stories
      where stories.status in ('draft', 'changes_requested', 'submitted')
        and ${whose(personId, orgIds, options.leftBehind)}
    ), sorted as (
      select mine.*, case when status = 'submitted' or cardinality(pending_names) > 0
        then 'waiting' else 'to_finish' end as bucket
      from mine
    ), ranked as (
      select sorted.*, row_number() over (partition by bucket order by updated_at desc, id) as n,
        (count(*) over (partition by bucket))::int as total
      from sorted
    )
    select id, title, status, updated_at, pending_names, bucket, total
    from ranked where n <= ${options.perBucket}
    order by bucket, n`.execute(db);
  return rows;
}

/** The latest decisions moderators made on the person's stories, newest first. */
export async function latestDecisions(
  db: Db,
  personId: string,
  orgIds: readonly string[],
  options: { leftBehind: boolean; limit: number },
): Promise<OverviewDecision[]> {
  const { rows } = await sql<OverviewDecision>`
    select e.action, e.reason, e.created_at, stories.id, stories.title, stories.status
    from stories
    join moderation_events e on e.org_id = stories.org_id and e.target_type = 'story' and e.target_id = stories.id
    where e.action in ('published', 'changes_requested', 'rejected', 'hidden')
      and ${whose(personId, orgIds, options.leftBehind)}
    order by e.created_at desc, e.id
    limit ${options.limit}`.execute(db);
  return rows;
}
