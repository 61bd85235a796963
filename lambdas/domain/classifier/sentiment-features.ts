/**
 * From a post to the evidence the sentiment model weighs: one pass over the tokens scores each sentiment word
 * in its context (negation, intensifiers, capitals, "but"), then the care rules add what word lists miss
 * (long waits, threats, rhetorical "why", shouting, sarcasm). The same function feeds training
 * (scripts/train-sentiment.ts) and scoring, so the two cannot drift apart.
 *
 * Speed: every word is looked up once, in one table that holds all it is (valence, negator, intensifier, start
 * of a phrase, waiting word …); a post is a single pass over its tokens plus a short pass over the evidence.
 */
import { LEXICON_TERMS, LEXICON_VALENCES } from './sentiment-lexicon';
import {
  BOOSTERS, COMPLAINT_WORDS, CONTRAST, COUNT_WORDS, EMOJI, EXTRA_WORDS, isNegator, NEGATORS, PHRASES, RESOLUTION_WORDS,
  SARCASM_EMOJI, SARCASM_FOLLOWERS, SARCASM_OPENERS, SARCASM_PRONE, SPAM_PHRASES, STOPWORDS, THREAT_PHRASES, WAIT_BLOCKERS,
  WAIT_CONTEXT, WAIT_UNITS, WHY_AUXILIARIES,
} from './sentiment-rules';
import { tokenize, unelongate, type Token } from './sentiment-tokenize';

/** Names of the dense features, in order; the weights file is checked against this list when it loads. */
export const DENSE_FEATURES = [
  'pos', 'neg', 'compound', 'posCount', 'negCount', 'maxPos', 'maxNeg', 'emojiPos', 'emojiNeg', 'exclaim',
  'question', 'negations', 'url', 'mentions', 'hashtags', 'capsWords', 'length', 'lastClause',
] as const;

export type ContributionKind =
  | 'word' | 'complaint' | 'phrase' | 'emoji' | 'negation' | 'threat' | 'wait' | 'rule' | 'sarcasm';

/** One scored piece of evidence: a word, phrase, emoji or rule, with its valence after context. */
export interface Contribution {
  valence: number;
  /** Human-readable ground for a cue, e.g. 'negation: "not bad"', 'emoji 😡', 'long wait: 3 days'. */
  cue: string;
  kind: ContributionKind;
}

export interface Evidence {
  dense: number[];
  /** Sparse features for the learned word weights: words, '#hashtags', emoji; 'not_' marks negated words. */
  words: string[];
  contributions: Contribution[];
  sarcasm: boolean;
  shouting: boolean;
  spam: boolean;
  /** Words (not mentions, URLs or emoji) in the post. */
  wordCount: number;
}

// ---- the word table ------------------------------------------------------------------------------------------

type PhraseTag = 'plain' | 'threat' | 'spam';
interface Phrase {
  words: string[];
  valence: number;
  /** Starts with a negation word ("can't wait"): taken as a whole, never negated again. */
  negated: boolean;
  tag: PhraseTag;
  prone: boolean;
}

// Roles a word can play, as bits.
const NEGATOR = 1;
const CONTRAST_WORD = 2;
const WAIT_WORD = 4;
const RESOLUTION = 8;
const PRONE = 16;
const COMPLAINT = 32;
const OPENER = 64;
const FOLLOWER = 128;
const IRONY_EMOJI = 256;
const WHY_AUX = 512;
const NOW = 1024;
/** A function word: no learned weight (see STOPWORDS). */
const STOP = 2048;

interface WordInfo {
  valence: number;
  roles: number;
  /** Intensifier (> 0) or diminisher (< 0) step; 0 when neither. */
  boost: number;
  /** Phrases starting with this word, longest first. */
  phrases: Phrase[] | null;
  /** Minutes in one of this unit of time ("hours" → 60); 0 when not a unit. */
  unit: number;
  /** The number this word counts ("two", "a", "several"); NaN when not a count word. */
  count: number;
  /** Shared by every word with this valence and nothing else: copied before anything is added to it. */
  shared: boolean;
}

