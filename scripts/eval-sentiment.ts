/**
 * Sentiment figures, ours beside the npm lexicons, on the same data in the same process:
 *
 *   - TweetEval sentiment *validation* (2,000 tweets): macro-averaged recall (the official metric) and recall
 *     per class. Our model is trained on this split, so its honest figure is the 10-fold cross-validated one
 *     (folds grouped so duplicate tweets never straddle train and test); the shipped model's own score on val
 *     is printed too, marked as optimistic.
 *   - dev-posts.tsv (50 labelled care posts): accuracy.
 *   - posts per second on one core, over the val tweets, warm.
 *
 *   npx tsx scripts/eval-sentiment.ts
 */
import { accuracy, baselines, loadDevPosts, loadTweetEvalVal, ours, postsPerSecond, recall, type Classifier } from '../bench/sentiment';
import { extractEvidence } from '../lambdas/domain/classifier/sentiment-features';
import { CHOSEN, crossValidate, type Example } from './train-sentiment';

const pct = (x: number) => (100 * x).toFixed(1).padStart(5);

function main(): void {
  const val = loadTweetEvalVal();
  const dev = loadDevPosts();
  const texts = val.map((r) => r.text);
  const gold = val.map((r) => r.label);
  const devGold = dev.map((r) => r.label);

  const examples: Example[] = val.map((r) => {
    const e = extractEvidence(r.text);
    return { dense: e.dense, words: e.words, label: r.label, group: r.text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim() };
  });
  const cv = crossValidate(examples, CHOSEN);

  const rows: Array<{ name: string; macro: number; perClass: number[]; dev: number; rate: number; note: string }> = [];
  const measure = (c: Classifier, note: string, override?: { macro: number; perClass: number[] }) => {
    const r = override ?? recall(gold, texts.map(c.classify));
    const devAcc = accuracy(devGold, dev.map((d) => c.classify(d.text)));
    rows.push({ name: c.name, ...r, dev: devAcc, rate: postsPerSecond(c.classify, texts), note });
  };
  const mine = ours();
  measure(mine, '10-fold CV on val (honest)', cv);
  const resub = recall(gold, texts.map(mine.classify));
  for (const b of baselines()) measure(b, 'no training');

  console.log('TweetEval val (2,000 tweets): macro-recall and recall per class, %; dev posts (50): accuracy, %');
  console.log(`${'classifier'.padEnd(28)} macro   neg   neu   pos    dev   posts/s  note`);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(28)} ${pct(r.macro)} ${pct(r.perClass[0]!)} ${pct(r.perClass[1]!)} ${pct(r.perClass[2]!)}  ${pct(r.dev)}  ${String(Math.round(r.rate)).padStart(8)}  ${r.note}`,
    );
  }
  console.log(
    `\nshipped model scored on val, the data it was trained on (optimistic, for regression checks only): macro-recall ${pct(resub.macro).trim()}` +
      ` (neg ${pct(resub.perClass[0]!).trim()}, neu ${pct(resub.perClass[1]!).trim()}, pos ${pct(resub.perClass[2]!).trim()})`,
  );
  const afinn = rows.find((r) => r.name.startsWith('sentiment'))!;
  console.log(`speed: ${(rows[0]!.rate / afinn.rate).toFixed(2)} × the AFINN package's posts/s`);
}

main();
