/**
 * Hiding an author's own name or handle in their post before it is quoted where it must name nobody (the pager SMS,
 * the crisis evidence). Names are data — 20,000 characters of it, if a platform lets someone pick such a display
 * name — so they are searched for as plain strings, never compiled into a regular expression: the work is one folded
 * copy of the text and of each name, and a scan with indexOf.
 */

/** What replaces each mention. */
export const AUTHOR_PLACEHOLDER = '[author]';

/** Letters, digits and `_`: a name glued to one of these is part of a longer word, not a mention. */
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * Lower-cases `text` one code point at a time, keeping any code point whose lower case has another length (İ → i̇),
 * so that index i of the result is index i of `text`.
 */
function foldSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const c of text) {
    const l = c.toLowerCase();
    out += l.length === c.length ? l : c;
  }
  return out;
}

/** The code point that ends just before index `i` (a surrogate pair read whole); '' at the start. */
function codePointBefore(text: string, i: number): string {
  if (i <= 0) return '';
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(i - 2, i);
  }
  return text[i - 1]!;
}

/** The code point that starts at index `i`; '' at the end. */
function codePointAt(text: string, i: number): string {
  const cp = text.codePointAt(i);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

const isWordChar = (c: string) => c !== '' && WORD_CHAR.test(c);

/**
 * `text` with each whole-word mention of `name` (case-insensitive, with the `@` of a handle when there is one)
 * replaced by AUTHOR_PLACEHOLDER. A leading `@` and surrounding whitespace of `name` are ignored; names shorter than
 * two characters, or longer than the text, cannot be told from ordinary words and are left alone.
 */
function replaceMentions(text: string, rawName: string): string {
  let name = rawName.replace(/\s+/g, ' ').trim().replace(/^@+/, '');
  // A display name too long to keep was shortened at intake and ends in "…" (schemas/bounded.ts): what is kept is the
  // start of the name, so a mention is that start and the rest of the word it begins.
  const shortened = name.endsWith('…');
  if (shortened) name = name.slice(0, -1).trimEnd();
  if (name.length < 2 || name.length > text.length) return text;
  const haystack = foldSameLength(text);
  const needle = foldSameLength(name);
  let out = '';
  let copied = 0;
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) break;
    let end = at + needle.length;
    if (shortened) while (isWordChar(codePointAt(text, end))) end += codePointAt(text, end).length;
    // As /(?<![\p{L}\p{N}_])@?NAME(?![\p{L}\p{N}_])/: an '@' right before goes with the mention when nothing word-like precedes it.
    const withAt = text[at - 1] === '@' && !isWordChar(codePointBefore(text, at - 1));
    const start = withAt ? at - 1 : at;
    if ((withAt || !isWordChar(codePointBefore(text, at))) && !isWordChar(codePointAt(text, end))) {
      out += text.slice(copied, start) + AUTHOR_PLACEHOLDER;
      copied = end;
      from = end;
    } else {
      from = at + 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** `text` with every whole-word mention of each of `names` (a handle, a display name) replaced by AUTHOR_PLACEHOLDER. */
export function withoutAuthorMentions(text: string, names: ReadonlyArray<string | undefined>): string {
  let result = String(text);
  for (const name of names) if (name) result = replaceMentions(result, name);
  return result;
}