const INFO = new Map<string, WordInfo>();

/**
 * Most of the 8,000 lexicon words are a valence and nothing more; they share one read-only entry per valence
 * (valences have one decimal, so there are few), which keeps the cold start free of 8,000 allocations.
 */
const PLAIN = new Map<number, WordInfo>();
function plain(valence: number): WordInfo {
  let entry = PLAIN.get(valence);
  if (!entry) {
    entry = { valence, roles: 0, boost: 0, phrases: null, unit: 0, count: NaN, shared: true };
    PLAIN.set(valence, entry);
  }
  return entry;
}

/** The word's own, writable entry. */
function info(word: string): WordInfo {
  let entry = INFO.get(word);
  if (!entry || entry.shared) {
    // Every n't form negates, whatever list brought it in ("doesn't" is also a "why doesn't …" auxiliary).
    const roles = isNegator(word) ? NEGATOR : 0;
    entry = { valence: entry?.valence ?? 0, roles, boost: 0, phrases: null, unit: 0, count: NaN, shared: false };
    INFO.set(word, entry);
  }
  return entry;
}

/** Words that start a phrase: their phrase lists are sorted longest first once all phrases are in. */
const PHRASE_HEADS = new Set<WordInfo>();

function addPhrase(phrase: string, valence: number, tag: PhraseTag): void {
  // Phrases are written as the tokenizer would emit them (lower case, straight apostrophes, one space).
  const words = phrase.toLowerCase().split(' ');
  if (words.length < 2) return;
  const head = info(words[0]!);
  const list = head.phrases ?? [];
  const key = words.join(' ');
  const entry: Phrase = { words, valence, negated: isNegator(words[0]!), tag, prone: SARCASM_PRONE.has(key) };
  const at = list.findIndex((p) => p.words.join(' ') === key);
  if (at >= 0) list[at] = entry;
  else list.push(entry);
  head.phrases = list;
  PHRASE_HEADS.add(head);
}

/**
 * Typos of strong sentiment words (|valence| ≥ 1.8): one letter dropped inside a word of six letters or more
 * ("terible", "disapointed", "awsome"). Rather than listing every misspelling (slow to build at load), strong
 * words are indexed by what a dropped inner letter keeps: the first two letters, the last letter and the length.
 * An unknown word then has a handful of candidates at most, each checked letter by letter.
 */
const TYPO_SOURCES = new Map<number, string[]>();

/** Indexes a strong word for typo look-ups (see TYPO_SOURCES). */
function indexTypoSource(word: string, valence: number): void {
  if (word.length < 6 || word.length > 60 || (valence < 1.8 && valence > -1.8) || !isLowerAscii(word)) return;
  const key = typoKey(word.charCodeAt(0), word.charCodeAt(1), word.charCodeAt(word.length - 1), word.length);
  const list = TYPO_SOURCES.get(key);
  if (list === undefined) TYPO_SOURCES.set(key, [word]);
  else if (!list.includes(word)) list.push(word);
}

function setValence(word: string, valence: number): WordInfo {
  const entry = info(word);
  entry.valence = valence;
  indexTypoSource(word, valence);
  return entry;
}

// Built in as few passes and allocations as possible: this runs once per cold start, before the JIT warms up.
// Later sources win: the generated lexicon, then hand-scored emoji, slang and complaint words.
{
  const terms = LEXICON_TERMS.split('\n');
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i]!;
    const valence = LEXICON_VALENCES[i]!;
    if (term.includes(' ')) {
      addPhrase(term, valence, 'plain');
    } else if (!term.endsWith("n't")) {
      // n't forms are negators, found at look-up
      INFO.set(term, plain(valence));
      indexTypoSource(term, valence);
    }
  }
}
for (const [emoji, valence] of Object.entries(EMOJI)) info(emoji).valence = valence;
for (const [word, valence] of Object.entries(EXTRA_WORDS)) setValence(word, valence);
for (const [word, valence] of Object.entries(COMPLAINT_WORDS)) setValence(word, valence).roles |= COMPLAINT;
for (const [phrase, valence] of PHRASES) addPhrase(phrase, valence, 'plain');
for (const [phrase, valence] of THREAT_PHRASES) addPhrase(phrase, valence, 'threat');
for (const phrase of SPAM_PHRASES) addPhrase(phrase, 0, 'spam');
for (const head of PHRASE_HEADS) head.phrases!.sort((a, b) => b.words.length - a.words.length);

