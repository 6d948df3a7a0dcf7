// The questions a reading group talks about, shipped as data and written by us: three sets (for individuals,
// for organisations, for HR and OD professionals), each question touching some of the framework's ten
// characteristics and eight lessons by key, so lesson and characteristic pages can list the questions on them.

export type QuestionSet = 'individuals' | 'organisations' | 'hr-od';

export interface GroupQuestion {
  key: string;
  set: QuestionSet;
  text: string;
  characteristics: readonly string[];
  lessons: readonly string[];
}

export const questionSetNames: Record<QuestionSet, string> = {
  individuals: 'For individuals',
  organisations: 'For organisations',
  'hr-od': 'For HR and OD professionals',
};

export const groupQuestions: readonly GroupQuestion[] = [
  // For individuals: your own work, career and habits.
  {
    key: 'individuals-place',
    set: 'individuals',
    text: 'Which streets, buildings or local groups does your work depend on that never appear in a job description? How did you come to know them?',
    characteristics: ['locality'],
    lessons: ['different-roles'],
  },
  {
    key: 'individuals-equals',
    set: 'individuals',
    text: 'Think of a time a resident or service user changed your mind. What did they know that you did not, and what made it possible for you to hear it?',
    characteristics: ['equals'],
    lessons: ['changing-citizens'],
  },
  {
    key: 'individuals-career',
    set: 'individuals',
    text: 'If your next job were in another sector, which of your skills would travel with you, and which would you have to learn again?',
    characteristics: ['career', 'skills'],
    lessons: ['generic-skills'],
  },
  {
    key: 'individuals-feelings',
    set: 'individuals',
    text: 'The story asks a lot of the people in it emotionally. Where in your own week does that kind of effort go unseen, and who notices it?',
    characteristics: ['reflects'],
    lessons: ['emotional-labour'],
  },
  {
    key: 'individuals-leading',
    set: 'individuals',
    text: 'Where did you lead something last month without having the title for it? What made you step forward, and what would make it easier next time?',
    characteristics: ['leadership', 'initiative'],
    lessons: ['beyond-hero-leaders'],
  },
  {
    key: 'individuals-ethics',
    set: 'individuals',
    text: 'When did doing the right thing for the public and doing the affordable thing pull in different directions for you? How did you decide?',
    characteristics: ['ethos'],
    lessons: ['shifting-ethics'],
  },
  // For organisations: how a team, service or organisation works.
  {
    key: 'organisations-boundaries',
    set: 'organisations',
    text: 'Which of our rules or systems would have stopped the people in this story? Which would have helped them? What would we change first?',
    characteristics: ['supportive'],
    lessons: ['different-roles'],
  },
  {
    key: 'organisations-austerity',
    set: 'organisations',
    text: 'Money is tight and may stay tight. Which new ways of working have we found because of it, and which good ones have we lost?',
    characteristics: ['austerity'],
    lessons: ['perma-austerity'],
  },
  {
    key: 'organisations-enterprise',
    set: 'organisations',
    text: 'Where could we earn, share or trade with partners without losing sight of why we exist? Who should be in the room when we decide?',
    characteristics: ['initiative', 'ethos'],
    lessons: ['shifting-ethics'],
  },
  {
    key: 'organisations-learning',
    set: 'organisations',
    text: 'Which lesson in this story has another profession near us already learned? How could we learn it with them rather than separately?',
    characteristics: ['reflects'],
    lessons: ['interprofessional-learning'],
  },
  {
    key: 'organisations-citizens',
    set: 'organisations',
    text: 'What do residents expect from us now that they did not ten years ago? Where do our services still assume the old expectations?',
    characteristics: ['equals', 'locality'],
    lessons: ['changing-citizens'],
  },
  {
    key: 'organisations-leadership',
    set: 'organisations',
    text: 'Whose permission did the people in the story need, and whose did they take? How could we share leadership more widely on purpose?',
    characteristics: ['leadership'],
    lessons: ['beyond-hero-leaders'],
  },
  // For HR and OD professionals: roles, careers, learning and support.
  {
    key: 'hr-od-roles',
    set: 'hr-od',
    text: 'Which roles in this story do our job families and grades have no name for? What would it take to recognise them?',
    characteristics: ['skills'],
    lessons: ['different-roles'],
  },
  {
    key: 'hr-od-movement',
    set: 'hr-od',
    text: 'What makes it hard for people to move between our organisation and partners in other sectors, and back again? Which barrier could we remove this year?',
    characteristics: ['career'],
    lessons: ['generic-skills'],
  },
  {
    key: 'hr-od-support',
    set: 'hr-od',
    text: 'How do supervision, wellbeing support and workload planning account for emotional effort? Where would this story’s people have found support?',
    characteristics: ['supportive'],
    lessons: ['emotional-labour'],
  },
  {
    key: 'hr-od-development',
    set: 'hr-od',
    text: 'Which development we offer is shared across professions, and which is kept apart? What would joint learning look like for this story’s people?',
    characteristics: ['reflects', 'skills'],
    lessons: ['interprofessional-learning'],
  },
  {
    key: 'hr-od-recruiting',
    set: 'hr-od',
    text: 'If we recruited for rootedness in place and working with citizens as equals, what would we ask at interview, and who would sit on the panel?',
    characteristics: ['locality', 'equals'],
    lessons: ['changing-citizens'],
  },
  {
    key: 'hr-od-pressure',
    set: 'hr-od',
    text: 'Which new roles have tight budgets created here, and which have they blocked? How do we make sure the new roles are fair and properly supported?',
    characteristics: ['austerity', 'supportive'],
    lessons: ['perma-austerity'],
  },
];

const byKey = new Map(groupQuestions.map((q) => [q.key, q]));

export const questionByKey = (key: string): GroupQuestion | undefined => byKey.get(key);

/** The questions touching a characteristic or a lesson, for the pages that join everything tagged with them. */
export const questionsTouching = (tag: { characteristic?: string; lesson?: string }) =>
  groupQuestions.filter(
    (q) =>
      (tag.characteristic !== undefined && q.characteristics.includes(tag.characteristic)) ||
      (tag.lesson !== undefined && q.lessons.includes(tag.lesson)),
  );
