import stored from './model.json';
import { bucketOf, FEATURE_BITS, FEATURE_DIMS, featuresOf, tokensOf } from './features';
import { int8Weights, softmax, type StoredHead } from './linear';

/**
 * The learned model's reading of a post (trained by `npm run train` from data/train; model card: docs/model.md): the
 * category, whether the post is critical, how soon a calm post needs a person, and the sentiment, each with its
 * probability and the post's own words that weighed most. It reads the post's redacted words and their meaning (word
 * vectors); ../decide.ts turns its reading into labels, with the hard facts (reach, a named regulator) as a floor.
 */

export const HEAD_LABELS = {
  category: ['threat', 'complaint', 'question', 'praise', 'other'],
  critical: ['no', 'yes'],
  calmUrgency: ['high', 'normal', 'low'],
  sentiment: ['negative', 'neutral', 'positive'],
} as const;
export type HeadName = keyof typeof HEAD_LABELS;

/** The critical head's thresholds, chosen on the validation split (bin/train.ts). */
export interface Thresholds {
  /** For the whole post: recall first, down to a floor of precision. */
  critical: number;
  /** For one sentence read alone (../worst-sentence.ts): the lowest that keeps that floor of precision. */
  criticalSentence: number;
}

interface StoredModel {
  version: string;
  featureBits: number;
  thresholds: Thresholds;
  heads: Record<HeadName, StoredHead>;
}

const model = stored as unknown as StoredModel;

/** Which model decided; stored on each case with its labels. */
export const MODEL_VERSION = model.version;
/** Chosen on the validation split for ≥ 0.97 critical recall (bin/train.ts). */
export const CRITICAL_THRESHOLD = model.thresholds.critical;

export interface HeadReading<L extends string> {
  label: L;
  /** The probability of `label`. */
  probability: number;
  /** Every label's probability. */
  probabilities: Record<L, number>;
}

export interface ModelReading {
  category: HeadReading<(typeof HEAD_LABELS.category)[number]>;
  /** The probability that the post is critical by the label rules (a threat, safety or health, security or fraud). */
  critical: { probability: number; critical: boolean };
  /** How soon a person must act if the post is not critical. */
  calmUrgency: HeadReading<(typeof HEAD_LABELS.calmUrgency)[number]>;
  sentiment: HeadReading<(typeof HEAD_LABELS.sentiment)[number]>;
}

/** A trained model as the classifier uses it: the committed one (committedModel), or one just trained (bin/train.ts). */
export interface PostModel {
  version: string;
  thresholds: Thresholds;
  /** `words` should already be PII-redacted: the evidence words are the post's own. */
  read(words: string): ModelReading;
  /**
   * Up to three of the post's own words that pushed a head hardest towards `label` (against the mean of the other
   * labels): the evidence a reason quotes. Words of one or two letters or over EVIDENCE_WORD_CHARS, words without a
   * letter, negated words and function words are left out (they explain nothing to a reader, make a reason long, or
   * could be a number the PII detector did not know).
   */
  evidence(head: HeadName, label: string, words: string): string[];
}

/**
 * Words that carry a post's grammar, not its meaning: never quoted as evidence ("question: there, the, today" tells a
 * reader nothing), though the model still reads them.
 */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  ('the and for you your yours our ours their theirs this that these those there here then than with from into onto about ' +
    'was were are is been being have has had having will would shall should can could may might must just also very ' +
    'what when where which who whom whose why how all any some each every both few more most other such only own same ' +
    'not nor too out off over under again once her him his hers she they them its it\'s i\'m i\'ve i\'ll we\'re you\'re there\'s that\'s i\'d what\'s ' +
    'did does doing done get got today yesterday tomorrow now still even ever one two atuser httplink ' +
    'les des une est pas que qui pour avec dans sur los las una por para con del que es muy').split(' '),
);

/** A word without a letter (a number: an amount, a date — or PII the detector missed) is never quoted. */
const LETTER = /\p{L}/u;
/** Longer "words" (a run of letters with no spaces, a pasted token) are never quoted: a reason stays short. */
const EVIDENCE_WORD_CHARS = 20;