const roleSets: Array<[Iterable<string>, number]> = [
  [CONTRAST, CONTRAST_WORD], [WAIT_CONTEXT, WAIT_WORD], [RESOLUTION_WORDS, RESOLUTION], [SARCASM_PRONE, PRONE],
  [SARCASM_OPENERS, OPENER], [SARCASM_FOLLOWERS, FOLLOWER], [SARCASM_EMOJI, IRONY_EMOJI], [WHY_AUXILIARIES, WHY_AUX],
  [['now'], NOW], [STOPWORDS, STOP],
];
for (const [words, role] of roleSets) for (const w of words) info(w).roles |= role;
for (const [w, step] of BOOSTERS) info(w).boost = step;
for (const [w, minutes] of WAIT_UNITS) info(w).unit = minutes;
for (const [w, count] of COUNT_WORDS) info(w).count = count;
// Negators are scored by what they negate, never by a valence of their own ("no" is -1 in AFINN). Unlisted
// n't forms ("mightn't") are caught at look-up.
for (const w of NEGATORS) {
  const entry = info(w);
  entry.roles |= NEGATOR;
  entry.valence = 0;
}

function isLowerAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

function typoKey(first: number, second: number, last: number, length: number): number {
  return ((first * 128 + second) * 128 + last) * 64 + length;
}

/** The strong word that `typo` misspells by one dropped inner letter; undefined if none, or if ambiguous. */
function typoOf(typo: string): WordInfo | undefined {
  const n = typo.length;
  const candidates = TYPO_SOURCES.get(typoKey(typo.charCodeAt(0), typo.charCodeAt(1), typo.charCodeAt(n - 1), n + 1));
  if (candidates === undefined) return undefined;
  let found: WordInfo | undefined;
  for (const word of candidates) {
    if (!dropsOneLetter(word, typo)) continue;
    const entry = INFO.get(word)!;
    if (found && Math.sign(entry.valence) !== Math.sign(found.valence)) return undefined; // could be either
    found = entry;
  }
  return found;
}

/** True when deleting exactly one letter from `word` gives `typo` (lengths already differ by one). */
function dropsOneLetter(word: string, typo: string): boolean {
  let i = 0;
  while (i < typo.length && word.charCodeAt(i) === typo.charCodeAt(i)) i++;
  for (let j = i; j < typo.length; j++) if (word.charCodeAt(j + 1) !== typo.charCodeAt(j)) return false;
  return true;
}

const UNKNOWN: WordInfo = { valence: 0, roles: 0, boost: 0, phrases: null, unit: 0, count: NaN, shared: true };

/**
 * Everything known about a token: exact form, then de-elongated ("soooo" → "so"), then as a typo.
 * `sentenceStart`: a capital there is grammar, not a name.
 */
function lookup(t: Token, sentenceStart: boolean): WordInfo {
  const w = t.text;
  let found = INFO.get(w);
  if (found === undefined && t.elongated) {
    const [two, one] = unelongate(w);
    found = INFO.get(two) ?? INFO.get(one);
  }
  if (found !== undefined) return found;
  if (t.kind !== 'word') return UNKNOWN;
  if (w.endsWith("n't")) return NEGATOR_INFO; // "mightn't", "needn't": any n't form negates
  // A capitalised word mid-sentence is more likely a name ("Lucie") than a typo; at a sentence start it is grammar.
  if (w.length < 5 || w.length > 59 || (t.capitalised && !sentenceStart)) return UNKNOWN;
  const c = w.charCodeAt(0);
  if (c < 97 || c > 122) return UNKNOWN;
  return typoOf(w) ?? UNKNOWN;
}
const NEGATOR_INFO: WordInfo = { ...UNKNOWN, roles: NEGATOR };

