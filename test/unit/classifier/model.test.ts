/**
 * The learned model's parts (lambdas/domain/classifier/model): features the trainer and the Lambda compute alike,
 * a trainer that gives the same weights for the same data, int8 weights that load back as trained, and the committed
 * model's reading of a post.
 */
import { FEATURE_DIMS, featureNames, featuresOf, tokensOf } from '../../../lambdas/domain/classifier/model/features';
import { CRITICAL_THRESHOLD, MODEL_VERSION, readCritical } from '../../../lambdas/domain/classifier/model';
import { loadHead, probabilities, quantise } from '../../../lambdas/domain/classifier/model/linear';
import { trainHead, type TrainingExample } from '../../../lambdas/domain/classifier/model/train';
import { overrideRow } from '../../../lambdas/domain/classifier/model/overrides';

describe('features', () => {
  it('are the same for the same text, unit length, within the hashed space, ascending and distinct', () => {
    const a = featuresOf('My card was charged twice 😡 by someone in Lagos');
    const b = featuresOf('My card was charged twice 😡 by someone in Lagos');
    expect([...a.index]).toEqual([...b.index]);
    expect([...a.value]).toEqual([...b.value]);
    const norm = Math.sqrt([...a.value].reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
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

  it('learns what separates the labels, and int8 weights load back close to the trained ones', () => {
    const stored = quantise(['refund', 'thanks'], trainHead(examples, 2, options));
    const head = loadHead(stored);
    expect(probabilities(head, featuresOf('my refund?'))[0]).toBeGreaterThan(0.6);
    expect(probabilities(head, featuresOf('thanks!'))[1]).toBeGreaterThan(0.6);
  });

  it('refuses a stored head whose size does not match the feature space', () => {
    expect(() => loadHead({ labels: ['a', 'b'], scale: 1, weights: Buffer.from(new Int8Array(10).buffer).toString('base64') })).toThrow(/weights/);
  });
});

describe('the committed model', () => {
  it('names its version and a recall-first threshold', () => {
    expect(MODEL_VERSION).toMatch(/^[0-9a-f]{12}$/);
    expect(CRITICAL_THRESHOLD).toBeGreaterThan(0);
    expect(CRITICAL_THRESHOLD).toBeLessThan(0.5);
  });

  it('reads a fraud story as likelier critical than thanks, with the post\'s own words as evidence', () => {
    const fraud = readCritical('there are three payments to a shop in Lagos I never made and now my account is empty');
    const thanks = readCritical('thanks for the quick delivery, lovely packaging');
    expect(fraud.probability).toBeGreaterThan(thanks.probability);
    expect(fraud.probability).toBeGreaterThanOrEqual(0);
    expect(fraud.probability).toBeLessThanOrEqual(1);
    for (const word of fraud.evidence) expect(tokensOf('there are three payments to a shop in Lagos I never made and now my account is empty')).toContain(word);
    expect(fraud.evidence.length).toBeLessThanOrEqual(3);
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
