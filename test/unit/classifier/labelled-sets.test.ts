/**
 * The floors on labelled posts. First the rules alone (the model's floor and one of its inputs): every post labelled
 * critical is classified critical, and at least 90% of categories are right — on data/dev-posts.tsv (the guide the
 * rules were tuned on) and on each held-out set in test/fixtures/classifier (written before the rules were checked
 * against them; see their header lines). Then the product (the model with the rules as its floor) on the same sets,
 * none of which it was trained on.
 */
import path from 'node:path';
import { classifyByRules } from '../../../lambdas/domain/classifier';
import type { SocialEvent } from '../../../schemas/social-event';
import { DEV_POSTS, evaluate, HELDOUT_SETS, loadLabelledPosts } from '../../../scripts/eval-classifier';

const rulesAlone = (e: SocialEvent) => classifyByRules(e);
const BLIND_G = path.resolve(__dirname, '../../fixtures/classifier/blind-g.tsv');
const BLIND_H = path.resolve(__dirname, '../../fixtures/classifier/blind-h.tsv');
const BLIND_I = path.resolve(__dirname, '../../fixtures/classifier/blind-i.tsv');
const BLIND_J = path.resolve(__dirname, '../../fixtures/classifier/blind-j.tsv');

const BLIND_E = path.resolve(__dirname, '../../fixtures/classifier/blind-e.tsv');
const BLIND_F = path.resolve(__dirname, '../../fixtures/classifier/blind-f.tsv');

const SETS: [string, string, number][] = [
  ['dev posts', DEV_POSTS, 50],
  ...HELDOUT_SETS.map((file, i): [string, string, number] => [`held-out ${path.basename(file)}`, file, i === 0 ? 120 : 60]),
];

