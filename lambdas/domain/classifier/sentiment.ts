/**
 * Sentiment of a post addressed to a business: negative / neutral / positive with a score in [-1, 1]
 * and up to three short, human-readable cues. (First lexicon-only version; a trained model follows.)
 */

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  label: SentimentLabel;
  /** In [-1, 1]; below 0 leans negative. */
  score: number;
  /** Short human-readable grounds, at most 3. */
  cues: string[];
}

const LEXICON: Record<string, number> = {
  good: 2, great: 3, gr8: 3, excellent: 3, amazing: 3, awesome: 3, love: 3, loved: 3, lovely: 3, best: 3,
  thanks: 2, thank: 2, thx: 2, ty: 2, brilliant: 3, impressed: 3, happy: 3, glad: 2, nice: 2, kind: 2,
  friendly: 2, helpful: 2, fixed: 1, legends: 3, legend: 3, perfect: 3, fantastic: 3, better: 2, well: 1,
  bad: -2, terrible: -3, awful: -3, worst: -3, hate: -3, slow: -2, broken: -2, rude: -2, disappointed: -3,
  angry: -3, useless: -3, never: -1, refund: -1, charged: -1, missing: -2, failed: -2, problem: -2,
  ill: -2, fire: -2, hacked: -3, sucks: -3, smh: -2, ugh: -2, wtf: -3, joke: -2, scam: -3, down: -1,
};
const NEGATORS = new Set(['not', 'no', 'never', "don't", 'dont', "didn't", 'didnt', "isn't", 'isnt', "wasn't", 'wasnt', "can't", 'cant', "won't", 'wont']);
const WAIT = /\b(\d+|an?|two|three|four|five|six)\s+(min(ute)?s?|hours?|hrs?|days?|weeks?|months?)\b/i;

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+|\p{Extended_Pictographic}/gu) ?? [];
}

export function scoreSentiment(text: string): SentimentResult {
  const tokens = tokenize(text.replace(/https?:\/\/\S+/g, ' '));
  const cues: string[] = [];
  let sum = 0;
  for (let i = 0; i < tokens.length; i++) {
    const v = LEXICON[tokens[i]!.replace(/(.)\1{2,}/g, '$1$1')] ?? 0;
    if (!v) continue;
    const negated = (i > 0 && NEGATORS.has(tokens[i - 1]!)) || (i > 1 && NEGATORS.has(tokens[i - 2]!));
    sum += negated ? -v * 0.8 : v;
    if (negated && cues.length < 3) cues.push(`negation: "${tokens[i - 1]} ${tokens[i]}"`);
  }
  const wait = WAIT.exec(text);
  if (wait && sum <= 0) {
    sum -= 2;
    cues.push(`long wait: ${wait[0]}`);
  }
  const score = Math.max(-1, Math.min(1, sum / 4));
  const label: SentimentLabel = score > 0.1 ? 'positive' : score < -0.1 ? 'negative' : 'neutral';
  return { label, score, cues: cues.slice(0, 3) };
}
