/**
 * Tokenizer for social posts, written for the sentiment scorer but usable by other classifiers.
 *
 * One regular-expression pass splits a post into typed tokens. Typing happens here, once, because every later
 * step needs to know whether a token is a word, an emoji, an emoticon or punctuation (negation scope ends at
 * punctuation; URLs and @mentions carry no sentiment but hint at news-like, neutral posts).
 */

export type TokenKind = 'word' | 'hashtag' | 'mention' | 'url' | 'emoji' | 'emoticon' | 'punct';

export interface Token {
  /** Normalised form: lower case, curly apostrophes straightened, hashtag and mention without their sigil. */
  text: string;
  kind: TokenKind;
  /** The word was written in capitals (two letters or more), e.g. "NEVER". */
  caps: boolean;
  /** The word had a letter repeated three times or more ("soooo"), which intensifies it. */
  elongated: boolean;
  /** The word starts with a capital and goes on in lower case ("Lucie", "Great"). */
  capitalised: boolean;
  /** A camel-case hashtag's words ("#NotHappy" → not, happy); null otherwise. */
  parts: string[] | null;
}

// Order matters: URLs before words, emoticons before punctuation, hashtags and mentions before words.
// Emoticons need an eye and a mouth and must not be followed by a letter, so "8am" and ":product" are not faces.
const TOKEN_RE = new RegExp(
  [
    String.raw`https?:\/\/\S+|www\.\S+`,
    String.raw`@\w+`,
    String.raw`#[\p{L}\p{N}_]+`,
    String.raw`<\/?3`,
    String.raw`[:;=][\-^o']?[)\](\[dpDP\/\\|*3@oO]+(?![\p{L}\p{N}])`,
    String.raw`[)\](\[][\-^']?[:;=](?![\p{L}\p{N}])`,
    String.raw`[\p{L}\p{N}][\p{L}\p{N}*]*(?:['’][\p{L}]+)*`,
    String.raw`\p{Extended_Pictographic}`,
    String.raw`[!?]+`,
    String.raw`\.{2,}|…`,
    String.raw`[.,;:()"]`,
  ].join('|'),
  'gu',
);

const UPPER_RE = /\p{Lu}/u;
const LOWER_RE = /\p{Ll}/u;
const ELONGATED_RE = /(\p{L})\1\1/u;
const PUNCT_RUN_RE = /^[!?.…]+$/;
/** A lower-case letter followed by a capital: "NotHappy", "EpicFail". */
const CAMEL_RE = /\p{Ll}\p{Lu}/u;
const CAMEL_SPLIT_RE = /(?=\p{Lu}\p{Ll})|(?<=\p{Ll})(?=\p{Lu})|_/u;

/** Splits a post into typed, normalised tokens. Deterministic and allocation-light; no network, no state. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const matches = text.match(TOKEN_RE);
  if (!matches) return tokens;
  for (const raw of matches) {
    const c = raw.charCodeAt(0);
    if (c === 64 /* @ */) {
      tokens.push({ text: raw.slice(1).toLowerCase(), kind: 'mention', caps: false, capitalised: false, elongated: false, parts: null });
    } else if (c === 35 /* # */) {
      const tag = raw.slice(1);
      const lower = tag.toLowerCase();
      const parts = CAMEL_RE.test(tag) || tag.includes('_') ? tag.split(CAMEL_SPLIT_RE).filter(Boolean).map((p) => p.toLowerCase()) : null;
      tokens.push({ text: lower, kind: 'hashtag', caps: false, capitalised: false, elongated: ELONGATED_RE.test(lower), parts });
    } else if ((c === 104 || c === 119) && (raw.startsWith('http://') || raw.startsWith('https://') || raw.startsWith('www.'))) {
      tokens.push({ text: 'url', kind: 'url', caps: false, capitalised: false, elongated: false, parts: null });
    } else if (isWordStart(c)) {
      const lower = raw.toLowerCase();
      const caps = raw.length > 1 && lower !== raw && !LOWER_RE.test(raw) && UPPER_RE.test(raw);
      const normal = lower.includes('’') ? lower.replace(/’/g, "'") : lower;
      const c1 = raw.charCodeAt(1);
      const capitalised = c >= 65 && c <= 90 && raw.length > 1 && c1 >= 97 && c1 <= 122;
      tokens.push({ text: normal, kind: 'word', caps, capitalised, elongated: raw.length > 2 && hasTripleLetter(normal), parts: null });
    } else if (c === 33 || c === 63 || c === 46 || c === 44 || c === 59 || c === 58 || c === 0x2026 || c === 40 || c === 41 || c === 34) {
      // ! ? . , ; : … ( ) " — but ":)" and "(:" are faces, caught by the length check below.
      if (raw.length > 1 && !PUNCT_RUN_RE.test(raw)) tokens.push({ text: raw.toLowerCase(), kind: 'emoticon', caps: false, capitalised: false, elongated: false, parts: null });
      else tokens.push({ text: raw, kind: 'punct', caps: false, capitalised: false, elongated: false, parts: null });
    } else if (c === 60 /* < */ || c === 61 /* = */ || c === 91 || c === 93) {
      tokens.push({ text: raw.toLowerCase(), kind: 'emoticon', caps: false, capitalised: false, elongated: false, parts: null });
    } else {
      tokens.push({ text: raw, kind: 'emoji', caps: false, capitalised: false, elongated: false, parts: null });
    }
  }
  return tokens;
}

/** "soooo", "yesss": a letter three times in a row (a plain loop: this runs on every word). */
function hasTripleLetter(word: string): boolean {
  for (let i = 2; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2) && !(c >= 48 && c <= 57) && c !== 42) return true;
  }
  return false;
}

/** Letters and digits start words; everything else that the regex lets through is a symbol. */
function isWordStart(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  // Non-ASCII: letters (é, ß, ü) start words; pictographs, the ellipsis and curly quotes do not.
  return c !== 0xa9 && c !== 0xae && !(c >= 0xd800 && c <= 0xdfff) && !(c >= 0x2000 && c <= 0x2bff);
}

/** Shortens runs of a repeated letter to two, then to one ("soooo" → "soo" → "so") for lexicon look-ups. */
export function unelongate(word: string): [string, string] {
  const two = word.replace(/(\p{L})\1{2,}/gu, '$1$1');
  return [two, two.replace(/(\p{L})\1+/gu, '$1')];
}
