import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { classify } from '../lambdas/domain/classifier';
import { featuresOf, FEATURE_BITS, rulesContext } from '../lambdas/domain/classifier/model/features';
import { loadHead, probabilities, quantise, type LinearHead } from '../lambdas/domain/classifier/model/linear';
import { DEFAULT_TRAIN_OPTIONS, trainHead, type TrainingExample } from '../lambdas/domain/classifier/model/train';
import type { Classification } from '../schemas/classification';
import { DEV_POSTS, type LabelledPost, loadLabelledPosts } from '../scripts/eval-classifier';

/**
 * `npm run train`: trains the classifier's model from the committed labelled posts (data/train/*.tsv) and prints how
 * it scores on the validation split and on every labelled set it never saw (test/fixtures/classifier, data/dev-posts),
 * beside the rules' scores on the same posts. Seeded: the same data gives the same model, byte for byte.
 *
 * `--write` also writes the model file (lambdas/domain/classifier/model/model.json).
 */

const ROOT = path.resolve(__dirname, '..');
const TRAIN_DIR = process.env.TRAIN_DIR ?? path.join(ROOT, 'data/train');
/** Where `--write` puts the model (TRAIN_MODEL_FILE lets the reproducibility test write elsewhere and compare). */
const MODEL_FILE = process.env.TRAIN_MODEL_FILE ?? path.join(ROOT, 'lambdas/domain/classifier/model/model.json');
const CATEGORIES = ['threat', 'complaint', 'question', 'praise', 'other'] as const;
const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
const CALM_URGENCIES = ['high', 'normal', 'low'] as const;
/** Share of the training posts held out to choose the critical threshold and report validation figures. */
const VALIDATION_PERCENT = 15;
const TARGET_CRITICAL_RECALL = 0.97;
const MIN_CRITICAL_PRECISION = 0.85;

/** A complaint that is critical only for its author's reach: the words alone say "high". */
const highReach = (p: LabelledPost) => (p.event.author.followers ?? 0) >= 10_000 || p.event.author.verified === true;
const criticalForReachOnly = (p: LabelledPost) => p.urgency === 'critical' && p.category === 'complaint' && highReach(p);
const inValidation = (p: LabelledPost) => createHash('sha256').update(p.event.id).digest()[0]! % 100 < VALIDATION_PERCENT;

/** The defaults, or (for experiments on the validation split only) values from TRAIN_EPOCHS, TRAIN_RATE, TRAIN_L2. */
function trainOptions() {
  const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
  return {
    ...DEFAULT_TRAIN_OPTIONS,
    epochs: env('TRAIN_EPOCHS', DEFAULT_TRAIN_OPTIONS.epochs),
    learningRate: env('TRAIN_RATE', DEFAULT_TRAIN_OPTIONS.learningRate),
    l2: env('TRAIN_L2', DEFAULT_TRAIN_OPTIONS.l2),
  };
}

interface Heads {
  category: LinearHead;
  critical: LinearHead;
  calmUrgency: LinearHead;
  sentiment: LinearHead;
}

function train(posts: LabelledPost[]): Heads {
  const rows = posts.map((p) => ({ p, x: featuresOf(p.event.text, contextOf(p)) }));
  const head = (labels: readonly string[], pick: (p: LabelledPost) => string | undefined): LinearHead => {
    const examples: TrainingExample[] = [];
    for (const { p, x } of rows) {
      const label = pick(p);
      const y = label === undefined ? -1 : labels.indexOf(label);
      if (y >= 0) examples.push({ x, y });
    }
    // Quantised as shipped, so what is measured is what runs.
    return loadHead(quantise(labels, trainHead(examples, labels.length, trainOptions())));
  };
  return {
    category: head(CATEGORIES, (p) => p.category),
    critical: head(['no', 'yes'], (p) => (criticalForReachOnly(p) ? undefined : p.urgency === 'critical' ? 'yes' : 'no')),
    calmUrgency: head(CALM_URGENCIES, (p) => (p.urgency === 'critical' ? undefined : p.urgency)),
    sentiment: head(SENTIMENTS, (p) => p.sentiment),
  };
}