export function linearModel(version: string, heads: Record<HeadName, StoredHead>, thresholds: Thresholds): PostModel {
  for (const name of Object.keys(HEAD_LABELS) as HeadName[]) {
    if (heads[name]?.labels.join() !== HEAD_LABELS[name].join()) throw new Error(`model head ${name} does not have the labels ${HEAD_LABELS[name].join(', ')}`);
  }
  // Every head's rows in one int8 table, a bucket's weights side by side: a post touches ~300 buckets, and reading
  // all thirteen labels' weights of a bucket from one place (1.7 MB in all), not from thirteen rows 128 KB apart, is
  // most of its speed. Each label's sum is scaled once, by its head's scale, at the end.
  const names = Object.keys(HEAD_LABELS) as HeadName[];
  const first = {} as Record<HeadName, number>;
  let rows = 0;
  for (const name of names) {
    first[name] = rows;
    rows += heads[name].labels.length;
  }
  const table = new Int8Array(FEATURE_DIMS * rows);
  const scale = new Float64Array(rows);
  for (const name of names) {
    const q = int8Weights(heads[name]);
    for (let row = 0; row < heads[name].labels.length; row++) {
      const column = first[name] + row;
      scale[column] = heads[name].scale;
      for (let bucket = 0; bucket < FEATURE_DIMS; bucket++) table[bucket * rows + column] = q[row * FEATURE_DIMS + bucket]!;
    }
  }
  const weight = (name: HeadName, row: number, bucket: number) => table[bucket * rows + first[name] + row]! * heads[name].scale;

  const read = (words: string): ModelReading => {
    const x = featuresOf(words);
    const scores = new Array<number>(rows).fill(0);
    for (let i = 0; i < x.index.length; i++) {
      const base = x.index[i]! * rows;
      const v = x.value[i]!;
      for (let r = 0; r < rows; r++) scores[r]! += table[base + r]! * v;
    }
    for (let r = 0; r < rows; r++) scores[r]! *= scale[r]!;
    const probabilitiesOf = (name: HeadName) => softmax(scores.slice(first[name], first[name] + heads[name].labels.length));
    const head = <L extends string>(name: HeadName): HeadReading<L> => {
      const labels = heads[name].labels;
      const p = probabilitiesOf(name);
      const best = p.indexOf(Math.max(...p));
      return {
        label: labels[best] as L,
        probability: p[best]!,
        probabilities: Object.fromEntries(labels.map((l, i) => [l, p[i]!])) as Record<L, number>,
      };
    };
    const pCritical = probabilitiesOf('critical')[1]!;
    return {
      category: head('category'),
      critical: { probability: pCritical, critical: pCritical >= thresholds.critical },
      calmUrgency: head('calmUrgency'),
      sentiment: head('sentiment'),
    };
  };
  const evidence = (name: HeadName, label: string, words: string): string[] => {
    const labels = heads[name].labels;
    const row = labels.indexOf(label);
    if (row < 0) return [];
    const others = labels.map((_, i) => i).filter((i) => i !== row);
    const seen = new Set<string>();
    return tokensOf(words)
      .filter((t) => !t.startsWith('¬') && t.length > 2 && t.length <= EVIDENCE_WORD_CHARS && LETTER.test(t) && !FUNCTION_WORDS.has(t) && !seen.has(t) && seen.add(t))
      .map((word) => {
        const bucket = bucketOf(`w:${word}`);
        const against = others.reduce((s, i) => s + weight(name, i, bucket), 0) / others.length;
        return { word, push: weight(name, row, bucket) - against };
      })
      .filter((w) => w.push > 0)
      .sort((a, b) => b.push - a.push)
      .slice(0, 3)
      .map((w) => w.word);
  };
  return { version, thresholds, read, evidence };
}

let committed: PostModel | undefined;
/** The committed model (model.json), decoded on first use (tens of milliseconds): a Lambda that never classifies never pays. */
export function committedModel(): PostModel {
  if (!committed) {
    if (model.featureBits !== FEATURE_BITS) throw new Error(`model.json has ${model.featureBits}-bit features, the code ${FEATURE_BITS}`);
    for (const name of Object.keys(HEAD_LABELS) as HeadName[]) {
      if (!model.heads[name]) throw new Error(`model.json has no ${name} head: run npm run train -- --write`);
    }
    committed = linearModel(model.version, model.heads, model.thresholds);
  }
  return committed;
}
