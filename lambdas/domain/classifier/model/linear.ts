import { FEATURE_DIMS } from './features';

/**
 * A multinomial logistic-regression head over hashed features (./features.ts): one weight row per label, softmax
 * over the row scores (read by ./index.ts linearModel). Weights ship quantised to int8 with one scale per head (a
 * quarter of float32's size, and the rounding moves a probability by far less than the thresholds' margins).
 */

/** How a head is stored in the model file: int8 weights, base64, and the scale that turns them back into floats. */
export interface StoredHead {
  labels: string[];
  scale: number;
  weights: string;
}

export function softmax(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function quantise(labels: readonly string[], weights: Float64Array | Float32Array): StoredHead {
  let maxAbs = 0;
  for (const w of weights) maxAbs = Math.max(maxAbs, Math.abs(w));
  const scale = maxAbs > 0 ? maxAbs / 127 : 1;
  const q = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.round(weights[i]! / scale);
  return { labels: [...labels], scale: Number(scale.toPrecision(9)), weights: Buffer.from(q.buffer).toString('base64') };
}

/** A stored head's int8 weights (labels.length rows of FEATURE_DIMS, row-major), checked for size. */
export function int8Weights(stored: StoredHead): Int8Array {
  const bytes = Buffer.from(stored.weights, 'base64');
  const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (q.length !== stored.labels.length * FEATURE_DIMS) throw new Error(`model head has ${q.length} weights, expected ${stored.labels.length * FEATURE_DIMS}`);
  return q;
}
