/**
 * Hiding an author's own name or handle in their post before it is quoted where it must name nobody (the pager SMS,
 * the crisis evidence). Names are data — 20,000 characters of it, if a platform lets someone pick such a display
 * name — so they are searched for as plain strings, never compiled into a regular expression: the work is one folded
 * copy of the text and of each name, and a scan with indexOf.
 *
 * A display name is also chosen by whoever posts, so it must not be able to blank out what makes a post urgent
 * (a name "exploded and set the house on fire" turned "My heater exploded and set the house on fire, calling my
 * lawyer" into "My heater [author], calling my lawyer"). The rule:
 *
 * - An `@mention` of the name (the handle with its `@`) is hidden: it names an account, it is no word of the post.
 * - The name as a bare word or phrase is hidden only when it could be a name: at least two characters, a letter or
 *   digit, at least one word that is not a common word (function words, negators, intensifiers and sentiment words:
 *   ./common-words.ts — "the", "not good", "angry and disappointed" are not names), and no word in the name that
 *   makes a post urgent by the label rules ("Fire Smith": fire).
 * - Either way, a mention stays when hiding it would take an urgent word or a number out of the quote: "calling my
 *   lawyer" stays with a name "lawyer", "after 3 weeks" with a name "3 weeks".
 *
 * So a real name ("Dana Reyes", "Joy Smith", "李明", "dan_p") is hidden, and a name made of the post's urgent or common
 * words is shown as the post has it — the quote then names the author, which is better than a quote with its
 * urgent words gone.
 */

import { isCommonWord } from './common-words';

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
function replaceMentions(text: string, rawName: string, bare: boolean): string {
  const { name, shortened } = cleanName(rawName);
  if (name.length < 2 || name.length > text.length) return text;
  const haystack = foldSameLength(text);
  const needle = foldSameLength(name);
  let out = '';
  let copied = 0;
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) break;
    // As /(?<![\p{L}\p{N}_])@?NAME(?![\p{L}\p{N}_])/: an '@' right before goes with the mention when nothing word-like precedes it.
    const withAt = text[at - 1] === '@' && !isWordChar(codePointBefore(text, at - 1));
    const start = withAt ? at - 1 : at;
    // The start is checked first: a shortened name's end runs to the end of its word, which must not be walked for
    // every refused occurrence (a 20,000-letter word holds thousands of them).
    const starts = withAt || (bare && !isWordChar(codePointBefore(text, at)));
    let end = at + needle.length;
    if (starts && shortened) while (isWordChar(codePointAt(text, end))) end += codePointAt(text, end).length;
    if (starts && !isWordChar(codePointAt(text, end))) {
      out += text.slice(copied, start) + AUTHOR_PLACEHOLDER;
      copied = end;
      from = end;
    } else {
      from = at + 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** The name as searched for: whitespace collapsed, without a leading '@' and without the "…" of a name the intake shortened. */
function cleanName(rawName: string): { name: string; shortened: boolean } {
  let name = rawName.replace(/\s+/g, ' ').trim().replace(/^@+/, '');
  // A display name too long to keep was shortened at intake and ends in "…" (schemas/bounded.ts): what is kept is the
  // start of the name, so a mention is that start and the rest of the word it begins.
  const shortened = name.endsWith('…');
  if (shortened) name = name.slice(0, -1).trimEnd();
  return { name, shortened };
}

/** Longest name checked word by word; a longer one (a shortened 20,000-character name) is judged by its first words. */
const NAME_CHECK_CHARS = 200;

/** Whether a name could be a person's or an account's, rather than words of a post (see the rule above). */
function couldBeName(rawName: string): boolean {
  const name = cleanName(rawName).name.slice(0, NAME_CHECK_CHARS);
  if (name.length < 2) return false;
  const words = wordsOf(name);
  return words.some((w) => !isCommonWord(w)) && !words.some((w) => URGENT_WORD.test(w));
}

/**
 * The words that make a post urgent by the label rules (docs/labels.md): hazards, harm to health, fraud and account
 * takeover, and going public, legal or to a regulator — the label rules' own examples and their common forms. Not a
 * classifier (the model decides what is urgent); a guard on what a quote may lose: a name made of these words is
 * words of the post, and hiding a name must leave every one of them, and every wait ("3 weeks"), in the quote.
 */
const URGENT_WORD =
  /^(?:fires?|burn\w*|smoke\w*|flames?|explo\w*|melt\w*|spark\w*|shock\w*|gas|leak\w*|injur\w*|hurt|bleed\w*|blood\w*|broken?|hospital\w*|ambulance|ill|illness|sick\w*|poison\w*|vomit\w*|allerg\w*|reactions?|hives|chok\w*|mou?ld\w*|contaminat\w*|hack\w*|fraud\w*|scam\w*|stole\w*|theft|unauthori[sz]\w*|phish\w*|breach\w*|lawyers?|solicitors?|attorneys?|sue|suing|court|press|news|journalists?|ombudsm[ae]n|regulators?|police|ofcom|bbb|trading)$/u;
/** A wait or an age given as a number and a unit ("3 weeks", "10 days"): the measure of a grievance. */
const UNIT = /^(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?)$/u;

/** A text's words, lower-cased, curly apostrophes straightened, edge apostrophes and hyphens trimmed. */
function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{M}\p{N}_'’-]+/gu) ?? []).map((w) => w.replace(/’/g, "'").replace(/^['-]+|['-]+$/g, ''));
}

/** What a quote may not lose: its urgent words, and its waits ("3 weeks"). */
function groundsOf(text: string): Set<string> {
  const words = wordsOf(text);
  const grounds = new Set<string>();
  words.forEach((w, i) => {
    if (URGENT_WORD.test(w)) grounds.add(w);
    if (/^\p{N}+$/u.test(w) && UNIT.test(words[i + 1] ?? '')) grounds.add(`${w} ${words[i + 1]}`);
  });
  return grounds;
}

/** Whether `after` still has every urgent word and wait `before` has. */
function keepsGrounds(before: string, after: string): boolean {
  const kept = groundsOf(after);
  return [...groundsOf(before)].every((g) => kept.has(g));
}

/**
 * `text` with the mentions of each of `names` (a handle, a display name) replaced by AUTHOR_PLACEHOLDER: `@name`
 * always, the bare name when it could be a name — and neither when hiding it would take a ground of the post away.
 */
export function withoutAuthorMentions(text: string, names: ReadonlyArray<string | undefined>): string {
  let result = String(text);
  for (const name of names) {
    if (!name) continue;
    const every = replaceMentions(result, name, true);
    if (every === result) continue; // not mentioned: nothing to judge
    const atOnly = replaceMentions(result, name, false);
    const candidates = every !== atOnly && couldBeName(name) ? [every, atOnly] : [atOnly];
    const hidden = candidates.find((c) => c === result || keepsGrounds(result, c));
    if (hidden !== undefined) result = hidden;
  }
  return result;
}
