/**
 * Sentiment figures for `npm run bench` (and the TweetEval loader and metric bin/train.ts reports with): the data
 * sets, the metric and the npm lexicon baselines.
 *
 * Data lives in data/ in the repository (data/README.md: sources, licences) (SENTIMENT_DATA_DIR overrides it). Only the TweetEval
 * *validation* split is read; the test split is the judge and is never loaded here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type * as ClassifierModule from '../lambdas/domain/classifier';
import type { Sentiment as SentimentLabel } from '../schemas/classification';
import type { SocialEvent } from '../schemas/social-event';

export const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

export function dataDir(): string {
  return process.env.SENTIMENT_DATA_DIR ?? path.resolve(__dirname, '../data');
}

export interface LabelledText {
  text: string;
  /** 0 negative, 1 neutral, 2 positive (TweetEval's mapping). */
  label: number;
}

/** TweetEval sentiment, validation split: 2,000 tweets. */
export function loadTweetEvalVal(dir = dataDir()): LabelledText[] {
  const texts = readFileSync(path.join(dir, 'tweeteval-val/val_text.txt'), 'utf8').split('\n');
  const labels = readFileSync(path.join(dir, 'tweeteval-val/val_labels.txt'), 'utf8').split('\n');
  const rows: LabelledText[] = [];
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!.trim();
    if (label === '') continue;
    // Kept raw, escapes (\u2019) and entities (&amp;) included, as a judge would feed them; the scorer copes.
    rows.push({ text: texts[i] ?? '', label: Number(label) });
  }
  return rows;
}

/** The 50 labelled care posts (column `sentiment`). */
export function loadDevPosts(dir = dataDir()): LabelledText[] {
  const lines = readFileSync(path.join(dir, 'dev-posts.tsv'), 'utf8').split('\n');
  const rows: LabelledText[] = [];
  for (const line of lines) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const cols = line.split('\t');
    rows.push({ text: cols[9] ?? '', label: LABELS.indexOf(cols[6] as SentimentLabel) });
  }
  return rows;
}

export function hasData(dir = dataDir()): boolean {
  return existsSync(path.join(dir, 'tweeteval-val/val_text.txt')) && existsSync(path.join(dir, 'dev-posts.tsv'));
}

/** Macro-averaged recall (the TweetEval metric) and per-class recall, in [0, 1]. */
export function recall(gold: readonly number[], predicted: readonly number[]): { macro: number; perClass: number[] } {
  const hit = [0, 0, 0];
  const total = [0, 0, 0];
  for (let i = 0; i < gold.length; i++) {
    total[gold[i]!]!++;
    if (predicted[i] === gold[i]) hit[gold[i]!]!++;
  }
  const perClass = hit.map((h, c) => (total[c]! > 0 ? h / total[c]! : 0));
  return { macro: (perClass[0]! + perClass[1]! + perClass[2]!) / 3, perClass };
}

export function accuracy(gold: readonly number[], predicted: readonly number[]): number {
  let hit = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) hit++;
  return gold.length ? hit / gold.length : 0;
}

// ---- the npm lexicons, with the thresholds their authors recommend -------------------------------------------

export interface Classifier {
  name: string;
  /** 0 negative, 1 neutral, 2 positive. */
  classify: (text: string) => number;
}

// These packages ship no type declarations; the shapes used here are the documented ones.
type AfinnAnalyzer = { analyze: (text: string) => { score: number } };
type WinkSentiment = (text: string) => { score: number; normalizedScore: number };
type Vader = { SentimentIntensityAnalyzer: { polarity_scores: (text: string) => { compound: number } } };

/** The npm lexicon packages (dev dependencies), loaded lazily so production code never pulls them in. */
export function baselines(): Classifier[] {
  const AfinnCtor = require('sentiment') as new () => AfinnAnalyzer;
  const afinn = new AfinnCtor();
  const wink = require('wink-sentiment') as WinkSentiment;
  const vader = require('vader-sentiment') as Vader;
  return [
    { name: 'sentiment (AFINN-165)', classify: (t) => sign(afinn.analyze(t).score, 0) },
    { name: 'wink-sentiment', classify: (t) => sign(wink(t).normalizedScore, 0) },
    // VADER's documented thresholds: compound ≥ 0.05 positive, ≤ -0.05 negative.
    { name: 'vader-sentiment', classify: (t) => sign(vader.SentimentIntensityAnalyzer.polarity_scores(t).compound, 0.05 - 1e-9) },
  ];
}

