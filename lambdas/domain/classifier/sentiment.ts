/**
 * Sentiment of a post addressed to a business: negative / neutral / positive, a score in [-1, 1] and up to three
 * short grounds a person can check ("sarcasm", 'negation: "not bad"', "long wait: 3 days").
 *
 * How: sentiment-features.ts scores the post's words in context (AFINN-165 + VADER lexicons, hand-scored emoji,
 * slang and care vocabulary; negation, intensifiers, capitals, "but"; rules for long waits, threats, shouting and
 * sarcasm) into 18 numbers, and a multinomial logistic regression (sentiment-weights.ts, fitted to TweetEval val
 * by scripts/train-sentiment.ts) weighs them. The model can also carry per-word weights; the shipped one does
 * not (see the training script for why). In-process and deterministic: no network, no model download.
 */
import { DENSE_FEATURES, extractEvidence, type Contribution } from './sentiment-features';
import { WEIGHTS } from './sentiment-weights';

export { tokenize, type Token, type TokenKind } from './sentiment-tokenize';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  label: SentimentLabel;
  /** P(positive) − P(negative), in [-1, 1]: below 0 leans negative. */
  score: number;
  /** Short human-readable grounds, at most 3, strongest first. */
  cues: string[];
}

const CLASSES: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

if (WEIGHTS.features.join(',') !== DENSE_FEATURES.join(',')) {
  throw new Error('sentiment-weights.ts is out of date with sentiment-features.ts: run scripts/train-sentiment.ts');
}

/** Learned word weights: word → offset of its [negative, neutral, positive] logit contributions in WORD_W. */
const WORD_AT = new Map<string, number>();
const WORD_W: readonly number[] = WEIGHTS.wordWeights;
if (WEIGHTS.words !== '') WEIGHTS.words.split('\n').forEach((word, i) => WORD_AT.set(word, 3 * i));

/** Class logits from the evidence: the exact arithmetic the training script optimised. */
export function logits(dense: readonly number[], words: readonly string[]): [number, number, number] {
  const z: [number, number, number] = [WEIGHTS.bias[0]!, WEIGHTS.bias[1]!, WEIGHTS.bias[2]!];
  for (let f = 0; f < dense.length; f++) {
    const x = dense[f]! - WEIGHTS.mean[f]!;
    if (x === 0) continue;
    const w = WEIGHTS.dense[f]!;
    z[0] += x * w[0]!;
    z[1] += x * w[1]!;
    z[2] += x * w[2]!;
  }
  for (const word of words) {
    const at = WORD_AT.get(word);
    if (at === undefined) continue;
    z[0] += WORD_W[at]!;
    z[1] += WORD_W[at + 1]!;
    z[2] += WORD_W[at + 2]!;
  }
  return z;
}

/** Classifies one post. Pure, deterministic, in-process. */
export function scoreSentiment(text: string): SentimentResult {
  const evidence = extractEvidence(text, WORD_AT.size > 0);
  // An advert is not a customer's feeling, however many 🔥 it carries.
  if (evidence.spam) return { label: 'neutral', score: 0, cues: ['spam'] };
  // Nothing to go on (empty, a bare @mention or link, an emoji no one has scored): neutral, not the model's prior.
  if (evidence.contributions.length === 0 && evidence.wordCount === 0) return { label: 'neutral', score: 0, cues: [] };
  const z = logits(evidence.dense, evidence.words);
  const m = Math.max(z[0], z[1], z[2]);
  const e0 = Math.exp(z[0] - m);
  const e1 = Math.exp(z[1] - m);
  const e2 = Math.exp(z[2] - m);
  const total = e0 + e1 + e2;
  const best = z[0] >= z[1] && z[0] >= z[2] ? 0 : z[2] > z[1] ? 2 : 1;
  const label = CLASSES[best]!;
  // Rounded for readability, but never across zero: a negative label always has a score below 0.
  let score = Math.round(((e2 - e0) / total) * 1000) / 1000;
  if (label === 'negative' && score >= 0) score = -0.001;
  else if (label === 'positive' && score <= 0) score = 0.001;
  return { label, score, cues: cuesFor(label, evidence.contributions, evidence.sarcasm, evidence.shouting) };
}

/** The grounds that agree with the label, strongest first; rule-based grounds (sarcasm, waits) lead. */
function cuesFor(label: SentimentLabel, contributions: Contribution[], sarcasm: boolean, shouting: boolean): string[] {
  const cues: string[] = [];
  if (sarcasm && label !== 'positive') cues.push('sarcasm');
  if (shouting && label !== 'neutral') cues.push('shouting');
  const direction = label === 'positive' ? 1 : label === 'negative' ? -1 : 0;
  const ranked = contributions
    .filter((c) => c.kind !== 'sarcasm' && c.cue !== 'shouting' && (direction === 0 || Math.sign(c.valence) === direction))
    .sort((a, b) => rank(b) - rank(a) || Math.abs(b.valence) - Math.abs(a.valence));
  for (const c of ranked) {
    if (cues.length >= 3) break;
    if (!cues.includes(c.cue)) cues.push(c.cue);
  }
  return cues;
}

/** Rules and multi-word grounds say more to a reader than a single word does. */
function rank(c: Contribution): number {
  switch (c.kind) {
    case 'wait':
    case 'threat':
      return 3;
    case 'rule':
    case 'negation':
      return 2;
    case 'phrase':
    case 'complaint':
      return 1;
    default:
      return 0;
  }
}
