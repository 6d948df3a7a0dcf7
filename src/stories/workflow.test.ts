import { describe, expect, it } from 'vitest';
import { storyStatuses } from './types.ts';
import {
  actionsAvailable,
  authorMayDelete,
  authorMayEdit,
  nextStatus,
  transitionFor,
  transitions,
} from './workflow.ts';

describe('story workflow', () => {
  it('lets authors submit a draft or a story sent back for changes, and nothing else', () => {
    expect(nextStatus('author', 'submit', 'draft')).toBe('submitted');
    expect(nextStatus('author', 'submit', 'changes_requested')).toBe('submitted');
    for (const from of ['submitted', 'published', 'rejected', 'withdrawn'] as const) {
      expect(nextStatus('author', 'submit', from)).toBeNull();
    }
  });

  it('lets authors withdraw a waiting or published story and reopen a withdrawn or rejected one', () => {
    expect(nextStatus('author', 'withdraw', 'submitted')).toBe('withdrawn');
    expect(nextStatus('author', 'withdraw', 'published')).toBe('withdrawn');
    expect(nextStatus('author', 'withdraw', 'draft')).toBeNull();
    expect(nextStatus('author', 'reopen', 'withdrawn')).toBe('draft');
    expect(nextStatus('author', 'reopen', 'rejected')).toBe('draft');
    expect(nextStatus('author', 'reopen', 'published')).toBeNull();
  });

  it('lets moderators decide on submitted stories only, and never authors', () => {
    for (const action of ['publish', 'request_changes', 'reject'] as const) {
      for (const from of storyStatuses) {
        expect(nextStatus('author', action, from)).toBeNull();
        expect(nextStatus('moderator', action, from) !== null).toBe(from === 'submitted');
      }
    }
    expect(transitionFor('moderator', 'reject', 'submitted')?.needsReason).toBe(true);
    expect(transitionFor('moderator', 'publish', 'submitted')?.needsReason).toBe(false);
  });

  it('never lets moderators take an author action', () => {
    for (const from of storyStatuses) {
      expect(
        actionsAvailable('moderator', from).every((a) => ['publish', 'request_changes', 'reject'].includes(a)),
      ).toBe(true);
    }
  });

  it('offers next steps per status and says when editing and deleting are allowed', () => {
    expect(actionsAvailable('author', 'draft')).toEqual(['submit']);
    expect(actionsAvailable('author', 'published')).toEqual(['withdraw']);
    expect(actionsAvailable('moderator', 'submitted')).toEqual(['publish', 'request_changes', 'reject']);
    expect(storyStatuses.filter(authorMayEdit)).toEqual(['draft', 'changes_requested']);
    expect(storyStatuses.filter(authorMayDelete)).toEqual(['draft']);
    expect(transitions.every((t) => !t.from.includes(t.to))).toBe(true);
  });
});
