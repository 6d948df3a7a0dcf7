// The pair exercise's part of a person's data export (gathered by src/privacy/sections.ts).

import { formerMember } from '../db/people.ts';
import { type ExportSection, iso } from '../personal-data/export-section.ts';

export const pairSection: ExportSection = {
  key: 'pairExercises',
  describe:
    'The pair exercises you took part in: your partner, how and when, and the notes taken when you were the storyteller (notes you took about your partner are theirs, so only their existence is listed).',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('pair_turns')
      .innerJoin('pair_sessions', (join) =>
        join
          .onRef('pair_sessions.org_id', '=', 'pair_turns.org_id')
          .onRef('pair_sessions.id', '=', 'pair_turns.session_id'),
      )
      .leftJoin('users as teller', 'teller.id', 'pair_turns.storyteller_id')
      .leftJoin('users as asker', 'asker.id', 'pair_turns.interviewer_id')
      .select([
        'pair_sessions.id as session',
        'pair_sessions.mode',
        'pair_sessions.status',
        'pair_sessions.created_at',
        'pair_turns.turn',
        'pair_turns.storyteller_id',
        'teller.display_name as storyteller',
        'asker.display_name as interviewer',
        'pair_turns.characteristic',
        'pair_turns.introduce',
        'pair_turns.why_characteristic',
        'pair_turns.example',
        'pair_turns.what_changed',
        'pair_turns.tips',
        'pair_turns.finished_at',
      ])
      .where((eb) =>
        eb.or([eb('pair_turns.storyteller_id', '=', userId), eb('pair_turns.interviewer_id', '=', userId)]),
      )
      .orderBy('pair_sessions.created_at')
      .orderBy('pair_turns.turn')
      .execute();
    return rows.map((r) => {
      const mine = r.storyteller_id === userId;
      return {
        session: r.session,
        mode: r.mode,
        status: r.status,
        startedAt: iso(r.created_at),
        turn: r.turn,
        youWere: mine ? 'storyteller' : 'interviewer',
        partner: (mine ? r.interviewer : r.storyteller) ?? formerMember,
        finishedAt: iso(r.finished_at),
        notes: mine
          ? {
              characteristic: r.characteristic,
              introduce: r.introduce,
              whyCharacteristic: r.why_characteristic,
              example: r.example,
              whatChanged: r.what_changed,
              tips: r.tips,
            }
          : null,
      };
    });
  },
};
