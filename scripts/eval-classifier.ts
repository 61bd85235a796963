import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type Category,
  CategorySchema,
  type Classification,
  type PiiType,
  PiiTypeSchema,
  type Sentiment,
  type Urgency,
  UrgencySchema,
} from '../schemas/classification';
import { type EventKind, EventKindSchema, type SocialEvent } from '../schemas/social-event';
import { classify } from '../lambdas/domain/classifier';

/**
 * `npx tsx scripts/eval-classifier.ts [file.tsv …]`: per-label accuracy and confusion of the classifier on labelled
 * posts — by default data/dev-posts.tsv (the guide the rules were tuned on) and the four held-out sets in
 * test/fixtures/classifier (heldout.tsv, heldout-2/3/4.tsv). Each held-out set was written before the classifier
 * was run on it; its first score was blind, and rules were then generalised from its misses before the next set
 * was written (see each file's header). Also used by the unit tests and the bench, which import the loader and the
 * metrics from here.
 */

const ROOT = path.resolve(__dirname, '..');
export const DEV_POSTS = path.resolve(ROOT, 'data/dev-posts.tsv');
/** Every held-out set, in the order they were written. */
export const HELDOUT_SETS = ['heldout.tsv', 'heldout-2.tsv', 'heldout-3.tsv', 'heldout-4.tsv'].map((f) => path.join(ROOT, 'test/fixtures/classifier', f));

export interface LabelledPost {
  event: SocialEvent;
  category: Category;
  sentiment: Sentiment;
  urgency: Urgency;
  pii: PiiType[];
}

/** Reads a labelled TSV (id, platform, kind, followers, verified, category, sentiment, urgency, pii, text; `#` comments). */
export function loadLabelledPosts(file: string): LabelledPost[] {
  const posts: LabelledPost[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [id, platform, kind, followers, verified, category, sentiment, urgency, pii, ...text] = line.split('\t');
    const at = '2026-11-23T12:00:00.000Z';
    posts.push({
      event: {
        id: `${platform}:${id}`,
        platform: platform!,
        kind: EventKindSchema.parse(kind) as EventKind,
        text: text.join('\t'),
        author: { id: `author-${id}`, followers: Number(followers || 0), verified: verified === '1' },
        conversationId: `${platform}:${id}`,
        createdAt: at,
        receivedAt: at,
        isEcho: false,
      },
      category: CategorySchema.parse(category),
      sentiment: sentiment as Sentiment,
      urgency: UrgencySchema.parse(urgency),
      pii: (pii ?? '').split(',').filter(Boolean).map((t) => PiiTypeSchema.parse(t.trim())),
    });
  }
  return posts;
}

export interface Miss {
  id: string;
  text: string;
  want: string;
  got: string;
  reasons: string[];
}

export interface Evaluation {
  posts: number;
  categoryAccuracy: number;
  urgencyAccuracy: number;
  sentimentAccuracy: number;
  /** Share of posts labelled critical that the classifier marks critical. */
  criticalRecall: number;
  /** Share of posts the classifier marks critical that are labelled critical (what paging costs). */
  criticalPrecision: number;
  criticalCount: number;
  /** Mean over negative, neutral and positive of each label's F1. */
  sentimentMacroF1: number;
  /** Share of posts whose PII types are exactly the labelled ones. */
  piiAccuracy: number;
  categoryConfusion: Record<string, Record<string, number>>;
  urgencyConfusion: Record<string, Record<string, number>>;
  categoryMisses: Miss[];
  urgencyMisses: Miss[];
  piiMisses: Miss[];
}

/** F1 of each label over (wanted, got) pairs, averaged. */
function macroF1(pairs: readonly [string, string][], labels: readonly string[]): number {
  const f1 = labels.map((label) => {
    const tp = pairs.filter(([want, got]) => want === label && got === label).length;
    const wrong = pairs.filter(([want, got]) => (want === label) !== (got === label)).length;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + wrong);
  });
  return f1.reduce((a, b) => a + b, 0) / labels.length;
}

/** The headline figures of an evaluation, to three places: what the trainer prints and the bench records. */
export function headline(e: Evaluation) {
  const r = (x: number) => Number(x.toFixed(3));
  return {
    n: e.posts,
    category: r(e.categoryAccuracy),
    urgency: r(e.urgencyAccuracy),
    criticalRecall: r(e.criticalRecall),
    criticalPrecision: r(e.criticalPrecision),
    sentimentMacroF1: r(e.sentimentMacroF1),
  };
}

