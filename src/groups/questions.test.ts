import { describe, expect, it } from 'vitest';
import { framework } from '../framework/data.ts';
import { groupQuestions, questionSetNames, questionsTouching } from './questions.ts';

describe('the reading group questions', () => {
  it('has each of the three sets, unique keys, and names only the framework’s own characteristics and lessons', () => {
    const characteristics = new Set<string>(framework.characteristics.map((c) => c.key));
    const lessons = new Set<string>(framework.lessons.map((l) => l.key));
    expect(new Set(groupQuestions.map((q) => q.key)).size).toBe(groupQuestions.length);
    for (const set of Object.keys(questionSetNames)) {
      expect(groupQuestions.filter((q) => q.set === set).length, set).toBeGreaterThanOrEqual(5);
    }
    for (const q of groupQuestions) {
      for (const c of q.characteristics) expect(characteristics.has(c), `${q.key} ${c}`).toBe(true);
      for (const l of q.lessons) expect(lessons.has(l), `${q.key} ${l}`).toBe(true);
    }
  });

  it('touches every one of the ten characteristics and the eight lessons', () => {
    for (const c of framework.characteristics)
      expect(questionsTouching({ characteristic: c.key }).length, c.key).toBeGreaterThan(0);
    for (const l of framework.lessons) expect(questionsTouching({ lesson: l.key }).length, l.key).toBeGreaterThan(0);
  });
});
