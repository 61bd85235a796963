import stored from './model.json';
import { bucketOf, FEATURE_BITS, FEATURE_DIMS, featuresOf, tokensOf } from './features';

export { rulesContext } from './features';
import { type LinearHead, loadHead, probabilities, type StoredHead } from './linear';

/**
 * The learned model's reading of a post (trained by `npm run train` from data/train; model card: docs/model.md). Today
 * it answers one question the rules miss most — is this critical? — from evidence no rule names: threats said as
 * intentions, incidents told without hazard words, fraud told as a story. The rules stay a floor: the model can raise
 * a post to critical, never lower one (../index.ts).
 */

interface StoredModel {
  version: string;
  featureBits: number;
  criticalThreshold: number;
  heads: { critical: StoredHead };
}

const model = stored as StoredModel;
if (model.featureBits !== FEATURE_BITS) throw new Error(`model.json has ${model.featureBits}-bit features, the code ${FEATURE_BITS}`);

/** Which model decided; stored on each case with its labels. */
export const MODEL_VERSION = model.version;
/** Chosen on the validation split for ≥ 0.97 critical recall (bin/train.ts). */
export const CRITICAL_THRESHOLD = model.criticalThreshold;

let critical: LinearHead | undefined;
/** Decoded on first use (a few milliseconds), so a Lambda that never classifies never pays for it. */
function criticalHead(): LinearHead {
  critical ??= loadHead(model.heads.critical);
  return critical;
}

export interface CriticalReading {
  /** Probability that the post is critical by the label rules (safety, security or fraud, a threat). */
  probability: number;
  critical: boolean;
  /** Up to three of the post's own words that pushed hardest towards critical. */
  evidence: string[];
}

/**
 * `text` should already be PII-redacted when its evidence may be shown: the evidence words are the post's own.
 * `context` is what the rules found (`rulesContext`): the model was trained with it and weighs it.
 */
export function readCritical(text: string, context: readonly string[] = []): CriticalReading {
  const head = criticalHead();
  const probability = probabilities(head, featuresOf(text, context))[1]!;
  const yes = head.labels.indexOf('yes') * FEATURE_DIMS;
  const no = head.labels.indexOf('no') * FEATURE_DIMS;
  const seen = new Set<string>();
  const evidence = tokensOf(text)
    .filter((t) => !t.startsWith('¬') && t.length > 2 && !seen.has(t) && seen.add(t))
    .map((t) => {
      const bucket = bucketOf(`w:${t}`);
      return { word: t, push: head.weights[yes + bucket]! - head.weights[no + bucket]! };
    })
    .filter((w) => w.push > 0)
    .sort((a, b) => b.push - a.push)
    .slice(0, 3)
    .map((w) => w.word);
  return { probability, critical: probability >= CRITICAL_THRESHOLD, evidence };
}
