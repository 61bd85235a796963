import stored from './model.json';
import { bucketOf, FEATURE_BITS, FEATURE_DIMS, featuresOf, tokensOf } from './features';
import { type LinearHead, loadHead, probabilities, type StoredHead } from './linear';

export { rulesContext } from './features';

/**
 * The learned model's reading of a post (trained by `npm run train` from data/train; model card: docs/model.md): the
 * category, whether the post is critical, how soon a calm post needs a person, and the sentiment, each with its
 * probability and the post's own words that weighed most. It reads the words and what the rules found (stacked), so
 * it learns where the rules hold and where phrasing nobody wrote a rule for says otherwise. ../index.ts decides from
 * it, with the rules' hard facts as a floor.
 */

export const HEAD_LABELS = {
  category: ['threat', 'complaint', 'question', 'praise', 'other'],
  critical: ['no', 'yes'],
  calmUrgency: ['high', 'normal', 'low'],
  sentiment: ['negative', 'neutral', 'positive'],
} as const;
export type HeadName = keyof typeof HEAD_LABELS;

/**
 * When the model's word beats the rules': the critical threshold, and for each labelled head the probability the
 * model needs to overrule the rules' label (below it the rules' label stands). Both chosen on the validation split.
 */
export interface Thresholds {
  critical: number;
  overrule: Record<'category' | 'calmUrgency' | 'sentiment', number>;
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
  /**
   * `words` should already be PII-redacted: the evidence words are the post's own. `context` is what the rules found
   * (`rulesContext`): the model was trained with it and weighs it.
   */
  read(words: string, context: readonly string[]): ModelReading;
  /**
   * Up to three of the post's own words that pushed a head hardest towards `label` (against the mean of the other
   * labels): the evidence a reason quotes. Words of one or two letters and negated words are left out (they explain
   * nothing to a reader).
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

export function linearModel(version: string, heads: Record<HeadName, LinearHead>, thresholds: Thresholds): PostModel {
  for (const name of Object.keys(HEAD_LABELS) as HeadName[]) {
    if (heads[name]?.labels.join() !== HEAD_LABELS[name].join()) throw new Error(`model head ${name} does not have the labels ${HEAD_LABELS[name].join(', ')}`);
  }
  const read = (words: string, context: readonly string[]): ModelReading => {
    const x = featuresOf(words, context);
    const head = <L extends string>(h: LinearHead): HeadReading<L> => {
      const p = probabilities(h, x);
      const best = p.indexOf(Math.max(...p));
      return {
        label: h.labels[best] as L,
        probability: p[best]!,
        probabilities: Object.fromEntries(h.labels.map((l, i) => [l, p[i]!])) as Record<L, number>,
      };
    };
    const pCritical = probabilities(heads.critical, x)[1]!;
    return {
      category: head(heads.category),
      critical: { probability: pCritical, critical: pCritical >= thresholds.critical },
      calmUrgency: head(heads.calmUrgency),
      sentiment: head(heads.sentiment),
    };
  };
  const evidence = (name: HeadName, label: string, words: string): string[] => {
    const h = heads[name];
    const row = h.labels.indexOf(label);
    if (row < 0) return [];
    const others = h.labels.map((_, i) => i).filter((i) => i !== row);
    const seen = new Set<string>();
    return tokensOf(words)
      .filter((t) => !t.startsWith('¬') && t.length > 2 && !FUNCTION_WORDS.has(t) && !seen.has(t) && seen.add(t))
      .map((word) => {
        const bucket = bucketOf(`w:${word}`);
        const against = others.reduce((s, i) => s + h.weights[i * FEATURE_DIMS + bucket]!, 0) / others.length;
        return { word, push: h.weights[row * FEATURE_DIMS + bucket]! - against };
      })
      .filter((w) => w.push > 0)
      .sort((a, b) => b.push - a.push)
      .slice(0, 3)
      .map((w) => w.word);
  };
  return { version, thresholds, read, evidence };
}

let committed: PostModel | undefined;
/** The committed model (model.json), decoded on first use (a few milliseconds): a Lambda that never classifies never pays. */
export function committedModel(): PostModel {
  if (!committed) {
    if (model.featureBits !== FEATURE_BITS) throw new Error(`model.json has ${model.featureBits}-bit features, the code ${FEATURE_BITS}`);
    const head = (name: HeadName) => {
      if (!model.heads[name]) throw new Error(`model.json has no ${name} head: run npm run train -- --write`);
      return loadHead(model.heads[name]);
    };
    const heads = Object.fromEntries((Object.keys(HEAD_LABELS) as HeadName[]).map((name) => [name, head(name)])) as Record<HeadName, LinearHead>;
    committed = linearModel(model.version, heads, model.thresholds);
  }
  return committed;
}
