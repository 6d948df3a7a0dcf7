// The notifications part of a person's data export: what Waymark told them in the app, with when they read
// it. The person who acted is named as the list names them (anyone's address blanked out); no one's id.
import { type ExportSection, iso } from '../personal-data/export-section.ts';
import { renderNotification } from './summary.ts';

const emailPattern = /[^\s@<>()“”"',;:]+@[^\s@<>()“”"',;:]+\.[^\s@<>()“”"',;:]+/g;

export const notificationsSection: ExportSection = {
  key: 'notifications',
  describe:
    'Your notifications: what each told you (a comment on your story, a reply, a moderator’s decision), when, and when you read it.',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('notifications as n')
      .innerJoin('organisations as o', 'o.id', 'n.org_id')
      .leftJoin('users as actor', 'actor.id', 'n.actor_id')
      .select([
        'n.event',
        'n.target_type',
        'n.target_id',
        'n.summary',
        'n.created_at',
        'n.read_at',
        'o.name as organisation',
        'actor.display_name as actor_name',
      ])
      .where('n.person_id', '=', userId)
      .orderBy('n.created_at')
      .orderBy('n.id')
      .execute();
    return rows.map((n) => ({
      organisation: n.organisation,
      event: n.event,
      about: n.target_type,
      aboutId: n.target_id,
      summary: renderNotification(n.summary, n.actor_name).replace(emailPattern, '[an email address]'),
      at: iso(n.created_at),
      readAt: iso(n.read_at),
    }));
  },
};
