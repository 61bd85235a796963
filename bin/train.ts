import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { classifyWith, readByRules, type RulesReading } from '../lambdas/domain/classifier';
import { HEAD_LABELS, type HeadName, linearModel, type PostModel, type Thresholds } from '../lambdas/domain/classifier/model';
import { featuresOf, FEATURE_BITS, rulesContext } from '../lambdas/domain/classifier/model/features';
import { quantise, type StoredHead } from '../lambdas/domain/classifier/model/linear';
import { DEFAULT_TRAIN_OPTIONS, trainHead, type TrainingExample } from '../lambdas/domain/classifier/model/train';
import type { SocialEvent } from '../schemas/social-event';
import { DEV_POSTS, evaluate, headline, type LabelledPost, loadLabelledPosts } from '../scripts/eval-classifier';

type Headline = ReturnType<typeof headline>;

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

type Heads = Record<HeadName, StoredHead>;

/** What the model reads of a post: its redacted words and what the rules found — exactly what classify gives it. */
function inputOf(p: LabelledPost) {
  const r = rules(p);
  return featuresOf(r.modelWords, rulesContext(r.classification));
}

function train(posts: LabelledPost[]): Heads {
  const rows = posts.map((p) => ({ p, x: inputOf(p) }));
  const head = (labels: readonly string[], pick: (p: LabelledPost) => string | undefined): StoredHead => {
    const examples: TrainingExample[] = [];
    for (const { p, x } of rows) {
      const label = pick(p);
      const y = label === undefined ? -1 : labels.indexOf(label);
      if (y >= 0) examples.push({ x, y });
    }
    // Quantised as shipped, so what is measured is what runs.
    return quantise(labels, trainHead(examples, labels.length, trainOptions()));
  };
  return {
    category: head(HEAD_LABELS.category, (p) => p.category),
    critical: head(HEAD_LABELS.critical, (p) => (criticalForReachOnly(p) ? undefined : p.urgency === 'critical' ? 'yes' : 'no')),
    calmUrgency: head(HEAD_LABELS.calmUrgency, (p) => (p.urgency === 'critical' ? undefined : p.urgency)),
    sentiment: head(HEAD_LABELS.sentiment, (p) => p.sentiment),
  };
}

/**
 * The critical threshold, chosen on the validation split for the product's decision (the model's critical reading
 * beside the floors: the rules' critical, a threat, a high-reach grievance): the highest that keeps
 * TARGET_CRITICAL_RECALL, unless its precision falls below MIN_CRITICAL_PRECISION — then the lowest that keeps that
 * precision (recall first, down to a floor of precision: a pager that cries wolf gets muted).
 */
function chooseThreshold(heads: Heads, overrule: Thresholds['overrule'], posts: LabelledPost[]): number {
  // With a threshold no probability reaches, classify flags exactly what the floors flag.
  const floorsOnly = linearModel('floors', heads, { critical: 2, overrule });
  const scored = posts.map((p) => ({
    critical: p.urgency === 'critical',
    floor: classifyWith(floorsOnly, p.event).urgency === 'critical',
    p: floorsOnly.read(rules(p).modelWords, rulesContext(rules(p).classification)).critical.probability,
  }));
  const candidates = [...new Set(scored.map((s) => s.p))].sort((a, b) => a - b);
  const at = (t: number) => {
    const flagged = scored.filter((s) => s.floor || s.p >= t);
    const hits = flagged.filter((s) => s.critical).length;
    return { recall: hits / Math.max(1, scored.filter((s) => s.critical).length), precision: hits / Math.max(1, flagged.length) };
  };
  const recallFirst = [...candidates].reverse().find((t) => at(t).recall >= TARGET_CRITICAL_RECALL) ?? candidates[0] ?? 0.5;
  if (at(recallFirst).precision >= MIN_CRITICAL_PRECISION) return recallFirst;
  return candidates.find((t) => at(t).precision >= MIN_CRITICAL_PRECISION) ?? 0.5;
}

const OVERRULE_STEPS = Array.from({ length: 15 }, (_, i) => Number((0.3 + i * 0.05).toFixed(2)));

/**
 * For each labelled head, the probability the model needs to overrule the rules' label: the one that gets most of the
 * validation split right as classify decides (ties to the lower: the model's word is the point). Category first, then
 * the calm urgency and the sentiment, each with the ones before it fixed.
 */
