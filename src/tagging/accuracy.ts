// How well tag suggestions do on stories the model never saw: the labelled stories (the demo stories and
// the evaluation set) are split into five folds by a hash of their title; each fold is held out in turn
// while a model is built from the framework and the other four, so every story is scored exactly once.
import { demoStories } from '../demo/stories.ts';
import { framework } from '../framework/data.ts';
import { evalStories } from './eval-stories.ts';
import { buildTagModel, type LabelledStory, loadTagModel, suggestTags } from './model.ts';

export interface AccuracyReport {
  /** Share of held-out stories whose primary characteristic was ranked first. */
  top1: number;
  /** ...ranked in the first three. */
  top3: number;
  /** Share of held-out stories with roles whose first-ranked role is one of their roles. */
  rolesTop1: number;
  heldOut: number;
  /** Labelled stories each model was built from (besides the framework), on average over the folds. */
  trainedOn: number;
  folds: number;
  /** Median time of one suggestion, in milliseconds. */
  suggestMs: number;
}

/** Every labelled story we have, with its title as part of its text (as the live model reads them). */
export function labelledStories(): (LabelledStory & { title: string })[] {
  return [
    ...demoStories.map((s) => ({
      title: s.title,
      text: `${s.title}\n\n${s.body}`,
      primary: s.primaryCharacteristic,
      characteristics: [s.primaryCharacteristic, ...s.otherCharacteristics],
      roles: s.roles,
    })),
    ...evalStories.map((s) => ({
      title: s.title,
      text: `${s.title}\n\n${s.body}`,
      primary: s.primary,
      characteristics: [s.primary, ...s.others],
      roles: s.roles,
    })),
  ];
}

/** FNV-1a: a stable fold for each title, whatever order the stories are listed in. */
export function foldOf(title: string, folds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < title.length; i++) {
    h ^= title.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % folds;
}

export function measureAccuracy(folds = 5): AccuracyReport {
  const stories = labelledStories();
  let top1 = 0;
  let top3 = 0;
  let rolesHit = 0;
  let withRoles = 0;
  let trained = 0;
  const times: number[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const training = stories.filter((s) => foldOf(s.title, folds) !== fold);
    const heldOut = stories.filter((s) => foldOf(s.title, folds) === fold);
    trained += training.length;
    const model = loadTagModel(buildTagModel(framework, training));
    for (const story of heldOut) {
      const started = performance.now();
      const suggested = suggestTags(model, story.text);
      times.push(performance.now() - started);
      const rank = suggested.characteristics.findIndex((c) => c.key === story.primary);
      if (rank === 0) top1++;
      if (rank >= 0 && rank < 3) top3++;
      if (story.roles.length > 0) {
        withRoles++;
        if (story.roles.includes(suggested.roles[0]?.key ?? '')) rolesHit++;
      }
    }
  }
  times.sort((a, b) => a - b);
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    top1: round2(top1 / stories.length),
    top3: round2(top3 / stories.length),
    rolesTop1: round2(withRoles ? rolesHit / withRoles : 0),
    heldOut: stories.length,
    trainedOn: Math.round(trained / folds),
    folds,
    suggestMs: round2(times[Math.floor(times.length / 2)] ?? 0),
  };
}