/** A camel-case hashtag's words, negation included: "#NotHappy" → -1.9, "#EpicFail" → -2. */
function lookupParts(parts: string[]): number {
  let sum = 0;
  let negate = false;
  for (const p of parts) {
    const entry = INFO.get(p);
    if (!entry) continue;
    if (entry.roles & NEGATOR) negate = true;
    else sum += negate ? entry.valence * NEGATION_FACTOR : entry.valence;
  }
  return sum;
}

// ---- evidence ------------------------------------------------------------------------------------------------

/** VADER's damping for a negated word: "not good" is negative but weaker than "bad". */
const NEGATION_FACTOR = -0.74;
/** How many words a negation reaches ("not at all happy"); punctuation ends it sooner. */
const NEGATION_SCOPE = 3;
const CAPS_BOOST = 0.73;
const ELONGATION_BOOST = 0.3;
/** A wait of this many minutes or more, next to waiting words, is a grievance. */
const MIN_WAIT_MINUTES = 15;
const WAIT_VALENCE = -2.4;
const WHY_VALENCE = -1.2;
/** Shouting intensifies what is said; with nothing positive said, it is anger in itself. */
const SHOUTING_FACTOR = 1.2;
const SHOUTING_VALENCE = -1.6;
/** Sarcasm turns borrowed praise into a weaker grievance, and is a grievance in itself. */
const SARCASM_FLIP = -0.6;
const SARCASM_VALENCE = -1.5;

/**
 * Undoes transport artefacts so they do not become words: literal \uXXXX escapes (as in scraped tweet dumps)
 * and the HTML entities some platforms leave in text. Cheap when there is nothing to do.
 */
