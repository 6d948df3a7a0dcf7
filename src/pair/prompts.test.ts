import { describe, expect, it } from 'vitest';
import { assembleDraft, timerText } from './prompts.ts';

const notes = {
  introduce: 'Works on the housing options desk.',
  why_characteristic: '',
  example: 'Found a family a home by ringing the landlord herself.',
  what_changed: '  ',
  tips: 'Pick up the phone.',
};

describe('assembleDraft', () => {
  it('writes a profile in the third person, in the prompts’ order, leaving out empty prompts', () => {
    const draft = assembleDraft({
      form: 'profile',
      storyteller: 'Jo Penrose',
      characteristicName: 'Rooted in place',
      notes,
    });
    expect(draft.title).toBe('Jo Penrose: Rooted in place');
    expect(draft.body).toBe(
      '## About Jo\n\nWorks on the housing options desk.\n\n## An example from work\n\nFound a family a home by ringing the landlord herself.\n\n## Jo’s tips\n\nPick up the phone.',
    );
  });

  it('writes a personal narrative in the first person', () => {
    const draft = assembleDraft({
      form: 'personal-narrative',
      storyteller: 'Jo Penrose',
      characteristicName: 'Reflects and learns',
      notes: { ...notes, why_characteristic: 'I keep a notebook.' },
    });
    expect(draft.title).toBe('My story: Reflects and learns');
    expect(draft.body).toContain('## About me');
    expect(draft.body).toContain('## Why “Reflects and learns” fits me\n\nI keep a notebook.');
    expect(draft.body).toContain('## My tips');
  });
});

describe('timerText', () => {
  it('counts minutes gently and never below zero', () => {
    expect(timerText(-5000)).toBe('Just started. Take about 20 minutes.');
    expect(timerText(60_000)).toBe('1 minute in, of about 20.');
    expect(timerText(19 * 60_000 + 59_000)).toBe('19 minutes in, of about 20.');
    expect(timerText(25 * 60_000)).toBe('25 minutes in: a good time to move to the tips and finish this turn.');
  });
});
