// Stories' vocabulary: the four forms a story of practice takes, its editorial states, and the people in it.
export const storyForms = ['profile', 'personal-narrative', 'quote', 'flash-fiction'] as const;
export type StoryForm = (typeof storyForms)[number];

/**
 * Where a story is on its way to readers. Only `published` is ever shown to anyone but its authors and
 * moderators; `changes_requested` and `rejected` carry the moderator's reason in moderation_events.
 */
export const storyStatuses = ['draft', 'submitted', 'changes_requested', 'published', 'rejected', 'withdrawn'] as const;
export type StoryStatus = (typeof storyStatuses)[number];

/** How a person other than the owner appears in a story. */
export const storyRelations = ['author', 'told_with', 'subject', 'named'] as const;
export type StoryRelation = (typeof storyRelations)[number];

/** A person's consent to appear: asked by link, given, refused, or avoided by anonymising them. */
export const consentStates = ['not_needed', 'not_asked', 'pending', 'given', 'refused', 'anonymised'] as const;
export type ConsentState = (typeof consentStates)[number];
