// The pair exercise's five prompts, and how a turn's notes become a first draft. Pure: no database here.

export const promptKeys = ['introduce', 'why_characteristic', 'example', 'what_changed', 'tips'] as const;
export type PromptKey = (typeof promptKeys)[number];
export type TurnNotes = Record<PromptKey, string>;

/** What the interviewer asks, and a hint for drawing the answer out. Our own words. */
export const prompts: Record<PromptKey, { question: string; hint: string }> = {
  introduce: {
    question: 'Who are you, and what do you enjoy about your work?',
    hint: 'Ask about their job, where they work and the part of it that gets them up in the morning.',
  },
  why_characteristic: {
    question: 'Which of the ten characteristics do you recognise in yourself, and why that one?',
    hint: 'Let them choose. Ask what it looks like on an ordinary day.',
  },
  example: {
    question: 'Tell me about one time at work when it really showed.',
    hint: 'Keep it concrete: who was there, what happened, what they did. One example is enough.',
  },
  what_changed: {
    question: 'Why did it matter, and what changed because of it?',
    hint: 'For the people they serve, for colleagues, for themselves. Small changes count.',
  },
  tips: {
    question: 'What would you tell someone who wants to work this way?',
    hint: 'Two or three tips in their own words.',
  },
};

/** About 20 minutes a turn: a guide for the timer, never a limit. */
export const turnMinutes = 20;

export type DraftForm = 'profile' | 'personal-narrative';

/** How the timer reads after `elapsedMs` of a turn: gentle, never a countdown to zero. */
export function timerText(elapsedMs: number): string {
  const minutes = Math.max(0, Math.floor(elapsedMs / 60_000));
  if (minutes < 1) return `Just started. Take about ${turnMinutes} minutes.`;
  if (minutes < turnMinutes) {
    return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} in, of about ${turnMinutes}.`;
  }
  return `${minutes} minutes in: a good time to move to the tips and finish this turn.`;
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] || name;

/**
 * A first draft from a turn's notes, for the storyteller to rewrite and own: a profile (third person, as the
 * interviewer heard it) or a personal narrative (first person, the storyteller taking it over). Each prompt
 * with notes becomes a section in the prompts' order; prompts left empty are left out.
 */
export function assembleDraft(input: {
  form: DraftForm;
  storyteller: string;
  characteristicName: string;
  notes: TurnNotes;
}): { title: string; body: string } {
  const name = firstName(input.storyteller);
  const profile = input.form === 'profile';
  const headings: Record<PromptKey, string> = profile
    ? {
        introduce: `About ${name}`,
        why_characteristic: `Why “${input.characteristicName}” fits ${name}`,
        example: 'An example from work',
        what_changed: 'Why it mattered, and what changed',
        tips: `${name}’s tips`,
      }
    : {
        introduce: 'About me',
        why_characteristic: `Why “${input.characteristicName}” fits me`,
        example: 'An example from my work',
        what_changed: 'Why it mattered, and what changed',
        tips: 'My tips',
      };
  const sections = promptKeys
    .map((key) => ({ key, text: input.notes[key].trim() }))
    .filter((s) => s.text !== '')
    .map((s) => `## ${headings[s.key]}\n\n${s.text}`);
  const title = profile
    ? `${input.storyteller.trim()}: ${input.characteristicName}`
    : `My story: ${input.characteristicName}`;
  return { title: title.slice(0, 200), body: sections.join('\n\n') };
}
