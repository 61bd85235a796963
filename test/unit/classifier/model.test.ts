/**
 * The learned model's parts (lambdas/domain/classifier/model): features the trainer and the Lambda compute alike,
 * a trainer that gives the same weights for the same data, int8 weights that load back as trained, and the committed
 * model's reading of a post.
 */
import { bucketOf, FEATURE_DIMS, featureNames, featuresOf, tokensOf } from '../../../lambdas/domain/classifier/model/features';
import { committedModel, CRITICAL_THRESHOLD, HEAD_LABELS, linearModel, MODEL_VERSION } from '../../../lambdas/domain/classifier/model';
import { int8Weights, quantise } from '../../../lambdas/domain/classifier/model/linear';
import { trainHead, type TrainingExample } from '../../../lambdas/domain/classifier/model/train';
import { overrideRow } from '../../../lambdas/domain/classifier/model/overrides';

describe('features', () => {
  const length = (x: { value: Float32Array }) => Math.sqrt([...x.value].reduce((s, v) => s + v * v, 0));

  it('are the same for the same text, within the hashed space, ascending and distinct', () => {
    const a = featuresOf('My card was charged twice 😡 by someone in Lagos');
    const b = featuresOf('My card was charged twice 😡 by someone in Lagos');
    expect([...a.index]).toEqual([...b.index]);
    expect([...a.value]).toEqual([...b.value]);
    expect([...a.index].every((i, k, all) => i >= 0 && i < FEATURE_DIMS && (k === 0 || i > all[k - 1]!))).toBe(true);
  });

  it('mark words after a negation until the clause ends, and keep emoji as tokens', () => {
    expect(tokensOf("I'm not happy with it. Love the app 😍")).toEqual(["i'm", 'not', '¬happy', '¬with', '¬it', 'love', 'the', 'app', '😍']);
  });

  it('reduce handles and links to markers, and cap letters repeated for emphasis', () => {
    expect(tokensOf('@AcmeSupport sooooo slow https://t.co/x1')).toEqual(['atuser', 'sooo', 'slow', 'httplink']);
  });

  it('share character n-grams between a word and its misspelling', () => {
    const grams = (t: string) => new Set(featureNames(t).filter((n) => n.startsWith('c:')));
    const shared = [...grams('refund')].filter((g) => grams('refnd').has(g));
    expect(shared.length).toBeGreaterThan(0);
  });

  it('are the words at unit length, and their meaning (word vectors) at length 2 beside them when any word is known', () => {
    // No known word: the words alone, unit length. Known words: 1² + 2² (vector and word buckets do not meet here).
    expect(length(featuresOf('zzqxv kkwrb'))).toBeCloseTo(1, 5);
    expect(length(featuresOf('my toddler was sick after the teether'))).toBeCloseTo(Math.sqrt(5), 4);
  });

  it('hash exactly the names featureNames spells out (computed without building them), plus the meaning', () => {
    const meaning = new Set(Array.from({ length: 100 }, (_, d) => bucketOf(`v:${d}`)));
    for (const text of ['My card was charged twice 😡 by someone in Lagos', "not happy. the app's login is brokennnn", 'a', '', '🔥🔥 fire sale']) {
      const expected = new Map<number, number>();
      for (const name of featureNames(text)) expected.set(bucketOf(name), (expected.get(bucketOf(name)) ?? 0) + 1);
      const x = featuresOf(text);
      expect([...x.index].filter((b) => !meaning.has(b) || expected.has(b))).toEqual([...expected.keys()].sort((a, b) => a - b));
    }
  });

  it('give an empty post a vector of its own', () => {
    expect(featuresOf('').index.length).toBeGreaterThan(0);
  });
});

describe('training', () => {
  const examples: TrainingExample[] = [
    ...['refund please', 'where is my refund', 'refund still missing'].map((t) => ({ x: featuresOf(t), y: 0 })),
    ...['love it thanks', 'thanks so much', 'love the staff'].map((t) => ({ x: featuresOf(t), y: 1 })),
  ];
  const options = { epochs: 20, learningRate: 0.5, l2: 1e-6, seed: 7 };

  it('gives the same weights, bit for bit, for the same data and seed', () => {
    expect(Buffer.from(trainHead(examples, 2, options).buffer).equals(Buffer.from(trainHead(examples, 2, options).buffer))).toBe(true);
  });

  it('learns what separates the labels, and its int8 weights read as trained through the model the classifier uses', () => {
    // The trained head as the critical one ("thanks" = yes), the others even: only it decides here.
    const even = (labels: readonly string[]) => quantise(labels, new Float32Array(labels.length * FEATURE_DIMS));
    const critical = quantise(HEAD_LABELS.critical, trainHead(examples, 2, options));
    const model = linearModel('t', { category: even(HEAD_LABELS.category), critical, calmUrgency: even(HEAD_LABELS.calmUrgency), sentiment: even(HEAD_LABELS.sentiment) }, { critical: 0.5, criticalSentence: 0.9 });
    expect(model.read('my refund?').critical.probability).toBeLessThan(0.4);
    expect(model.read('thanks!').critical.probability).toBeGreaterThan(0.6);
  });

  it('refuses a stored head whose size does not match the feature space', () => {
    expect(() => int8Weights({ labels: ['a', 'b'], scale: 1, weights: Buffer.from(new Int8Array(10).buffer).toString('base64') })).toThrow(/weights/);
  });
});

