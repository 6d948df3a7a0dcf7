// The demo stories of practice: invented, written by the Waymark project, across every characteristic,
// form and visibility scope, from organisations in several regions and sectors. The files are split by
// theme; the first two keep their order, because a story's place in the list sets when it was published
// unless it says (`daysAgo`).
import { acrossSectorsStories } from './stories-across-sectors.ts';
import { learningAndLeadingStories } from './stories-learning-and-leading.ts';
import { longReadStories } from './stories-long-reads.ts';
import { placeAndPeopleStories } from './stories-place-and-people.ts';
import type { DemoStory } from './types.ts';

export const demoStories: DemoStory[] = [
  ...placeAndPeopleStories,
  ...learningAndLeadingStories,
  ...acrossSectorsStories,
  ...longReadStories,
];