export function evaluate(posts: LabelledPost[], run: (e: SocialEvent) => Classification = (e) => classify(e)): Evaluation {
  const catConf: Record<string, Record<string, number>> = {};
  const urgConf: Record<string, Record<string, number>> = {};
  const bump = (m: Record<string, Record<string, number>>, want: string, got: string) => {
    m[want] ??= {};
    m[want][got] = (m[want][got] ?? 0) + 1;
  };
  let cat = 0;
  let urg = 0;
  let sent = 0;
  let piiOk = 0;
  let critical = 0;
  let criticalHit = 0;
  let flagged = 0;
  const sentiments: [string, string][] = [];
  const categoryMisses: Miss[] = [];
  const urgencyMisses: Miss[] = [];
  const piiMisses: Miss[] = [];
  for (const p of posts) {
    const c = run(p.event);
    const miss = (want: string, got: string): Miss => ({ id: p.event.id, text: p.event.text, want, got, reasons: c.reasons });
    bump(catConf, p.category, c.category);
    bump(urgConf, p.urgency, c.urgency);
    if (c.category === p.category) cat++;
    else categoryMisses.push(miss(p.category, c.category));
    if (c.urgency === p.urgency) urg++;
    else urgencyMisses.push(miss(p.urgency, c.urgency));
    if (c.sentiment === p.sentiment) sent++;
    sentiments.push([p.sentiment, c.sentiment]);
    if (c.urgency === 'critical') flagged++;
    const wantPii = [...p.pii].sort().join(',');
    const gotPii = [...c.pii].sort().join(',');
    if (wantPii === gotPii) piiOk++;
    else piiMisses.push(miss(wantPii || '-', gotPii || '-'));
    if (p.urgency === 'critical') {
      critical++;
      if (c.urgency === 'critical') criticalHit++;
    }
  }
  const n = posts.length || 1;
  return {
    posts: posts.length,
    categoryAccuracy: cat / n,
    urgencyAccuracy: urg / n,
    sentimentAccuracy: sent / n,
    criticalRecall: critical ? criticalHit / critical : 1,
    criticalPrecision: flagged ? criticalHit / flagged : 1,
    criticalCount: critical,
    sentimentMacroF1: macroF1(sentiments, ['negative', 'neutral', 'positive']),
    piiAccuracy: piiOk / n,
    categoryConfusion: catConf,
    urgencyConfusion: urgConf,
    categoryMisses,
    urgencyMisses,
    piiMisses,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function confusionTable(title: string, labels: readonly string[], m: Record<string, Record<string, number>>): string {
  const width = Math.max(...labels.map((l) => l.length)) + 2;
  const pad = (s: string) => s.padStart(width);
  const rows = [`${title} (rows: label, columns: predicted)`, pad('') + labels.map(pad).join('') + pad('recall')];
  for (const want of labels) {
    const row = m[want] ?? {};
    const count = Object.values(row).reduce((a, b) => a + b, 0);
    if (!count) continue;
    rows.push(pad(want) + labels.map((got) => pad(String(row[got] ?? 0))).join('') + pad(pct((row[want] ?? 0) / count)));
  }
  return rows.join('\n');
}

export function report(name: string, e: Evaluation): string {
  const lines = [
    `== ${name}: ${e.posts} posts`,
    `category accuracy   ${pct(e.categoryAccuracy)}`,
    `urgency accuracy    ${pct(e.urgencyAccuracy)}`,
    `critical recall     ${pct(e.criticalRecall)} (${e.criticalCount} critical posts)`,
    `sentiment accuracy  ${pct(e.sentimentAccuracy)}`,
    `PII type accuracy   ${pct(e.piiAccuracy)}`,
    '',
    confusionTable('category', CategorySchema.options, e.categoryConfusion),
    '',
    confusionTable('urgency', UrgencySchema.options, e.urgencyConfusion),
  ];
  const list = (title: string, misses: Miss[]) => {
    if (!misses.length) return;
    lines.push('', `${title}:`);
    for (const m of misses) lines.push(`  ${m.id}  want ${m.want}, got ${m.got}  [${m.reasons.join('; ')}]  ${m.text.slice(0, 110)}`);
  };
  list('category misses', e.categoryMisses);
  list('urgency misses', e.urgencyMisses);
  list('PII misses', e.piiMisses);
  return lines.join('\n');
}

if (require.main === module) {
  const files = process.argv.slice(2);
  const sets = files.length ? files : [DEV_POSTS, ...HELDOUT_SETS];
  for (const file of sets) console.log(`${report(path.basename(file), evaluate(loadLabelledPosts(file)))}\n`);
  if (!files.length) console.log(report('all held-out sets together', evaluate(HELDOUT_SETS.flatMap((f) => loadLabelledPosts(f)))).split('\n\n')[0]);
}