describe('the committed model', () => {
  const model = committedModel();
  const FRAUD = 'there are three payments to a shop in Lagos I never made and now my account is empty';

  it('names its version and a recall-first critical threshold', () => {
    expect(MODEL_VERSION).toMatch(/^[0-9a-f]{12}$/);
    expect(model.version).toBe(MODEL_VERSION);
    expect(CRITICAL_THRESHOLD).toBeGreaterThan(0);
    expect(CRITICAL_THRESHOLD).toBeLessThan(0.5);
    expect(model.thresholds).toEqual({ critical: CRITICAL_THRESHOLD, criticalSentence: expect.any(Number) });
    expect(model.thresholds.criticalSentence).toBeGreaterThan(CRITICAL_THRESHOLD);
  });

  it('reads every head as probabilities that sum to 1, the label the likeliest', () => {
    const reading = model.read(FRAUD);
    for (const head of [reading.category, reading.calmUrgency, reading.sentiment]) {
      const p = Object.values(head.probabilities) as number[];
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(head.probability).toBe(Math.max(...p));
      expect((head.probabilities as Record<string, number>)[head.label]).toBe(head.probability);
    }
    expect(reading.critical.critical).toBe(reading.critical.probability >= CRITICAL_THRESHOLD);
  });

  it('reads a fraud story as likelier critical than thanks, with the post\'s own words as evidence', () => {
    const fraud = model.read(FRAUD);
    const thanks = model.read('thanks for the quick delivery, lovely packaging');
    expect(fraud.critical.probability).toBeGreaterThan(thanks.critical.probability);
    const evidence = model.evidence('critical', 'yes', FRAUD);
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.length).toBeLessThanOrEqual(3);
    for (const word of evidence) expect(tokensOf(FRAUD)).toContain(word);
  });

  it('never quotes grammar words as evidence, nor a label it does not have', () => {
    const evidence = model.evidence('category', 'question', 'is there a store near the station that is open today?');
    for (const word of evidence) expect(['is', 'there', 'the', 'that', 'today']).not.toContain(word);
    expect(model.evidence('category', 'no-such-label', FRAUD)).toEqual([]);
  });
});

describe('a model built from heads', () => {
  const head = (labels: readonly string[]) => quantise(labels, new Float32Array(labels.length * FEATURE_DIMS));
  const heads = { category: head(HEAD_LABELS.category), critical: head(HEAD_LABELS.critical), calmUrgency: head(HEAD_LABELS.calmUrgency), sentiment: head(HEAD_LABELS.sentiment) };

  it('calls a post critical exactly at and above its threshold', () => {
    // Zero weights: every head is even, so the critical probability is exactly 0.5.
    expect(linearModel('t', heads, { critical: 0.5, criticalSentence: 0.9 }).read('anything').critical).toEqual({ probability: 0.5, critical: true });
    expect(linearModel('t', heads, { critical: 0.5000001, criticalSentence: 0.9 }).read('anything').critical.critical).toBe(false);
  });

  it('refuses heads whose labels are not the ones the classifier decides between', () => {
    expect(() => linearModel('t', { ...heads, sentiment: head(['bad', 'good']) }, { critical: 0.5, criticalSentence: 0.9 })).toThrow(/sentiment/);
  });
});

describe('the team\'s corrections as training rows', () => {
  const base = {
    id: 'c_1',
    platform: 'x',
    kind: 'mention',
    author: { id: 'a', followers: 12_000, verified: true },
    category: 'threat' as const,
    sentiment: 'negative' as const,
    urgency: 'critical' as const,
    pii: ['phone' as const],
    text: 'line one\tand\ntwo [phone]',
    overrides: 1,
  };

  it('keeps one line per case, tabs and line breaks of the text made spaces', () => {
    expect(overrideRow(base)).toBe('override:c_1\tx\tmention\t12000\t1\tthreat\tnegative\tcritical\tphone\tline one and two [phone]');
  });

  it('leaves out cases nobody corrected, posts their author deleted, and posts without words', () => {
    expect(overrideRow({ ...base, overrides: undefined })).toBeUndefined();
    expect(overrideRow({ ...base, textState: 'deleted' })).toBeUndefined();
    expect(overrideRow({ ...base, text: ' \n ' })).toBeUndefined();
  });
});