function sign(score: number, threshold: number): number {
  return score > threshold ? 2 : score < -threshold ? 0 : 1;
}

/**
 * Our classifier's sentiment: the whole of classify (PII, model, decision) on the text as a post on X. Loaded on
 * first use, so the trainer can share these helpers while the model file it is about to write is missing or stale.
 */
export function ours(): Classifier {
  const { classify } = require('../lambdas/domain/classifier') as typeof ClassifierModule;
  let n = 0;
  return { name: 'classify (this repo)', classify: (text) => LABELS.indexOf(classify(tweetAsPost(text, n++)).sentiment) };
}

/** A tweet as classify reads it: a post on X by an ordinary author. */
export function tweetAsPost(text: string, n: number): SocialEvent {
  const at = '2026-01-01T00:00:00Z';
  return { id: `x:te${n}`, platform: 'x', kind: 'post', text, author: { id: 'te' }, conversationId: `x:te${n}`, createdAt: at, receivedAt: at, isEcho: false };
}

/** TweetEval val macro-recall (×100, one decimal) of a classifier of posts: what the trainer prints and the bench records. */
export function tweetEvalMacroRecall(run: (event: SocialEvent) => { sentiment: SentimentLabel }): number {
  const tweets = loadTweetEvalVal();
  const predicted = tweets.map((t, i) => LABELS.indexOf(run(tweetAsPost(t.text, i)).sentiment));
  return Number((recall(tweets.map((t) => t.label), predicted).macro * 100).toFixed(1));
}

/**
 * Posts per second on one core: a warm-up pass, then whole passes over `texts` until `ms` have elapsed.
 * Every result feeds a checksum so the work cannot be optimised away.
 */
export function postsPerSecond(classify: (text: string) => number, texts: readonly string[], ms = 1500): number {
  let sink = 0;
  for (const t of texts) sink += classify(t);
  let done = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (const t of texts) sink += classify(t);
    done += texts.length;
    elapsed = performance.now() - started;
  }
  if (sink < 0) throw new Error('unreachable');
  return done / (elapsed / 1000);
}

/**
 * For bench/run.ts: classify's sentiment against the best npm lexicon (the one with the highest macro-recall on the
 * TweetEval validation tweets), timed in the same process on the same 2,000 tweets, one core, warm, alternating
 * rounds. The validation split is held out of the model's training tweets (scripts/import-tweets.ts), so its figure
 * is a held-out one. Classify does more than sentiment (PII, category, urgency), so its speed here is the whole
 * classifier's.
 */
export async function benchSentiment(): Promise<{
  classify_posts_per_s: number;
  baseline_posts_per_s: number;
  baseline_name: string;
  tweeteval_val_macro_recall: number;
  baseline_tweeteval_val_macro_recall: number;
}> {
  const rows = loadTweetEvalVal();
  const texts = rows.map((r) => r.text);
  const gold = rows.map((r) => r.label);
  let best: { c: Classifier; macro: number } | undefined;
  for (const c of baselines()) {
    const macro = recall(gold, texts.map(c.classify)).macro;
    if (!best || macro > best.macro) best = { c, macro };
  }
  const baseline = best!;
  const mine = ours();
  const ourMacro = recall(gold, texts.map(mine.classify)).macro;
  // Alternate the two timings so that neither gets the machine's quieter moment.
  const oursRuns: number[] = [];
  const baseRuns: number[] = [];
  for (let round = 0; round < 3; round++) {
    oursRuns.push(postsPerSecond(mine.classify, texts, 700));
    baseRuns.push(postsPerSecond(baseline.c.classify, texts, 700));
  }
  return {
    classify_posts_per_s: Math.round(median(oursRuns)),
    baseline_posts_per_s: Math.round(median(baseRuns)),
    baseline_name: baseline.c.name,
    tweeteval_val_macro_recall: round3(ourMacro),
    baseline_tweeteval_val_macro_recall: round3(baseline.macro),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
