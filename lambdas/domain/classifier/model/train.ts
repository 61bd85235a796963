import { FEATURE_DIMS, type SparseVector } from './features';

/**
 * Trains one logistic-regression head by stochastic gradient descent with AdaGrad step sizes and L2 decay. Written here
 * rather than taken from a library because the features are sparse and hashed (2^17 columns, ~100 non-zero per post):
 * the npm logistic-regression packages take dense matrices, which would be 10^9 cells for this data. Deterministic:
 * the order of examples comes from a seeded generator, so the same data gives the same weights, byte for byte.
 */

export interface TrainingExample {
  x: SparseVector;
  /** Index of the label. */
  y: number;
  /** How much the example counts (class balance); 1 by default. */
  weight?: number;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 12, learningRate: 0.2, l2: 1e-6, seed: 20261207 };

/** mulberry32: a small seeded generator, so shuffles are the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainHead(examples: readonly TrainingExample[], classes: number, options: TrainOptions = DEFAULT_TRAIN_OPTIONS): Float64Array {
  const w = new Float64Array(classes * FEATURE_DIMS);
  const g2 = new Float64Array(classes * FEATURE_DIMS).fill(1e-8);
  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);
  const scores = new Float64Array(classes);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const { x, y, weight = 1 } = examples[k]!;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        let s = 0;
        const offset = c * FEATURE_DIMS;
        for (let i = 0; i < x.index.length; i++) s += w[offset + x.index[i]!]! * x.value[i]!;
        scores[c] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        scores[c] = Math.exp(scores[c]! - max);
        sum += scores[c]!;
      }
      for (let c = 0; c < classes; c++) {
        const error = (scores[c]! / sum - (c === y ? 1 : 0)) * weight;
        const offset = c * FEATURE_DIMS;
        for (let i = 0; i < x.index.length; i++) {
          const at = offset + x.index[i]!;
          const grad = error * x.value[i]! + options.l2 * w[at]!;
          g2[at]! += grad * grad;
          w[at]! -= (options.learningRate / Math.sqrt(g2[at]!)) * grad;
        }
      }
    }
  }
  return w;
}
