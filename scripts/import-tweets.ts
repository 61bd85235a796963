import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * `npm run tweets -- <folder>`: writes the public sentiment-labelled tweets the model's sentiment head also learns
 * from (data/tweets/semeval-2013-2016.tsv.gz: `label<TAB>text`, one tweet a line, gzip).
 *
 * The source is SemEval-2017 Task 4, subtask A (English), the training and development releases of 2013–2016 — the
 * tweets TweetEval's sentiment train and validation splits were drawn from (TweetEval's test split is SemEval-2017's
 * own test set, which is not read here). The folder is `dataset/Subtask_A/downloaded/` of the public repository
 * cbaziotis/datastories-semeval2017-task4 (commit faeee5fd1c2cf38e32179a4676dff53ae01adfa8): tab-separated
 * id, label, text, one file per release (`twitter-2013train-A.tsv` …). Every tweet TweetEval's validation split holds
 * (data/tweeteval-val) is left out, so that split stays a held-out figure; so is every repeat. Tweets are matched on
 * their letters and digits alone (the two releases differ in escapes, entities, handles and spacing), and on their
 * first 40 of them, so a tweet TweetEval trimmed or re-spelt is left out too.
 */

const ROOT = path.resolve(__dirname, '..');
const OUT = process.env.TWEETS_FILE ?? path.join(ROOT, 'data/tweets/semeval-2013-2016.tsv.gz');
const LABELS = new Set(['negative', 'neutral', 'positive']);

/** One spelling for a tweet: escapes decoded, quotes the release wrapped it in removed, handles as TweetEval has them. */
export function tidyTweet(raw: string): string {
  return raw
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/^"(.*)"$/s, '$1')
    .replace(/@\w+/g, '@user')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What two copies of one tweet have in common: its letters and digits, lower-cased. */
function matchKey(tweet: string): string {
  return tidyTweet(tweet)
    .toLowerCase()
    .replace(/&amp;/g, '&')
    .replace(/@user/g, '')
    .replace(/https?:\/\/\S+/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}
const PREFIX = 40;

function main(): void {
  const folder = process.argv[2];
  if (!folder) throw new Error('usage: npm run tweets -- <dataset/Subtask_A/downloaded folder of datastories-semeval2017-task4>');
  const held = new Set<string>();
  for (const tweet of readFileSync(path.join(ROOT, 'data/tweeteval-val/val_text.txt'), 'utf8').split('\n')) {
    const key = matchKey(tweet);
    if (key === '') continue;
    held.add(key);
    held.add(key.slice(0, PREFIX));
  }
  const files = readdirSync(folder).filter((f) => /^twitter-201[3-6]\w*-A\.tsv$/.test(f)).sort();
  if (files.length === 0) throw new Error(`no twitter-2013…2016 *-A.tsv files in ${folder}`);
  const seen = new Set<string>();
  const lines: string[] = [];
  let heldOut = 0;
  for (const file of files) {
    for (const line of readFileSync(path.join(folder, file), 'utf8').split('\n')) {
      const [, label, ...text] = line.split('\t');
      if (!label || !LABELS.has(label)) continue;
      const tweet = tidyTweet(text.join(' '));
      const key = matchKey(tweet);
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      if (held.has(key) || held.has(key.slice(0, PREFIX))) {
        heldOut++;
        continue;
      }
      lines.push(`${label}\t${tweet}`);
    }
  }
  writeFileSync(OUT, gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
  console.log(`${files.length} files, ${lines.length} tweets written to ${path.relative(ROOT, OUT)} (${heldOut} in TweetEval's validation split left out)`);
}

if (require.main === module) main();
