/**
 * The words a learned model sees: a post as a sparse vector of hashed features, the field-standard shape for short,
 * noisy text (word unigrams and bigrams, character 3–5-grams inside words, emoji), so spelling variants, typos,
 * Spanish and French share evidence with the words they resemble. Pure and deterministic: the trainer and the Lambda
 * compute exactly the same vector.
 *
 * Hashing (32-bit FNV-1a into 2^FEATURE_BITS buckets) keeps the model a fixed size whatever the vocabulary; a
 * collision only shares a weight between two rare features.
 */

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
  return fnv1a(name) & (FEATURE_DIMS - 1);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Lower-cased, compatibility-normalised, user handles and links reduced to a marker, repeated letters capped at 3. */
export function normaliseForModel(text: string): string {
  return text
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
 * The hashed feature vector of a post: its words L2-normalised, and `context` — named facts from outside the words
 * (what the rules found: `rules:category=praise`) — each at full weight beside them. Kept out of the normalisation so a
 * fact weighs the same in a two-word post as in a long review: the model learns how far to trust it, not how long
 * the post was.
 */
export function featuresOf(text: string, context: readonly string[] = []): SparseVector {
  const counts = new Map<number, number>();
  for (const name of featureNames(text)) {
    const bucket = bucketOf(name);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  const values = new Map<number, number>();
  let norm = 0;
  for (const [bucket, count] of counts) {
    // Sub-linear counts: a word said five times is more evidence than once, not five times more.
    const v = 1 + Math.log(count);
    values.set(bucket, v);
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (const [bucket, v] of values) values.set(bucket, v * scale);
  for (const name of context) {
    const bucket = bucketOf(name);
    values.set(bucket, (values.get(bucket) ?? 0) + 1);
  }
  const index = Int32Array.from([...values.keys()].sort((a, b) => a - b));
  const value = Float32Array.from(index, (bucket) => values.get(bucket)!);
  return { index, value };
}

/**
 * What the rules found about a post, as named features: the model is stacked on the rules — it learns when their
 * verdict holds and when the words say otherwise (a "question" that reports a child's burns is critical; "praise"
 * that says "no complaints" is not).
 */
export function rulesContext(rules: { category: string; urgency: string; sentiment: string }): string[] {
  return [`rules:category=${rules.category}`, `rules:urgency=${rules.urgency}`, `rules:sentiment=${rules.sentiment}`];
}