export function clean(text: string): string {
  let out = text;
  if (out.includes('\\u')) out = out.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if (out.includes('&')) out = out.replace(/&(amp|lt|gt|quot|#39|apos);/g, (m: string, e: string) => ENTITIES[e] ?? m);
  return out;
}
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };

/**
 * Scores a post's evidence. Pure and deterministic. `withWords`: also list the words for learned word weights
 * (training always does; scoring only when the shipped model has word weights).
 */
export function extractEvidence(text: string, withWords = true): Evidence {
  const tokens = tokenize(clean(text));
  const n = tokens.length;
  const infos: WordInfo[] = new Array<WordInfo>(n);
  const contributions: Contribution[] = [];
  // Parallel to contributions: where each piece sits (for "but" and the last sentence) and whether it is praise
  // that sarcasm typically borrows.
  const positions: number[] = [];
  const prone: boolean[] = [];
  const words: string[] = [];
  const add = (valence: number, cue: string, kind: ContributionKind, at: number, sarcasmProne: boolean) => {
    contributions.push({ valence, cue, kind });
    positions.push(at);
    prone.push(sarcasmProne);
  };

  let wordCount = 0;
  let capsWords = 0;
  let roles = 0; // union of all words' roles: which rules can fire at all
  let atStart = true;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' || t.kind === 'mention' || t.kind === 'url') {
      infos[i] = UNKNOWN;
      if (t.kind === 'punct' && isSentenceEnd(t.text)) atStart = true;
      continue;
    }
    const startsSentence = atStart;
    atStart = false;
    // Plain numbers are never sentiment words; the wait rule reads them itself.
    const c0 = t.text.charCodeAt(0);
    const entry = c0 >= 48 && c0 <= 57 && isDigits(t.text) ? UNKNOWN : lookup(t, startsSentence);
    infos[i] = entry;
    roles |= entry.roles;
    if (t.kind === 'word') {
      wordCount++;
      if (t.caps) capsWords++;
    }
  }
  // A post mostly in capitals is shouting; capitals then stop marking single words for emphasis.
  const shouting = capsWords >= 3 && capsWords >= wordCount * 0.6;

  let exclaim = 0;
  let question = 0;
  let mentions = 0;
  let hashtags = 0;
  let url = 0;
  let negations = 0;
  let negLeft = 0;
  let negWord = '';
  let boost = 0;
  let boostLeft = 0;
  let lastContrast = -1;
  let sentenceStart = 0;
  let lastSentenceStart = 0;
  let structuralSarcasm = false;
  let explicitSarcasm = false;
  let spam = false;

  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const kind = t.kind;
    if (kind === 'punct') {
      const first = t.text.charCodeAt(0);
      if (first === 33 /* ! */) exclaim += t.text.length;
      else if (first === 63 /* ? */) question = 1;
      negLeft = 0; // negation does not cross punctuation: "not now, great job"
      if (first !== 44 /* , */ && first !== 58 /* : */ && first !== 40 && first !== 41 && first !== 34) sentenceStart = i + 1;
      continue;
    }
    if (kind === 'mention') {
      mentions++;
      if (sentenceStart === i) sentenceStart = i + 1; // "@Acme why does …" still opens its sentence with "why"
      continue;
    }
    if (kind === 'url') {
      url = 1;
      continue;
    }
    const w = t.text;
    const entry = infos[i]!;
    lastSentenceStart = sentenceStart; // the last sentence with something in it, not the empty tail after "."
    if (kind === 'hashtag') {
      hashtags++;
      if (w === 'sarcasm' || w === 'not' || w === 'irony') explicitSarcasm = true;
    }
    if (entry.roles & CONTRAST_WORD) {
      lastContrast = i;
      negLeft = 0;
      continue;
    }

    // Multi-word expressions first: they decide the meaning of their words together.
    if (entry.phrases !== null && kind === 'word') {
      const match = matchPhrase(entry.phrases, tokens, i);
      if (match) {
        const phrase = match.words.join(' ');
        if (match.tag === 'spam') spam = true;
        let v = match.valence;
        if (v !== 0) {
          if (boostLeft > 0) v += Math.sign(v) * boost;
          if (negLeft > 0 && !match.negated) add(v * NEGATION_FACTOR, `negation: "${negWord} ${phrase}"`, 'negation', i, false);
          else if (match.tag === 'threat') add(v, `threat: "${phrase}"`, 'threat', i, false);
          else add(v, `"${phrase}"`, match.negated ? 'negation' : 'phrase', i, match.prone);
        }
        if (withWords) for (let k = 0; k < match.words.length; k++) if (!(infos[i + k]!.roles & STOP)) words.push(match.words[k]!);
        i += match.words.length - 1;
        negLeft = 0;
        boostLeft = 0;
        continue;
      }
    }

    if (kind === 'word') {
      if (entry.roles & NEGATOR) {
        negations++;
        negLeft = NEGATION_SCOPE;
        negWord = w;
        if (withWords && !(entry.roles & STOP)) words.push(w);
        continue;
      }
      if (entry.boost !== 0) {
        boost = entry.boost;
        boostLeft = 2;
        if (withWords && !(entry.roles & STOP)) words.push(w);
        continue;
      }
      // "why does …", "why is …" opening a sentence: a complaint dressed as a question.
      if (w === 'why' && i === sentenceStart && i + 1 < n && infos[i + 1]!.roles & WHY_AUX) {
        add(WHY_VALENCE, `complaint: "why ${tokens[i + 1]!.text} …?"`, 'rule', i, false);
      }
    }

    const isEmoji = kind === 'emoji' || kind === 'emoticon';
    let v = entry.valence;
    if (v === 0 && t.parts !== null) v = lookupParts(t.parts);
    const negated = negLeft > 0 && !isEmoji;
    // Names ("Trump", "Apple" mid-sentence) and numbers ("3rd", "7pm") say what a post is about, not how its
    // author feels; weights learned for them would memorise the training topics.
    if (withWords && !(entry.roles & STOP)) {
      const topical = v === 0 && ((t.capitalised && i !== sentenceStart) || (startsWithDigit(w) && kind === 'word'));
      if (!topical) words.push(negated ? `not_${w}` : kind === 'hashtag' ? `#${w}` : w);
    }
    if (v !== 0) {
      if (boostLeft > 0) v += Math.sign(v) * boost;
      if (t.caps && !shouting) v += Math.sign(v) * CAPS_BOOST;
      if (t.elongated) v += Math.sign(v) * ELONGATION_BOOST;
      const isProne = (entry.roles & PRONE) !== 0;
      if (negated) {
        add(v * NEGATION_FACTOR, `negation: "${negWord} ${w}"`, 'negation', i, false);
      } else if (isEmoji) {
        add(v, `emoji ${w}`, 'emoji', i, isProne);
      } else {
        const cue = kind === 'hashtag' ? `#${w}` : `"${t.caps ? w.toUpperCase() : w}"`;
        add(v, cue, entry.roles & COMPLAINT ? 'complaint' : 'word', i, isProne);
      }
      // "oh brilliant," / "Perfect." / "great, another …": praise as an exclamation on its own reads as irony
      // when a grievance sits next to it.
      if (v > 0 && isProne && !negated && i + 1 < n && tokens[i + 1]!.kind === 'punct') {
        const prev = previousWord(tokens, infos, i);
        if (prev !== undefined && prev.roles & OPENER) structuralSarcasm = true;
        if (i === sentenceStart && (i > 0 || isSentenceEnd(tokens[i + 1]!.text))) structuralSarcasm = true;
        if (i + 2 < n && infos[i + 2]!.roles & FOLLOWER) structuralSarcasm = true;
      }
    }
    if (isEmoji && entry.roles & IRONY_EMOJI) explicitSarcasm = true;
    if (kind === 'word') {
      if (negLeft > 0) negLeft--;
      if (boostLeft > 0) boostLeft--;
    }
  }

  // Long waits: "3 days and still no refund", "40 minutes in the queue", "day 5 without internet".
  if (roles & (WAIT_WORD | NOW)) {
    const waitContext = (roles & WAIT_WORD) !== 0;
    for (let i = 0; i < n; i++) {
      const unit = infos[i]!.unit;
      if (unit === 0) continue;
      let count = i > 0 ? countOf(tokens[i - 1]!.text, infos[i - 1]!) : NaN;
      let phrase = `${tokens[i - 1]?.text} ${tokens[i]!.text}`;
      // "only 5 minutes", "in 2 days", "every 3 hours" are not waits; "now" alone only backs the "day 5" form.
      if (!waitContext || (i >= 2 && WAIT_BLOCKERS.has(tokens[i - 2]!.text))) count = NaN;
      if (Number.isNaN(count) && unit >= 60 && i + 1 < n && isDigits(tokens[i + 1]!.text)) {
        count = Number(tokens[i + 1]!.text); // "day 5 of …": counting the days of an ordeal
        phrase = `${tokens[i]!.text} ${tokens[i + 1]!.text}`;
      }
      if (Number.isNaN(count) || count * unit < MIN_WAIT_MINUTES) continue;
      add(WAIT_VALENCE, `long wait: ${phrase}`, 'wait', i, false);
      break;
    }
  }

  // Shouting: louder in both directions; anger when nothing kind is said.
  if (shouting) {
    let anyPositive = false;
    for (const c of contributions) {
      c.valence *= SHOUTING_FACTOR;
      if (c.valence > 0) anyPositive = true;
    }
    if (!anyPositive) add(SHOUTING_VALENCE, 'shouting', 'rule', n, false);
  }

  // Sarcasm: praise next to a grievance. Explicit markers (🙃, #sarcasm) need nothing more; the exclamation
  // patterns need a hint of trouble; bare co-occurrence needs a real grievance (a complaint word or phrase, a
  // wait, a threat). Neither of the last two fires when the post says the problem was solved.
  let grievance = 0;
  let negative = 0;
  let praise = false;
  for (let k = 0; k < contributions.length; k++) {
    const c = contributions[k]!;
    if (c.valence < 0) {
      negative += c.valence;
      if (c.kind !== 'word' && c.kind !== 'emoji' && c.kind !== 'negation') grievance += c.valence;
    } else if (prone[k]) {
      praise = true;
    }
  }
  const solved = (roles & RESOLUTION) !== 0;
  const sarcasm =
    praise && (explicitSarcasm || (!solved && ((structuralSarcasm && negative < 0) || grievance <= -1.5)));
  if (sarcasm) {
    for (let k = 0; k < contributions.length; k++) {
      const c = contributions[k]!;
      if (prone[k] && c.valence > 0) c.valence *= SARCASM_FLIP;
    }
    add(SARCASM_VALENCE, 'sarcasm', 'sarcasm', n, false);
  }

  // Clause weighting (VADER's rule): after "but" comes the author's real point.
  let pos = 0, neg = 0, posCount = 0, negCount = 0, maxPos = 0, maxNeg = 0, emojiPos = 0, emojiNeg = 0, lastClause = 0;
  for (let k = 0; k < contributions.length; k++) {
    const c = contributions[k]!;
    const at = positions[k]!;
    if (lastContrast >= 0 && at < n) c.valence *= at < lastContrast ? 0.5 : 1.5;
    const v = c.valence;
    if (v > 0) {
      pos += v;
      posCount++;
      if (v > maxPos) maxPos = v;
      if (c.kind === 'emoji') emojiPos += v;
    } else if (v < 0) {
      neg -= v;
      negCount++;
      if (-v > maxNeg) maxNeg = -v;
      if (c.kind === 'emoji') emojiNeg -= v;
    }
    if (at >= lastSentenceStart) lastClause += v;
  }
  const sum = pos - neg;

  // Every feature saturates (logarithms, caps, VADER's normalisation), so a 100 KB rant cannot push a linear
  // model past anything it saw in training.
  const dense = [
    Math.log1p(pos), Math.log1p(neg), sum / Math.sqrt(sum * sum + 15), Math.min(posCount, 4), Math.min(negCount, 4),
    Math.min(maxPos, 5), Math.min(maxNeg, 5), Math.log1p(emojiPos), Math.log1p(emojiNeg), Math.min(exclaim, 3),
    question, Math.min(negations, 2), url, Math.min(mentions, 3), Math.min(hashtags, 3), Math.min(capsWords, 3),
    Math.log1p(Math.min(wordCount, 60)), Math.sign(lastClause) * Math.log1p(Math.abs(lastClause)),
  ];
  // Word features are presence, not counts: a word repeated 2,000 times says what it says once.
  return { dense, words: withWords ? dedupe(words) : [], contributions, sarcasm, shouting, spam, wordCount };
}