/** What the rules found, as features the model weighs (TRAIN_RULE_FEATURES=0 leaves them out, for comparison). */
function contextOf(p: LabelledPost): string[] {
  if (process.env.TRAIN_RULE_FEATURES === '0') return [];
  return rulesContext(rules(p));
}

interface Judgement {
  category: string;
  urgency: string;
  sentiment: string;
  pCritical: number;
}

function judge(heads: Heads, p: LabelledPost, threshold: number): Judgement {
  const x = featuresOf(p.event.text, contextOf(p));
  const argmax = (head: LinearHead) => {
    const probs = probabilities(head, x);
    return head.labels[probs.indexOf(Math.max(...probs))]!;
  };
  const category = argmax(heads.category);
  const pCritical = probabilities(heads.critical, x)[1]!;
  const reach = category === 'complaint' && highReach(p);
  const urgency = pCritical >= threshold || category === 'threat' || reach ? 'critical' : argmax(heads.calmUrgency);
  return { category, urgency, sentiment: argmax(heads.sentiment), pCritical };
}

/**
 * The critical threshold, chosen on the validation split: the lowest that keeps TARGET_CRITICAL_RECALL, unless its
 * precision falls below MIN_CRITICAL_PRECISION — then the lowest that keeps that precision (recall first, down to a
 * floor of precision: a pager that cries wolf gets muted).
 */
function chooseThreshold(heads: Heads, posts: LabelledPost[]): number {
  const scored = posts.filter((p) => !criticalForReachOnly(p)).map((p) => ({ critical: p.urgency === 'critical', p: judge(heads, p, 2).pCritical }));
  const candidates = [...new Set(scored.map((s) => s.p))].sort((a, b) => a - b);
  const at = (t: number) => {
    const flagged = scored.filter((s) => s.p >= t);
    const hits = flagged.filter((s) => s.critical).length;
    return { recall: hits / Math.max(1, scored.filter((s) => s.critical).length), precision: hits / Math.max(1, flagged.length) };
  };
  const recallFirst = [...candidates].reverse().find((t) => at(t).recall >= TARGET_CRITICAL_RECALL) ?? candidates[0] ?? 0.5;
  if (at(recallFirst).precision >= MIN_CRITICAL_PRECISION) return recallFirst;
  return candidates.find((t) => at(t).precision >= MIN_CRITICAL_PRECISION) ?? 0.5;
}

interface Scores {
  n: number;
  category: number;
  urgency: number;
  sentimentMacroF1: number;
  criticalRecall: number;
  criticalPrecision: number;
}

