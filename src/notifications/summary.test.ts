import { describe, expect, it } from 'vitest';
import { actor, notificationText, renderNotification } from './summary.ts';

describe('notification summaries', () => {
  it('store the actor as a place-holder and fill in the name when read', () => {
    const summary = notificationText`${actor} commented on your ${'story'}.`;
    expect(summary.template).toBe('{actor} commented on your story.');
    expect(renderNotification(summary.template, 'Tom Haddley')).toBe('Tom Haddley commented on your story.');
    expect(renderNotification(summary.template, null)).toBe('A former member commented on your story.');
  });

  it('never let plain text pose as a place-holder', () => {
    const summary = notificationText`${actor} commented on your ${'{actor}'}.`;
    expect(summary.template).toBe('{actor} commented on your {{actor}.');
    expect(renderNotification(summary.template, 'Tom')).toBe('Tom commented on your {actor}.');
  });
});