function dedupe(words: string[]): string[] {
  if (words.length < 2) return words;
  if (words.length <= 24) {
    // Short posts: a quadratic scan is cheaper than building a Set.
    const out: string[] = [];
    for (const w of words) if (!out.includes(w)) out.push(w);
    return out;
  }
  return [...new Set(words)];
}

function matchPhrase(phrases: Phrase[], tokens: Token[], i: number): Phrase | undefined {
  outer: for (const p of phrases) {
    if (i + p.words.length > tokens.length) continue;
    for (let k = 1; k < p.words.length; k++) if (tokens[i + k]!.text !== p.words[k]) continue outer;
    return p;
  }
  return undefined;
}

function countOf(word: string, entry: WordInfo): number {
  if (!Number.isNaN(entry.count)) return entry.count;
  return isDigits(word) ? Number(word) : NaN;
}

function startsWithDigit(word: string): boolean {
  const c = word.charCodeAt(0);
  return c >= 48 && c <= 57;
}

function isDigits(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return word.length > 0;
}

function isSentenceEnd(punct: string): boolean {
  const c = punct.charCodeAt(0);
  return c === 46 || c === 33 || c === 63 || c === 0x2026 || c === 59;
}

function previousWord(tokens: Token[], infos: WordInfo[], i: number): WordInfo | undefined {
  for (let k = i - 1; k >= 0; k--) {
    const kind = tokens[k]!.kind;
    if (kind === 'punct' || kind === 'mention') continue;
    return infos[k];
  }
  return undefined;
}
