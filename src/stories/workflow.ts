// A story's editorial workflow as one table: which actor may move a story from which status to which.
// Pure data and functions (no I/O), shared by writing (authors) and moderation (moderators).
import type { StoryStatus } from './types.ts';

/** Who is acting on the story: one of its authors (owner or co-author), or a moderator reviewing it. */
export type WorkflowActor = 'author' | 'moderator';

/** Each action is named by what the person does; `event` is the moderation_events action it records. */
export const workflowActions = ['submit', 'withdraw', 'reopen', 'publish', 'request_changes', 'reject'] as const;
export type WorkflowAction = (typeof workflowActions)[number];

export interface Transition {
  readonly action: WorkflowAction;
  readonly actor: WorkflowActor;
  readonly from: readonly StoryStatus[];
  readonly to: StoryStatus;
  /** The moderation_events.action recorded, or null when the move is only the author's own business. */
  readonly event: 'submitted' | 'published' | 'changes_requested' | 'rejected' | 'withdrawn' | null;
  /** Moderators must tell the author why they sent a story back or turned it down. */
  readonly needsReason: boolean;
}

/**
 * The whole workflow. Authors submit a draft (or a story sent back for changes), withdraw a story that is
 * waiting or published, and reopen a withdrawn or rejected story as a draft to work on it again. Moderators
 * decide on submitted stories only, so a decision never overtakes an author's later edit or withdrawal.
 */
export const transitions: readonly Transition[] = [
  {
    action: 'submit',
    actor: 'author',
    from: ['draft', 'changes_requested'],
    to: 'submitted',
    event: 'submitted',
    needsReason: false,
  },
  {
    action: 'withdraw',
    actor: 'author',
    from: ['submitted', 'published'],
    to: 'withdrawn',
    event: 'withdrawn',
    needsReason: false,
  },
  { action: 'reopen', actor: 'author', from: ['withdrawn', 'rejected'], to: 'draft', event: null, needsReason: false },
  {
    action: 'publish',
    actor: 'moderator',
    from: ['submitted'],
    to: 'published',
    event: 'published',
    needsReason: false,
  },
  {
    action: 'request_changes',
    actor: 'moderator',
    from: ['submitted'],
    to: 'changes_requested',
    event: 'changes_requested',
    needsReason: true,
  },
  { action: 'reject', actor: 'moderator', from: ['submitted'], to: 'rejected', event: 'rejected', needsReason: true },
];

/** The transition an actor may take with this action from this status, or null when it is not allowed. */
export function transitionFor(actor: WorkflowActor, action: WorkflowAction, from: StoryStatus): Transition | null {
  return transitions.find((t) => t.actor === actor && t.action === action && t.from.includes(from)) ?? null;
}

/** The status after the action, or null when the actor may not take it from this status. */
export function nextStatus(actor: WorkflowActor, action: WorkflowAction, from: StoryStatus): StoryStatus | null {
  return transitionFor(actor, action, from)?.to ?? null;
}

/** Every action this actor may take now: what a page offers as next steps. */
export function actionsAvailable(actor: WorkflowActor, from: StoryStatus): WorkflowAction[] {
  return transitions.filter((t) => t.actor === actor && t.from.includes(from)).map((t) => t.action);
}

/** Authors edit the text only while it is theirs to work on: never while waiting for or after a decision. */
export function authorMayEdit(status: StoryStatus): boolean {
  return status === 'draft' || status === 'changes_requested';
}

/** Only a draft that never reached readers may be deleted outright; anything else is withdrawn. */
export function authorMayDelete(status: StoryStatus): boolean {
  return status === 'draft';
}
