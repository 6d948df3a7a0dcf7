// Stories' vocabulary: the four forms a story of practice takes, its editorial states, and the people in it.
// The words live with the table types that store them (src/db/vocabularies.ts); stories name them from here.
export {
  type ConsentState,
  consentStates,
  type StoryForm,
  type StoryRelation,
  type StoryStatus,
  storyForms,
  storyRelations,
  storyStatuses,
} from '../db/vocabularies.ts';
