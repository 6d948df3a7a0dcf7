// What happens in a session, as use-cases: the agenda a facilitator picks (from the shipped question sets and
// the group's own questions), the facilitation view's questions, the shared notes, each member's private
// reflection, and actions with an owner and a due date. Every call first finds the session through a group
// the caller may read, and checks their place in it.
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import {
  actionsOf,
  actionsOwnedBy,
  agendaOf,
  insertAction,
  insertQuestion,
  notesOf,
  ownQuestions,
  reflectionOf,
  replaceAgenda,
  saveNotes,
  saveReflection,
} from './meeting-repository.ts';
import { groupQuestions, questionByKey, questionSetNames } from './questions.ts';
import { membersOf, readableGroup, sessionOf } from './repository.ts';

type Person = Extract<Principal, { kind: 'person' }>;
export type Place = 'member' | 'facilitator';

export interface AgendaQuestion {
  text: string;
  /** The set it comes from, or "Our own question". */
  source: string;
}

export function meetingService(db: Db, { now = () => new Date() }: { now?: () => Date } = {}) {
  /** The session and the caller's place, when the caller is at least `needs` in its group. */
  async function reach(caller: Person, groupId: string, sessionId: string, needs: Place) {
    const group = await readableGroup(db, caller, groupId);
    if (!group) return undefined;
    const place = group.mine === 'facilitator' ? 'facilitator' : group.mine === 'member' ? 'member' : undefined;
    if (!place || (needs === 'facilitator' && place !== 'facilitator')) return undefined;
    const session = await sessionOf(db, group.org_id, groupId, sessionId);
    return session ? { group, session, place } : undefined;
  }

  async function agendaQuestions(orgId: string, sessionId: string): Promise<AgendaQuestion[]> {
    return (await agendaOf(db, orgId, sessionId)).flatMap((row) => {
      if (row.question_key !== null) {
        const q = questionByKey(row.question_key);
        return q ? [{ text: q.text, source: questionSetNames[q.set] }] : [];
      }
      return row.own_text !== null ? [{ text: row.own_text, source: 'Our own question' }] : [];
    });
  }

  return {
    reach,

    /** What a member sees of the session's meeting: agenda, notes, their own reflection, actions. */
    async forMember(caller: Person, groupId: string, sessionId: string) {
      const found = await reach(caller, groupId, sessionId, 'member');
      if (!found) return undefined;
      const orgId = found.group.org_id;
      const [agenda, notes, reflection, actions, members, own, chosen] = await Promise.all([
        agendaQuestions(orgId, sessionId),
        notesOf(db, orgId, sessionId),
        reflectionOf(db, caller.personId, sessionId),
        actionsOf(db, orgId, sessionId),
        membersOf(db, orgId, groupId),
        found.place === 'facilitator' ? ownQuestions(db, orgId, groupId) : Promise.resolve([]),
        found.place === 'facilitator' ? agendaOf(db, orgId, sessionId) : Promise.resolve([]),
      ]);
      return {
        agenda,
        notes,
        reflection,
        actions,
        members: members.filter((m) => m.state === 'member'),
        // For the facilitator's agenda form: every question, with those on the agenda ticked.
        choices:
          found.place === 'facilitator'
            ? {
                sets: Object.entries(questionSetNames).map(([set, name], s) => ({
                  name,
                  questions: groupQuestions
                    .filter((q) => q.set === set)
                    .map((q, i) => ({
                      // The list opens with a set's heading, so its first box takes the field's own id by hand.
                      ...(s === 0 && i === 0 ? { id: 'questions' } : {}),
                      value: `set:${q.key}`,
                      text: q.text,
                      checked: chosen.some((c) => c.question_key === q.key),
                    })),
                })),
                own: own.map((q) => ({
                  value: `own:${q.id}`,
                  text: q.text,
                  checked: chosen.some((c) => c.question_id === q.id),
                })),
              }
            : undefined,
      };
    },

    /** The facilitation view: the agenda, one question at a time. */
    async facilitation(caller: Person, groupId: string, sessionId: string) {
      const found = await reach(caller, groupId, sessionId, 'facilitator');
      if (!found) return undefined;
      return { ...found, agenda: await agendaQuestions(found.group.org_id, sessionId) };
    },

    /** Sets the agenda from the ticked values (`set:<key>` or `own:<id>`), in the order the form lists them. */
    async setAgenda(caller: Person, groupId: string, sessionId: string, values: readonly string[]) {
      const found = await reach(caller, groupId, sessionId, 'facilitator');
      if (!found) return 'not_found' as const;
      const own = new Set((await ownQuestions(db, found.group.org_id, groupId)).map((q) => q.id));
      const items: ({ key: string } | { id: string })[] = [];
      for (const value of new Set(values)) {
        const [kind, ref = ''] = value.split(':');
        if (kind === 'set' && questionByKey(ref)) items.push({ key: ref });
        else if (kind === 'own' && own.has(ref)) items.push({ id: ref });
        else return 'unknown_question' as const;
      }
      if (items.length > 50) return 'too_many' as const;
      await db.transaction().execute((trx) => replaceAgenda(trx, found.group.org_id, sessionId, items));
      return 'saved' as const;
    },

    async addQuestion(caller: Person, groupId: string, sessionId: string, text: string) {
      const found = await reach(caller, groupId, sessionId, 'facilitator');
      if (!found) return 'not_found' as const;
      await insertQuestion(db, found.group.org_id, groupId, text, caller.personId);
      return 'saved' as const;
    },

    async saveNotes(caller: Person, groupId: string, sessionId: string, body: string) {
      const found = await reach(caller, groupId, sessionId, 'member');
      if (!found) return 'not_found' as const;
      await saveNotes(db, found.group.org_id, sessionId, body, caller.personId, now());
      return 'saved' as const;
    },

    /** The caller's own reflection: written and read only by its author. An empty text deletes it. */
    async saveReflection(caller: Person, groupId: string, sessionId: string, body: string) {
      const found = await reach(caller, groupId, sessionId, 'member');
      if (!found) return 'not_found' as const;
      await saveReflection(db, caller.personId, { orgId: found.group.org_id, id: sessionId }, body, now());
      return 'saved' as const;
    },

    async addAction(
      caller: Person,
      groupId: string,
      sessionId: string,
      input: { ownerId: string; text: string; dueOn: string },
    ) {
      const found = await reach(caller, groupId, sessionId, 'member');
      if (!found) return 'not_found' as const;
      const members = await membersOf(db, found.group.org_id, groupId);
      if (!members.some((m) => m.person_id === input.ownerId && m.state === 'member')) return 'not_a_member' as const;
      await insertAction(db, found.group.org_id, sessionId, { ...input, by: caller.personId });
      return 'saved' as const;
    },

    myActions: (caller: Person) => actionsOwnedBy(db, caller, caller.personId),
  };
}

export type MeetingService = ReturnType<typeof meetingService>;