describe.each(SETS)('rules alone on %s', (_name, file, minPosts) => {
  const result = evaluate(loadLabelledPosts(file), rulesAlone);

  it(`holds at least ${minPosts} labelled posts`, () => {
    expect(result.posts).toBeGreaterThanOrEqual(minPosts);
  });

  it('classifies every critical post critical', () => {
    expect(result.criticalCount).toBeGreaterThan(0);
    expect(result.urgencyMisses.filter((m) => m.want === 'critical')).toEqual([]);
    expect(result.criticalRecall).toBe(1);
  });

  it('gets at least 90% of categories right', () => {
    expect(result.categoryAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('finds exactly the labelled PII types', () => {
    expect(result.piiMisses).toEqual([]);
  });
});

describe('loadLabelledPosts', () => {
  it('reads every column into a valid SocialEvent', () => {
    const [first] = loadLabelledPosts(DEV_POSTS);
    expect(first).toMatchObject({
      event: { id: 'x:d001', platform: 'x', kind: 'mention', author: { followers: 140, verified: false } },
      category: 'complaint',
      urgency: 'high',
      pii: [],
    });
  });
});

/**
 * blind-e.tsv was written blind (by someone who never saw the rules) and first scored 82.0% category and 57.8%
 * critical recall; the mechanisms it exposed (see hard-cases.test.ts) were then added with new sentences of their
 * own, so it is now a development set. These floors keep what was reached.
 */
describe('rules alone on blind set E (now a development set)', () => {
  const result = evaluate(loadLabelledPosts(BLIND_E), rulesAlone);

  it('holds its 150 posts', () => {
    expect(result.posts).toBe(150);
  });

  it('classifies every critical post critical', () => {
    expect(result.urgencyMisses.filter((m) => m.want === 'critical')).toEqual([]);
    expect(result.criticalRecall).toBeGreaterThanOrEqual(0.95);
  });

  it('gets at least 95% of categories right', () => {
    expect(result.categoryAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('finds exactly the labelled PII types', () => {
    expect(result.piiMisses).toEqual([]);
  });
});

/**
 * blind-f.tsv was written blind and first scored 84.7% category, 83.3% urgency and 73.3% critical recall. TUNED ON
 * since: its misses were generalised into mechanisms (content threats in new forms, regulators by acronym or form,
 * safety told as events, impersonation and identity fraud, bare-fact complaints, praise idioms, ready-to-buy
 * requests), each tested with new sentences in hard-cases.test.ts. These floors keep what was reached; they no longer
 * measure generalisation (a newer blind set does that).
 */
describe('rules alone on blind set F (tuned on: now a development set)', () => {
  const result = evaluate(loadLabelledPosts(BLIND_F), rulesAlone);

  it('holds its 150 posts', () => {
    expect(result.posts).toBe(150);
  });

  it('classifies every critical post critical', () => {
    expect(result.urgencyMisses.filter((m) => m.want === 'critical')).toEqual([]);
    expect(result.criticalRecall).toBe(1);
  });

  it('gets at least 98% of categories and urgencies right', () => {
    expect(result.categoryAccuracy).toBeGreaterThanOrEqual(0.98);
    expect(result.urgencyAccuracy).toBeGreaterThanOrEqual(0.98);
  });
});

/**
 * The product: classify, the learned model deciding with the rules as its floor (docs/model.md). None of these sets is
 * in its training data. The floor means it never misses a critical post the rules find; the model must not cost
 * categories the rules got right on sets written for them, and on blind set G (written blind; consulted while the
 * model was built, so a floor here, not a measure of generalisation: bench's blind H is that) it keeps what it reached.
 */
describe.each([...SETS, ['blind E', BLIND_E, 150], ['blind F', BLIND_F, 150]] as [string, string, number][])('classify on %s', (_name, file) => {
  const posts = loadLabelledPosts(file);
  const product = evaluate(posts);
  const rules = evaluate(posts, rulesAlone);

  it('finds every critical post the rules find', () => {
    expect(product.criticalRecall).toBeGreaterThanOrEqual(rules.criticalRecall);
  });

  it('gets at least 90% of categories right', () => {
    expect(product.categoryAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('finds exactly the labelled PII types (PII is the rules\' alone)', () => {
    expect(product.piiMisses).toEqual(rules.piiMisses);
  });
});

describe('classify on blind set G', () => {
  const posts = loadLabelledPosts(BLIND_G);
  const product = evaluate(posts);
  const rules = evaluate(posts, rulesAlone);

  it('finds at least 95% of critical posts, beyond the rules alone', () => {
    expect(product.criticalRecall).toBeGreaterThanOrEqual(0.95);
    expect(product.criticalRecall).toBeGreaterThan(rules.criticalRecall);
  });

  it('gets category and urgency right more often than the rules alone: at least 88% and 90%', () => {
    expect(product.categoryAccuracy).toBeGreaterThanOrEqual(0.88);
    expect(product.categoryAccuracy).toBeGreaterThan(rules.categoryAccuracy);
    expect(product.urgencyAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(product.urgencyAccuracy).toBeGreaterThan(rules.urgencyAccuracy);
  });
});

/**
 * Blind sets H, I and J: 400 posts each, written blind by helpers who saw only the label rules, audited, and each
 * scored once after one model was frozen (docs/model.md): H on 60d4f85967ad (critical recall 1.00 at precision 0.86,
 * urgency 0.94, category 0.86), I on 0425107384c8 (1.00 at 0.83, 0.89, 0.88), J on da2f57c8cc95 (0.97 at 0.85, 0.86,
 * 0.83; a harder set for the rules too: their critical recall 0.64). Never trained or tuned on; these floors keep a
 * retrained model from falling below what was measured.
 */
const SCORED_ONCE: [string, string, { critical: number; recall: number; urgency: number; category: number }][] = [
  ['H', BLIND_H, { critical: 101, recall: 0.97, urgency: 0.9, category: 0.85 }],
  ['I', BLIND_I, { critical: 100, recall: 0.97, urgency: 0.88, category: 0.85 }],
  ['J', BLIND_J, { critical: 104, recall: 0.95, urgency: 0.85, category: 0.82 }],
];

describe.each(SCORED_ONCE)('classify on blind set %s (scored once, after a model was frozen)', (_name, file, floor) => {
  const product = evaluate(loadLabelledPosts(file));

  it(`holds its 400 posts, ${floor.critical} of them critical`, () => {
    expect(product.posts).toBe(400);
    expect(product.criticalCount).toBe(floor.critical);
  });

  it(`finds at least ${Math.round(floor.recall * 100)}% of critical posts, and gets at least ${Math.round(floor.urgency * 100)}% of urgencies and ${Math.round(floor.category * 100)}% of categories right`, () => {
    expect(product.criticalRecall).toBeGreaterThanOrEqual(floor.recall);
    expect(product.urgencyAccuracy).toBeGreaterThanOrEqual(floor.urgency);
    expect(product.categoryAccuracy).toBeGreaterThanOrEqual(floor.category);
  });
});
