// The tag suggestion model: a pure core with no I/O. It is built from the framework's own words and from
// human-tagged stories, saved as plain JSON, and ranks every characteristic and role for a new text.
// Two views of the words are blended: naive Bayes (wink) and TF-IDF cosine against each label's centroid.
import naiveBayes, { type NaiveBayesTextClassifier } from 'wink-naive-bayes-text-classifier';
import type { Framework } from '../framework/types.ts';
import { tokensOf } from './tokens.ts';

/** A story a person tagged: its text (title and body) and the tags they chose. */
export interface LabelledStory {
  text: string;
  primary: string;
  characteristics: readonly string[];
  roles: readonly string[];
}

/** One kind of label (characteristics, or roles) as saved: the classifier and the TF-IDF centroids. */
interface SavedLabelModel {
  keys: string[];
  naiveBayes: string;
  idf: Record<string, number>;
  centroids: Record<string, Record<string, number>>;
}

/** What is stored in tag_models.model. */
export interface SavedTagModel {
  format: 'waymark-tag-model';
  version: 1;
  frameworkVersion: string;
  storyCount: number;
  characteristics: SavedLabelModel;
  roles: SavedLabelModel;
}

export interface ScoredKey {
  key: string;
  score: number;
}
export interface Suggestions {
  characteristics: ScoredKey[];
  roles: ScoredKey[];
}

/** Bounds on the model's size: enough words per label to rank well, small enough to load in milliseconds. */
const termsPerCentroid = 1500;
/** How much of the score comes from naive Bayes; the rest from cosine similarity (tuned on held-out stories). */
const bayesWeight = 0.35;

interface TrainingDoc {
  tokens: string[];
  /** Labels, each with how many times the document counts for it (a primary characteristic counts twice). */
  labels: [string, number][];
}

const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

/** The framework's descriptions as training documents: a few short documents per label, in our own words. */
function frameworkDocs(framework: Framework): { characteristics: TrainingDoc[]; roles: TrainingDoc[] } {
  const characteristics: TrainingDoc[] = [];
  for (const c of framework.characteristics) {
    const texts = [`${c.name}. ${c.summary}`, ...paragraphs(c.description), ...c.indicators];
    for (const text of texts) characteristics.push({ tokens: tokensOf(text), labels: [[c.key, 1]] });
  }
  // Lessons say which characteristics they bear on most: weaker evidence, counted once for each.
  for (const lesson of framework.lessons) {
    const tokens = tokensOf(`${lesson.title}. ${lesson.summary}`);
    characteristics.push({ tokens, labels: lesson.characteristics.map((k) => [k, 1]) });
  }
  const roles: TrainingDoc[] = [];
  for (const r of framework.roles) {
    for (const text of [`${r.name}. ${r.summary}`, ...paragraphs(r.description)]) {
      roles.push({ tokens: tokensOf(text), labels: [[r.key, 1]] });
    }
  }
  return { characteristics, roles };
}

function trainLabelModel(keys: string[], docs: TrainingDoc[]): SavedLabelModel {
  const known = new Set(keys);
  const usable = docs
    .map((d) => ({ tokens: d.tokens, labels: d.labels.filter(([k]) => known.has(k)) }))
    .filter((d) => d.tokens.length > 0 && d.labels.length > 0);

  const classifier = naiveBayes();
  classifier.defineConfig({ considerOnlyPresence: true, smoothingFactor: 0.5 });
  for (const doc of usable)
    for (const [label, times] of doc.labels) for (let i = 0; i < times; i++) classifier.learn(doc.tokens, label);
  classifier.consolidate();

  // Inverse document frequency over the training documents, then one normalised centroid per label.
  const df = new Map<string, number>();
  for (const doc of usable) for (const term of new Set(doc.tokens)) df.set(term, (df.get(term) ?? 0) + 1);
  const idf: Record<string, number> = {};
  for (const [term, n] of [...df].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    idf[term] = round(Math.log((usable.length + 1) / (n + 1)) + 1);
  }
  const sums = new Map<string, Map<string, number>>();
  for (const doc of usable) {
    const vector = tfidf(doc.tokens, idf);
    for (const [label, times] of doc.labels) {
      const sum = sums.get(label) ?? new Map<string, number>();
      for (const [term, weight] of vector) sum.set(term, (sum.get(term) ?? 0) + weight * times);
      sums.set(label, sum);
    }
  }
  const centroids: Record<string, Record<string, number>> = {};
  for (const key of keys) {
    const top = [...(sums.get(key) ?? new Map<string, number>())]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, termsPerCentroid);
    const norm = Math.sqrt(top.reduce((s, [, w]) => s + w * w, 0)) || 1;
    centroids[key] = Object.fromEntries(top.map(([term, w]) => [term, round(w / norm)]));
  }
  return { keys, naiveBayes: classifier.exportJSON(), idf, centroids };
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** A normalised TF-IDF vector of the tokens, over the terms the model knows. */
function tfidf(tokens: readonly string[], idf: Readonly<Record<string, number>>): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of tokens) if (idf[t] !== undefined) tf.set(t, (tf.get(t) ?? 0) + 1);
  const vector = new Map<string, number>();
  let norm = 0;
  for (const [term, n] of tf) {
    const w = (1 + Math.log(n)) * (idf[term] as number);
    vector.set(term, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [term, w] of vector) vector.set(term, w / norm);
  return vector;
}