function macroF1(pairs: [string, string][], labels: readonly string[]): number {
  const f1s = labels.map((label) => {
    const tp = pairs.filter(([t, g]) => t === label && g === label).length;
    const fp = pairs.filter(([t, g]) => t !== label && g === label).length;
    const fn = pairs.filter(([t, g]) => t === label && g !== label).length;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return f1s.reduce((a, b) => a + b, 0) / labels.length;
}

function score(posts: LabelledPost[], decide: (p: LabelledPost) => { category: string; urgency: string; sentiment: string }): Scores {
  const decided = posts.map((p) => ({ p, d: decide(p) }));
  const share = (ok: (x: (typeof decided)[number]) => boolean) => Number((decided.filter(ok).length / Math.max(1, decided.length)).toFixed(3));
  const critical = decided.filter(({ p }) => p.urgency === 'critical');
  const flagged = decided.filter(({ d }) => d.urgency === 'critical');
  return {
    n: posts.length,
    category: share(({ p, d }) => p.category === d.category),
    urgency: share(({ p, d }) => p.urgency === d.urgency),
    sentimentMacroF1: Number(macroF1(decided.map(({ p, d }) => [p.sentiment, d.sentiment]), SENTIMENTS).toFixed(3)),
    criticalRecall: Number((critical.filter(({ d }) => d.urgency === 'critical').length / Math.max(1, critical.length)).toFixed(3)),
    criticalPrecision: Number((flagged.filter(({ p }) => p.urgency === 'critical').length / Math.max(1, flagged.length)).toFixed(3)),
  };
}

/** The rules' verdict on a post (what the model reads beside its words, and what it is compared with). */
const rulesMemo = new Map<LabelledPost, Classification>();
function rules(p: LabelledPost): Classification {
  let c = rulesMemo.get(p);
  if (!c) rulesMemo.set(p, (c = classify(p.event)));
  return c;
}

function main(): void {
  const files = readdirSync(TRAIN_DIR).filter((f) => f.endsWith('.tsv')).sort();
  const posts = files.flatMap((f) => loadLabelledPosts(path.join(TRAIN_DIR, f)));
  const trainSet = posts.filter((p) => !inValidation(p));
  const validation = posts.filter(inValidation);
  const heads = train(trainSet);
  const threshold = process.env.TRAIN_THRESHOLD ? Number(process.env.TRAIN_THRESHOLD) : chooseThreshold(heads, validation);
  const report: Record<string, { model: Scores; rules: Scores; hybrid: Scores }> = {};
  // The model with the rules as a floor: critical when either says so; the rules' threat category kept.
  const hybrid = (p: LabelledPost) => {
    const m = judge(heads, p, threshold);
    const r = rules(p);
    return {
      category: r.category === 'threat' ? 'threat' : m.category,
      urgency: r.urgency === 'critical' ? 'critical' : m.urgency,
      sentiment: m.sentiment,
    };
  };
  const evaluate = (name: string, set: LabelledPost[]) => {
    report[name] = { model: score(set, (p) => judge(heads, p, threshold)), rules: score(set, rules), hybrid: score(set, hybrid) };
  };
  evaluate('validation', validation);
  if (process.env.TRAIN_VALIDATION_ONLY === '1') {
    console.log(JSON.stringify({ options: trainOptions(), threshold, validation: report['validation'] }));
    return;
  }
  const fixtures = path.join(ROOT, 'test/fixtures/classifier');
  for (const f of readdirSync(fixtures).filter((f) => f.endsWith('.tsv')).sort()) evaluate(f.replace('.tsv', ''), loadLabelledPosts(path.join(fixtures, f)));
  evaluate('dev-posts', loadLabelledPosts(DEV_POSTS));
  console.log(JSON.stringify({ files, train: trainSet.length, validation: validation.length, featureBits: FEATURE_BITS, threshold: Number(threshold.toFixed(4)) }));
  console.log('set'.padEnd(14), 'n'.padStart(4), '  category        urgency         crit.recall     crit.prec       sentiment-F1    (model / rules / both)');
  for (const [name, { model, rules: r, hybrid: h }] of Object.entries(report)) {
    const pair = (a: number, b: number, c: number) => `${a.toFixed(2)}/${b.toFixed(2)}/${c.toFixed(2)}`.padEnd(16);
    console.log(name.padEnd(14), String(model.n).padStart(4), ' ', pair(model.category, r.category, h.category), pair(model.urgency, r.urgency, h.urgency), pair(model.criticalRecall, r.criticalRecall, h.criticalRecall), pair(model.criticalPrecision, r.criticalPrecision, h.criticalPrecision), pair(model.sentimentMacroF1, r.sentimentMacroF1, h.sentimentMacroF1));
  }
  if (process.argv.includes('--write')) {
    // The heads the product runs today: the critical reading (index.ts). The others are trained and reported above.
    const shipped = { featureBits: FEATURE_BITS, criticalThreshold: Number(threshold.toFixed(6)), heads: { critical: quantise(heads.critical.labels, heads.critical.weights) } };
    // The version names the weights themselves: it changes with the data, the feature code, the trainer — and the
    // rules, whose findings the model reads (features.ts rulesContext).
    const version = createHash('sha256').update(JSON.stringify(shipped)).digest('hex').slice(0, 12);
    const stored = { version, trainedOn: { files, posts: trainSet.length, validation: validation.length }, ...shipped };
    writeFileSync(MODEL_FILE, `${JSON.stringify(stored)}\n`);
    console.log(`written ${MODEL_FILE}`);
  }
}

if (require.main === module) main();
