// Stories' vocabulary: the four forms a story of practice takes.
export const storyForms = ['profile', 'personal-narrative', 'quote', 'flash-fiction'] as const;
export type StoryForm = (typeof storyForms)[number];