/** Builds the model from the framework and the human-tagged stories; the same input gives the same model. */
export function buildTagModel(framework: Framework, stories: readonly LabelledStory[]): SavedTagModel {
  return buildFromTokens(
    framework,
    stories.map((story) => ({ story, tokens: tokensOf(story.text) })),
  );
}

/**
 * The same model, built without holding the event loop: the stories are read (the slow part) a slice at a
 * time, so an instance that rebuilds keeps answering requests meanwhile.
 */
export async function buildTagModelInSlices(
  framework: Framework,
  stories: readonly LabelledStory[],
  sliceSize = 50,
): Promise<SavedTagModel> {
  const read: { story: LabelledStory; tokens: string[] }[] = [];
  for (let i = 0; i < stories.length; i += sliceSize) {
    for (const story of stories.slice(i, i + sliceSize)) read.push({ story, tokens: tokensOf(story.text) });
    await new Promise((resolve) => setImmediate(resolve));
  }
  return buildFromTokens(framework, read);
}

function buildFromTokens(
  framework: Framework,
  read: readonly { story: LabelledStory; tokens: string[] }[],
): SavedTagModel {
  const base = frameworkDocs(framework);
  const characteristicDocs = [...base.characteristics];
  const roleDocs = [...base.roles];
  for (const { story, tokens } of read) {
    const others = [...new Set(story.characteristics)].filter((k) => k !== story.primary);
    characteristicDocs.push({ tokens, labels: [[story.primary, 2], ...others.map((k): [string, number] => [k, 1])] });
    if (story.roles.length > 0) roleDocs.push({ tokens, labels: [...new Set(story.roles)].map((k) => [k, 1]) });
  }
  return {
    format: 'waymark-tag-model',
    version: 1,
    frameworkVersion: framework.version,
    storyCount: read.length,
    characteristics: trainLabelModel(
      framework.characteristics.map((c) => c.key),
      characteristicDocs,
    ),
    roles: trainLabelModel(
      framework.roles.map((r) => r.key),
      roleDocs,
    ),
  };
}

/** Whether a stored value is a model this code can use (an older format is rebuilt, not misread). */
export function isSavedTagModel(value: unknown): value is SavedTagModel {
  const v = value as Partial<SavedTagModel> | null;
  return typeof v === 'object' && v !== null && v.format === 'waymark-tag-model' && v.version === 1;
}

interface LoadedLabelModel {
  keys: string[];
  classifier: NaiveBayesTextClassifier;
  idf: Record<string, number>;
  centroids: Map<string, Map<string, number>>;
}

/** A model ready to rank texts: the classifier restored and the centroids as maps. */
export interface TagModel {
  storyCount: number;
  characteristics: LoadedLabelModel;
  roles: LoadedLabelModel;
}

function loadLabelModel(saved: SavedLabelModel): LoadedLabelModel {
  const classifier = naiveBayes();
  classifier.importJSON(saved.naiveBayes);
  classifier.consolidate();
  return {
    keys: saved.keys,
    classifier,
    idf: saved.idf,
    centroids: new Map(Object.entries(saved.centroids).map(([k, terms]) => [k, new Map(Object.entries(terms))])),
  };
}

export function loadTagModel(saved: SavedTagModel): TagModel {
  return {
    storyCount: saved.storyCount,
    characteristics: loadLabelModel(saved.characteristics),
    roles: loadLabelModel(saved.roles),
  };
}

function rank(model: LoadedLabelModel, tokens: readonly string[]): ScoredKey[] {
  // Naive Bayes: one-against-the-rest log2 odds, turned into shares that sum to one. Long texts give large
  // odds, so they are scaled by the text's length to keep the shares from collapsing onto one label.
  const odds = new Map<string, number>();
  if (tokens.length > 0) {
    for (const [label, value] of model.classifier.computeOdds([...tokens])) odds.set(label, value);
  }
  const scale = Math.max(1, Math.sqrt(tokens.length));
  const best = Math.max(0, ...[...odds.values()].map((o) => o / scale));
  const weights = model.keys.map((k) =>
    odds.has(k) ? Math.exp(((odds.get(k) as number) / scale - best) * Math.LN2) : 0,
  );
  const total = weights.reduce((s, w) => s + w, 0);
  const bayes = weights.map((w) => (total > 0 ? w / total : 0));

  const vector = tfidf(tokens, model.idf);
  const cosines = model.keys.map((k) => {
    const centroid = model.centroids.get(k);
    let dot = 0;
    if (centroid) for (const [term, w] of vector) dot += w * (centroid.get(term) ?? 0);
    return dot;
  });
  const topCosine = Math.max(...cosines);
  const cosineShares = cosines.map((c) => (topCosine > 0 ? c / topCosine : 0));

  return model.keys
    .map((key, i) => ({
      key,
      score: round(
        Math.min(1, Math.max(0, bayesWeight * (bayes[i] ?? 0) + (1 - bayesWeight) * (cosineShares[i] ?? 0))),
      ),
      position: i,
    }))
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .map(({ key, score }) => ({ key, score }));
}

/** Every characteristic and every role, best first, each scored in [0, 1]. A text with no known words ranks
 * them in framework order with score 0. */
export function suggestTags(model: TagModel, text: string): Suggestions {
  const tokens = tokensOf(text);
  return { characteristics: rank(model.characteristics, tokens), roles: rank(model.roles, tokens) };
}
