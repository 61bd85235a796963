import type { ModelReading, PostModel } from './model';

/**
 * A post is as urgent as its most urgent sentence. The model reads a post as one bag of words, so one sentence of
 * threat or harm can be outweighed by the words around it: "I will sue you. Love your products, amazing team, best
 * service ever, thank you so much!" read as praise, and a fire reported after a page of small talk as a complaint (an
 * outside probe found both). So the model also reads each sentence on its own: a post is critical when the whole
 * reaches the critical threshold or one sentence reaches the sentence threshold (higher: a sentence is fewer words, so
 * a surer reading is asked of it; chosen on validation as the lowest that keeps the floor of precision). The category
 * and sentiment stay the whole post's, except that a post made critical by a sentence that reads as a threat is a
 * threat.
 */

export interface WorstSentenceReading {
  /** The whole post's reading; its critical reading is the whole's, or its most critical sentence's when that decides. */
  reading: ModelReading;
  /** The words that gave the critical probability: the whole post's, or one sentence's (the evidence for it). */
  criticalWords: string;
  /** When that sentence, read alone, is a threat: the probability of it; else 0. */
  threatSentence: number;
}

/** Sentence ends: . ! ? … and their full-width forms, or a line break. */
const SENTENCE_END = /(?<=[.!?…。！？])\s+|\n+/u;
/** Sentences read on their own at most: a 40,000-character post of short sentences stays under ~20 ms. */
export const MAX_SENTENCES = 200;

export function sentencesOf(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s))
    .slice(0, MAX_SENTENCES);
}

export function readWorstSentence(model: PostModel, words: string): WorstSentenceReading {
  const whole = model.read(words);
  const worst = whole.critical.critical ? undefined : mostCriticalSentence(model, words);
  if (!worst || worst.p < model.thresholds.criticalSentence) return { reading: whole, criticalWords: words, threatSentence: 0 };
  return { reading: { ...whole, critical: { probability: worst.p, critical: true } }, criticalWords: worst.words, threatSentence: worst.threat };
}

/**
 * A post's most critical sentence read alone — its critical probability, its words, and the probability it is a
 * threat when it reads as one (else 0) — or undefined for a post of one sentence. The trainer chooses the sentence
 * threshold on it.
 */
export function mostCriticalSentence(model: PostModel, words: string): { p: number; words: string; threat: number } | undefined {
  const sentences = sentencesOf(words);
  if (sentences.length < 2) return undefined;
  let worst: { p: number; words: string; threat: number } | undefined;
  for (const sentence of sentences) {
    const r = model.read(sentence);
    if (!worst || r.critical.probability > worst.p) worst = { p: r.critical.probability, words: sentence, threat: r.category.label === 'threat' ? r.category.probability : 0 };
  }
  return worst;
}