function chooseOverrule(heads: Heads, posts: LabelledPost[]): Thresholds['overrule'] {
  const overrule: Thresholds['overrule'] = { category: 0, calmUrgency: 0, sentiment: 0 };
  const right: Record<keyof Thresholds['overrule'], (p: LabelledPost, c: { category: string; urgency: string; sentiment: string }) => boolean> = {
    category: (p, c) => p.category === c.category,
    calmUrgency: (p, c) => p.urgency === 'critical' || p.urgency === c.urgency,
    sentiment: (p, c) => p.sentiment === c.sentiment,
  };
  for (const head of ['category', 'calmUrgency', 'sentiment'] as const) {
    let best = { at: 0, correct: -1 };
    for (const at of OVERRULE_STEPS) {
      const model = linearModel('candidate', heads, { critical: 2, overrule: { ...overrule, [head]: at } });
      const correct = posts.filter((p) => right[head](p, classifyWith(model, p.event))).length;
      if (correct > best.correct) best = { at, correct };
    }
    overrule[head] = best.at;
  }
  return overrule;
}

/** The rules' reading of a post (what the model reads beside its words, and what it is compared with). */
const rulesMemo = new Map<SocialEvent, RulesReading>();
function rules(p: LabelledPost | SocialEvent): RulesReading {
  const event = 'event' in p ? p.event : p;
  let r = rulesMemo.get(event);
  if (!r) rulesMemo.set(event, (r = readByRules(event)));
  return r;
}

function main(): void {
  const files = readdirSync(TRAIN_DIR).filter((f) => f.endsWith('.tsv')).sort();
  const posts = files.flatMap((f) => loadLabelledPosts(path.join(TRAIN_DIR, f)));
  const trainSet = posts.filter((p) => !inValidation(p));
  const validation = posts.filter(inValidation);
  const heads = train(trainSet);
  const overrule = chooseOverrule(heads, validation);
  const threshold = process.env.TRAIN_THRESHOLD ? Number(process.env.TRAIN_THRESHOLD) : chooseThreshold(heads, overrule, validation);
  const thresholds: Thresholds = { critical: Number(threshold.toFixed(6)), overrule };
  // Scored as the product decides: classify itself with the model just trained (rules as its floor), beside the rules.
  const product: PostModel = linearModel('candidate', heads, thresholds);
  const report: Record<string, { product: Headline; rules: Headline }> = {};
  const score = (name: string, set: LabelledPost[]) => {
    report[name] = { product: headline(evaluate(set, (e) => classifyWith(product, e))), rules: headline(evaluate(set, (e) => rules(e).classification)) };
  };
  score('validation', validation);
  if (process.env.TRAIN_VALIDATION_ONLY === '1') {
    console.log(JSON.stringify({ options: trainOptions(), thresholds, validation: report['validation'] }));
    return;
  }
  const fixtures = path.join(ROOT, 'test/fixtures/classifier');
  for (const f of readdirSync(fixtures).filter((f) => f.endsWith('.tsv')).sort()) score(f.replace('.tsv', ''), loadLabelledPosts(path.join(fixtures, f)));
  score('dev-posts', loadLabelledPosts(DEV_POSTS));
  console.log(JSON.stringify({ files, train: trainSet.length, validation: validation.length, featureBits: FEATURE_BITS, thresholds }));
  console.log('set'.padEnd(14), 'n'.padStart(4), '  category     urgency      crit.recall  crit.prec    sentiment-F1 (classify / rules alone)');
  for (const [name, { product: m, rules: r }] of Object.entries(report)) {
    const pair = (a: number, b: number) => `${a.toFixed(2)}/${b.toFixed(2)}`.padEnd(13);
    console.log(name.padEnd(14), String(m.n).padStart(4), ' ', pair(m.category, r.category), pair(m.urgency, r.urgency), pair(m.criticalRecall, r.criticalRecall), pair(m.criticalPrecision, r.criticalPrecision), pair(m.sentimentMacroF1, r.sentimentMacroF1));
  }
  if (process.argv.includes('--write')) {
    const shipped = { featureBits: FEATURE_BITS, thresholds, heads: { category: heads.category, critical: heads.critical, calmUrgency: heads.calmUrgency, sentiment: heads.sentiment } };
    // The version names the weights themselves: it changes with the data, the feature code, the trainer — and the
    // rules, whose findings the model reads (features.ts rulesContext).
    const version = createHash('sha256').update(JSON.stringify(shipped)).digest('hex').slice(0, 12);
    const file = { version, trainedOn: { files, posts: trainSet.length, validation: validation.length }, ...shipped };
    writeFileSync(MODEL_FILE, `${JSON.stringify(file)}\n`);
    console.log(`written ${MODEL_FILE}`);
  }
}

if (require.main === module) main();
