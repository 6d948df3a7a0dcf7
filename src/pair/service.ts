// The pair exercise: two people in one organisation interview each other in turn around five prompts, and
// each turn ends with a first draft of the storyteller's story, theirs to rewrite and own.
import type { Db } from '../db/database.ts';
import type { Outbox } from '../email/outbox.ts';
import type { FrameworkService } from '../framework/service.ts';
import { assembleDraft, type DraftForm, promptKeys, type TurnNotes, timerText } from './prompts.ts';
import {
  abandonSession,
  createSession,
  displayName,
  findMember,
  findSession,
  finishTurn,
  type Mode,
  type PairCaller,
  type PairSession,
  type PairTurn,
  saveNotes,
  sessionsOf,
  sessionsUnderWay,
} from './repository.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: Record<string, string> };

/** Who may type in a turn: on one screen, whoever started it; apart, the interviewer of that turn. */
export function mayWrite(session: PairSession, turn: PairTurn, personId: string): boolean {
  if (session.status !== 'active' || turn.turn !== session.current_turn || turn.finished_at) return false;
  return session.mode === 'together' ? session.started_by === personId : turn.interviewer_id === personId;
}

export function pairService(
  db: Db,
  deps: { email: Outbox; framework: FrameworkService; baseUrl: string; now?: () => Date },
) {
  const { baseUrl } = deps;
  const now = deps.now ?? (() => new Date());
  const characteristicName = async (key: string) =>
    (await deps.framework.current()).characteristics.find((c) => c.key === key)?.name;

  return {
    list: (caller: PairCaller, page: number, pageSize = 20) =>
      sessionsOf(db, caller, { limit: pageSize, offset: (page - 1) * pageSize }),

    /**
     * For the person's home: exercises still under way, each with the partner's name, the turn, who started
     * it (together, they type at their screen) and whether the person interviews in this turn (apart, the
     * interviewer types).
     */
    async underWay(caller: PairCaller, limit = 5) {
      const { total, items } = await sessionsUnderWay(db, caller, limit);
      return {
        total,
        items: items.map((s) => {
          const started = s.started_by === caller.personId;
          return {
            id: s.id,
            mode: s.mode,
            turn: s.current_turn,
            partnerName: started ? s.partner_name : s.starter_name,
            startedByYou: started,
            interviewing: s.interviewer_id === caller.personId,
            updatedAt: s.updated_at,
          };
        }),
      };
    },

    async start(
      personId: string,
      orgId: string,
      input: { partnerEmail: string; mode: Mode; first: 'me' | 'partner' },
    ): Promise<Outcome<string>> {
      const partner = await findMember(db, orgId, input.partnerEmail);
      if (!partner) {
        return {
          ok: false,
          problems: { partnerEmail: 'Enter the email address of someone in your organisation on Waymark' },
        };
      }
      if (partner.id === personId) {
        return { ok: false, problems: { partnerEmail: 'Enter your partner’s email address, not your own' } };
      }
      const caller = { personId, name: await displayName(db, personId) };
      const id = await createSession(db, {
        orgId,
        startedBy: caller.personId,
        partnerId: partner.id,
        mode: input.mode,
        firstStoryteller: input.first === 'me' ? caller.personId : partner.id,
        at: now(),
      });
      await deps.email.send({
        to: partner.email,
        subject: `${caller.name} started a pair exercise with you`,
        text: [
          `${caller.name} has started a pair exercise with you on Waymark. You take turns to interview each other`,
          'with five questions, and each of you ends up with a first draft of your own story.',
          '',
          input.mode === 'apart'
            ? 'You are each at your own screen. Open the exercise here to begin:'
            : `You are doing it together on ${caller.name}’s screen. You can also follow it on yours:`,
          `${baseUrl}/pair/${id}`,
        ].join('\n'),
      });
      return { ok: true, value: id };
    },

    /** The session with its turns, the timer and what the caller may do; undefined unless they take part. */
    async view(caller: PairCaller, id: string) {
      const { personId } = caller;
      const session = await findSession(db, caller, id);
      if (!session) return undefined;
      const current = session.turns.find((t) => t.turn === session.current_turn);
      const at = now().getTime();
      return {
        session,
        current,
        mayWrite: current ? mayWrite(session, current, personId) : false,
        timer:
          session.status === 'active' && current?.started_at ? timerText(at - current.started_at.getTime()) : undefined,
      };
    },

    async save(
      caller: PairCaller,
      id: string,
      turn: 1 | 2,
      notes: TurnNotes & { characteristic: string },
    ): Promise<'saved' | 'not_found' | 'closed'> {
      const session = await findSession(db, caller, id);
      const target = session?.turns.find((t) => t.turn === turn);
      if (!session || !target) return 'not_found';
      if (!mayWrite(session, target, caller.personId)) return 'closed';
      await saveNotes(db, { orgId: session.org_id, sessionId: id, turn }, notes, now());
      return 'saved';
    },

    async finish(
      caller: PairCaller,
      id: string,
      turn: 1 | 2,
      input: TurnNotes & { characteristic: string; form: DraftForm },
    ): Promise<Outcome<string> | 'not_found' | 'closed'> {
      const session = await findSession(db, caller, id);
      const target = session?.turns.find((t) => t.turn === turn);
      if (!session || !target) return 'not_found';
      if (!mayWrite(session, target, caller.personId)) return 'closed';
      const problems: Record<string, string> = {};
      const name = input.characteristic ? await characteristicName(input.characteristic) : undefined;
      if (!name) problems.characteristic = 'Select the characteristic the storyteller picked';
      if (promptKeys.every((k) => input[k].trim() === '')) {
        problems.introduce = 'Write some notes before you finish the turn';
      }
      if (!target.storyteller_id) problems.introduce = 'The storyteller’s account no longer exists';
      const { form, characteristic, ...notes } = input;
      if (Object.keys(problems).length > 0 || !name || !target.storyteller_id) {
        // Keep what was typed even when the turn cannot finish yet.
        await saveNotes(db, { orgId: session.org_id, sessionId: id, turn }, { ...notes, characteristic }, now());
        return { ok: false, problems };
      }
      const draft = assembleDraft({ form, storyteller: target.storyteller_name, characteristicName: name, notes });
      const storyId = await finishTurn(db, {
        orgId: session.org_id,
        sessionId: id,
        turn,
        storytellerId: target.storyteller_id,
        interviewer: { id: target.interviewer_id, name: target.interviewer_name },
        notes: { ...notes, characteristic },
        draft: { ...draft, form },
        at: now(),
      });
      if (!storyId) return 'closed';
      if (target.storyteller_email) {
        await deps.email.send({
          to: target.storyteller_email,
          subject: 'Your first draft from the pair exercise is ready',
          text: [
            `${target.interviewer_name}’s notes from your turn are now a first draft of your story, “${draft.title}”.`,
            '',
            'Only you can see it. Make it your own: rewrite it in your words, then submit it when you are ready:',
            `${baseUrl}/stories/${storyId}`,
          ].join('\n'),
        });
      }
      return { ok: true, value: storyId };
    },

    async abandon(caller: PairCaller, id: string): Promise<boolean> {
      const session = await findSession(db, caller, id);
      if (session?.status !== 'active') return false;
      await abandonSession(db, session.org_id, id, now());
      return true;
    },
  };
}

export type PairService = ReturnType<typeof pairService>;
