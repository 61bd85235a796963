import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { classify } from '../lambdas/domain/classifier';
import { detectPii } from '../lambdas/domain/classifier/pii';
import type { SocialEvent } from '../schemas/social-event';
import { DEV_POSTS, evaluate, HELDOUT_SETS, loadLabelledPosts } from '../scripts/eval-classifier';
import * as PII_FIXTURES from '../test/fixtures/pii/posts';

/**
 * Classifier figures for `npm run bench`: throughput of the full classify (PII, the model, the decision), its scores
 * on the dev posts, the held-out sets (all four together, 380 posts) and blind sets E, F and G (written blind for the
 * rule-based classifier the model replaced; the model never trained on any of them), and the CLI on 30,000 JSONL
 * lines; and the PII detector alone, on its PII-heavy fixtures and on pathological input (the unit tests check what
 * it finds, this how fast). The model's own blind sets are scored in bench/run.ts benchModel.
 *
 * Throughput is posts per second of this process's CPU time (one core: classify is synchronous), so other work on
 * a shared machine does not halve it; on an idle machine it equals wall-clock throughput.
 */

const ROOT = path.resolve(__dirname, '..');
const CLI_LINES = 30_000;
/** Blind set E: written blind; the earlier rules were tuned on it, the model never saw it. */
const BLIND_E = path.join(ROOT, 'test/fixtures/classifier/blind-e.tsv');
/** Blind set F: written blind; the earlier rules were tuned on it after scoring, the model never saw it. */
const BLIND_F = path.join(ROOT, 'test/fixtures/classifier/blind-f.tsv');
/** Blind set G: written blind after the rules were revised on F; consulted while the first models were built. */
const BLIND_G = path.join(ROOT, 'test/fixtures/classifier/blind-g.tsv');

function postsPerCpuSecond(events: SocialEvent[], iterations: number): number {
  for (let i = 0; i < 5_000; i++) classify(events[i % events.length]!);
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) classify(events[i % events.length]!);
  const used = process.cpuUsage(start);
  return Math.round(iterations / ((used.user + used.system) / 1e6));
}

/** detectPii alone on the PII fixtures (nearly every post holds a digit or '@', so none short-circuits). */
function piiPostsPerCpuSecond(iterations: number): number {
  const posts = Object.values(PII_FIXTURES).flatMap((list) => (list as Array<string | { text: string }>).map((p) => (typeof p === 'string' ? p : p.text)));
  for (let i = 0; i < 5_000; i++) detectPii(posts[i % posts.length]!);
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) detectPii(posts[i % posts.length]!);
  const used = process.cpuUsage(start);
  return Math.round(iterations / ((used.user + used.system) / 1e6));
}

/** CPU ms of detectPii on the slowest of a few inputs built to make a backtracking regex blow up. */
function piiPathologicalMs(): number {
  const inputs = [
    'word '.repeat(20_000),
    '1 2 3 4 5 6 7 8 9 0 '.repeat(2_000),
    'a@'.repeat(5_000) + 'b.'.repeat(5_000),
    '4111.'.repeat(8_000),
    'GB29 '.repeat(8_000),
    '123-45-'.repeat(5_000),
    'sort code 12-34-56 '.repeat(2_000),
    'x\u200b'.repeat(20_000),
    'ü@'.repeat(5_000) + 'ß.'.repeat(5_000),
    '用'.repeat(40_000) + '@',
    '4111\u2009'.repeat(4_000) + '4111 - '.repeat(4_000) + '4111\n'.repeat(4_000) + '4111, '.repeat(4_000),
    'a4111111111111112'.repeat(2_000),
    'GB82-'.repeat(8_000) + 'JG-10-'.repeat(6_000),
  ];
  let worst = 0;
  for (const text of inputs) {
    const start = process.cpuUsage();
    detectPii(text);
    const used = process.cpuUsage(start);
    worst = Math.max(worst, (used.user + used.system) / 1000);
  }
  return Math.round(worst);
}

/** Runs the CLI as `npm run classify` does (tsx), startup included, on `lines` events; returns wall-clock ms. */
function cliMs(events: SocialEvent[], lines: number): number {
  const input: string[] = [];
  for (let i = 0; i < lines; i++) {
    const e = events[i % events.length]!;
    input.push(JSON.stringify({ ...e, id: `${e.id}-${i}` }));
  }
  const started = performance.now();
  const out = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin/classify.ts')], {
    cwd: ROOT,
    input: `${input.join('\n')}\n`,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const elapsed = performance.now() - started;
  const outLines = out.stdout.split('\n').filter(Boolean).length;
  if (out.status !== 0 || outLines !== lines) throw new Error(`classify CLI: exit ${out.status}, ${outLines}/${lines} lines; ${out.stderr.slice(0, 500)}`);
  return Math.round(elapsed);
}

export async function benchClassifier(): Promise<{
  classify_full_posts_per_s: number;
  dev_category_accuracy: number;
  dev_critical_recall: number;
  heldout_category_accuracy: number;
  heldout_critical_recall: number;
  blind_e_category_accuracy: number;
  blind_e_critical_recall: number;
  blind_f_category_accuracy: number;
  blind_f_critical_recall: number;
  blind_g_category_accuracy: number;
  blind_g_critical_recall: number;
  cli_30k_lines_ms: number;
  pii_fixture_posts_per_s: number;
  pii_pathological_worst_ms: number;
}> {
  const dev = loadLabelledPosts(DEV_POSTS);
  const heldout = HELDOUT_SETS.flatMap((f) => loadLabelledPosts(f));
  const devEval = evaluate(dev);
  const heldoutEval = evaluate(heldout);
  const blindEEval = evaluate(loadLabelledPosts(BLIND_E));
  const blindFEval = evaluate(loadLabelledPosts(BLIND_F));
  const blindGEval = evaluate(loadLabelledPosts(BLIND_G));
  const events = [...dev, ...heldout].map((p) => p.event);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    classify_full_posts_per_s: postsPerCpuSecond(events, 50_000),
    dev_category_accuracy: round(devEval.categoryAccuracy),
    dev_critical_recall: round(devEval.criticalRecall),
    heldout_category_accuracy: round(heldoutEval.categoryAccuracy),
    heldout_critical_recall: round(heldoutEval.criticalRecall),
    blind_e_category_accuracy: round(blindEEval.categoryAccuracy),
    blind_e_critical_recall: round(blindEEval.criticalRecall),
    blind_f_category_accuracy: round(blindFEval.categoryAccuracy),
    blind_f_critical_recall: round(blindFEval.criticalRecall),
    blind_g_category_accuracy: round(blindGEval.categoryAccuracy),
    blind_g_critical_recall: round(blindGEval.criticalRecall),
    cli_30k_lines_ms: cliMs(events, CLI_LINES),
    pii_fixture_posts_per_s: piiPostsPerCpuSecond(50_000),
    pii_pathological_worst_ms: piiPathologicalMs(),
  };
}

if (require.main === module) {
  benchClassifier().then((r) => console.log(JSON.stringify(r, null, 2)));
}
