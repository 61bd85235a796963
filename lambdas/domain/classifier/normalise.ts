/**
 * Turns a post into the text the keyword families match against: lower case, URLs and @mentions out, hashtags
 * split into words ("#NeverAgain" → "never again"), emoji into tokens ("emj_laugh"), stretched words squeezed
 * ("soooo" → "so"), common slang and typos fixed ("ur" → "your", "srvice" → "service") and contractions expanded
 * ("can't" → "can not", "I'll" → "i will") so that negation is always the word "not". Sentences keep their
 * punctuation, because several families only match inside one sentence.
 */

export interface NormalisedText {
  /** Lower-case text for matching; single spaces; sentence punctuation kept. */
  text: string;
  /** Most letters in capitals ("WHERE IS MY PARCEL"), or a shouted word of 4+ letters that is no acronym ("lost my bag AGAIN"). */
  shouting: boolean;
  /** Handles that were @mentioned (lower case, without the @). */
  mentions: string[];
  /** Words taken from hashtags. */
  hashtagWords: string[];
  /** The post had links. */
  hasUrl: boolean;
  /** Nothing but mentions, links, hashtags, emoji and punctuation. */
  noWords: boolean;
  /** A short phrase in straight or curly quotes ("superfast", "24 hour") — a sarcasm marker next to a fault. */
  scareQuotes: boolean;
  /** Count of emoji by kind. */
  emoji: Record<EmojiKind, number>;
}

export type EmojiKind = 'laugh' | 'love' | 'positive' | 'negative' | 'eyeroll' | 'clap' | 'fire' | 'other';

const EMOJI_KIND: Record<string, EmojiKind> = {};
function kinds(kind: EmojiKind, list: string) {
  for (const e of Array.from(list)) EMOJI_KIND[e] = kind;
}
kinds('laugh', '😂🤣😆😅😹😄😁');
kinds('love', '😍🥰❤💕💖💗💓💞😘♥🤩💙💚💛💜🧡🤍🖤');
kinds('positive', '👍👌🙌🙏😊☺🙂💯✨🎉🥳🤤😋🏆⭐🌟💪🤗😀😃😎🍊🎂🎈');
// 😭 is as often "so cute I'm crying" as sadness: counted as other.
kinds('negative', '😡🤬😠👎💩😤😞😢😩😫😖😣😔😟😕☹🙁💔🤮🤢😱😨😰');
kinds('eyeroll', '🙄🙃😒😑🤦🤷');
kinds('clap', '👏');
kinds('fire', '🔥');

/** Common slang, shorthand and typos seen in customer posts, mapped to the words the families use. */
const WORD_FIXES: Record<string, string> = {
  u: 'you', ur: 'your', yr: 'your', r: 'are', ya: 'you', yall: 'you all', "y'all": 'you all',
  pls: 'please', plz: 'please', plse: 'please', pleas: 'please', plez: 'please',
  thx: 'thanks', thnx: 'thanks', thanx: 'thanks', thankyou: 'thank you', ty: 'thanks', tysm: 'thanks so much', tyvm: 'thanks very much', cheers: 'cheers',
  gr8: 'great', gud: 'good', luv: 'love', fab: 'fabulous', amaze: 'amazing', amazin: 'amazing', awsome: 'awesome', awesum: 'awesome',
  b4: 'before', '2day': 'today', '2moro': 'tomorrow', tmrw: 'tomorrow', tmr: 'tomorrow', '2nite': 'tonight', nite: 'night',
  cuz: 'because', coz: 'because', cos: 'because', bc: 'because', wud: 'would', cud: 'could', shud: 'should', wat: 'what', wot: 'what',
  dont: 'do not', cant: 'can not', cannot: 'can not', wont: 'will not', didnt: 'did not', doesnt: 'does not', isnt: 'is not',
  wasnt: 'was not', werent: 'were not', arent: 'are not', havent: 'have not', hasnt: 'has not', hadnt: 'had not',
  wouldnt: 'would not', couldnt: 'could not', shouldnt: 'should not', aint: 'is not', im: 'i am', ive: 'i have',
  youre: 'you are', theyre: 'they are', thats: 'that is', whats: 'what is', wheres: 'where is', hows: 'how is', whos: 'who is', theres: 'there is',
  gonna: 'going to', wanna: 'want to', gotta: 'got to', tryna: 'trying to', lemme: 'let me', gimme: 'give me', outta: 'out of', kinda: 'kind of',
  idk: 'i do not know', tbh: 'to be honest', ngl: 'not going to lie', imo: 'in my opinion', rn: 'right now', atm: 'at the moment', asap: 'as soon as possible',
  lmao: 'lol', lmfao: 'lol', rofl: 'lol', haha: 'lol', hahaha: 'lol', lolol: 'lol', lool: 'lol',
  ppl: 'people', msg: 'message', msgs: 'messages', txt: 'text', thru: 'through', tho: 'though', pic: 'pic', pics: 'pics', bday: 'birthday', hols: 'holiday',
  hrs: 'hours', hr: 'hour', mins: 'minutes', min: 'minute', wks: 'weeks', wk: 'week', secs: 'seconds', mths: 'months',
  recieved: 'received', recieve: 'receive', recived: 'received', custmer: 'customer', costumer: 'customer', customor: 'customer',
  srvice: 'service', serivce: 'service', servise: 'service', sevice: 'service', servce: 'service', definately: 'definitely', defo: 'definitely',
  disapointed: 'disappointed', dissapointed: 'disappointed', dissappointed: 'disappointed', disappionted: 'disappointed', disapointing: 'disappointing',
  dissapointing: 'disappointing', untill: 'until', delievered: 'delivered', deliverd: 'delivered', delivred: 'delivered', dilivered: 'delivered',
  adress: 'address', acount: 'account', accont: 'account', pasword: 'password', passwrd: 'password', payed: 'paid', anoyed: 'annoyed',
  terible: 'terrible', terrable: 'terrible', awfull: 'awful', rediculous: 'ridiculous', ridiculus: 'ridiculous', rediculus: 'ridiculous',
  absolutly: 'absolutely', apoligy: 'apology', appology: 'apology', apologie: 'apology', cancelld: 'cancelled', canceld: 'cancelled',
  waitin: 'waiting', nothin: 'nothing', somethin: 'something', refnd: 'refund', refun: 'refund', reciept: 'receipt', buisness: 'business',
  brocken: 'broken', borken: 'broken', sh1t: 'shit', sht: 'shit', fking: 'fucking', fkin: 'fucking', effing: 'fucking', wrost: 'worst',
  unaccepable: 'unacceptable', unexceptable: 'unacceptable', disgustin: 'disgusting', discusting: 'disgusting', horrable: 'horrible',
  colour: 'colour', color: 'colour', favorite: 'favourite', favourit: 'favourite', apologise: 'apologise', apologize: 'apologise',
};

/** Contractions with an apostrophe, expanded so negation is the word "not" and intent is "will". */
const CONTRACTION = /\b([a-z]+)(n't|'ll|'ve|'re|'m|'d|'s)\b/g;
const IRREGULAR_NOT: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall', ai: 'is' };
const WOULD_SUBJECTS = new Set(['i', 'you', 'we', 'they', 'he', 'she']);
const IS_SUBJECTS = new Set(['it', 'that', 'what', 'there', 'where', 'who', 'how', 'here', 'he', 'she']);
function expandContraction(whole: string, stem: string, tail: string): string {
  switch (tail) {
    case "n't": return `${IRREGULAR_NOT[stem] ?? stem} not`;
    case "'ll": return `${stem} will`;
    case "'ve": return `${stem} have`;
    case "'re": return `${stem} are`;
    case "'m": return stem === 'i' ? 'i am' : whole;
    case "'d": return WOULD_SUBJECTS.has(stem) ? `${stem} would` : whole;
    default: return IS_SUBJECTS.has(stem) ? `${stem} is` : whole;
  }
}

/** Words the normaliser knows: used to split hashtags and to squeeze stretched words back to a real word. */
const VOCAB = new Set(
  (
    'a about account again airline all always am amazing an and angry answer app are as at avoid awesome awful bad bank be best bill ' +
    'boycott broadband broke broken but buy call can cancel care chat cheap complaint cost customer customers day days delay delayed ' +
    'delivery did disappointed do done down epic ever every everyone experience fail failed fix fixed flight for free fuming gone good ' +
    'great happy hate help here hold home hour hours how i in internet is it joke just late let lie lies like live lost love loved lovely ' +
    'me mess money more my never new nightmare no not now of off on one order out outage over pay please poor rip ripoff robbery sad ' +
    'scam service shambles shame shout slow so sort sorry still stop support thank thanks the this time to today too ugh un unhappy ' +
    'up us useless wait waiting want was way we well what where why will with worst wow yes you your zero fuming furious shocking ' +
    'disgrace disgraceful rubbish terrible appalling pathetic ridiculous see soon cool nice yummy tasty delicious quality value fraud ' +
    'hacked refund refunds train trains bus weekend monday friday sunday christmas black sales sale deal deals win giveaway follow ' +
    'back team crew staff food dinner lunch breakfast coffee please slow slowly good sooo too tired sick fed hacked ad spon sponsored ' +
    'sleep sleepy cold hot so no really feel feeling go going gone look looking pleased annoyed'
  ).split(' '),
);

/** Splits a hashtag body into known words when it can ("customerservicefail"), else returns it whole. */
function splitHashtag(tag: string): string {
  const camel = tag.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (camel.includes(' ')) return camel;
  const word = camel;
  if (word.length > 30 || VOCAB.has(word)) return word;
  // Fewest known words covering the whole tag (dynamic programming over prefixes).
  const best: (string[] | null)[] = new Array(word.length + 1).fill(null);
  best[0] = [];
  for (let end = 1; end <= word.length; end++) {
    for (let start = Math.max(0, end - 14); start < end; start++) {
      const head = best[start];
      if (!head) continue;
      const piece = word.slice(start, end);
      if (!VOCAB.has(piece)) continue;
      const candidate = [...head, piece];
      if (!best[end] || candidate.length < best[end]!.length) best[end] = candidate;
    }
  }
  return best[word.length]?.join(' ') ?? word;
}

/** "soooo" → "so", "slooow" → "slow", "pleaseee" → "please": squeeze runs, then doubles if that makes a known word. */
function squeeze(word: string): string {
  const runs = word.replace(/([a-z])\1{2,}/g, '$1$1');
  if (runs === word || VOCAB.has(runs) || WORD_FIXES[runs] !== undefined) return runs;
  const singles = runs.replace(/([a-z])\1/g, '$1');
  return VOCAB.has(singles) ? singles : runs;
}

const URL = /\bhttps?:\/\/\S+|\bwww\.\S+|\b[a-z0-9-]+\.(?:ly|gl|co|com|io|me|net|org|uk|link)\/\S*/gi;
const MENTION = /(^|[^\w@])@(\w{1,50})(?:'s|’s)?/g;
const HASHTAG = /(^|[^\w&])#(\w{1,100})/g;
const PICTO = /\p{Extended_Pictographic}/gu;
const TRIPLE = /([a-z])\1\1/;
const STRETCHED = /\b[a-z]*([a-z])\1\1[a-z]*\b/g;
const LAUGHTER = /\b(?:a?(?:ha){2,}h?|(?:he){2,})\b/g;
const FIXABLE = new RegExp(
  // Not inside a path-like name: "r/UKPersonalFinance" is a subreddit, not "are".
  String.raw`(?<![\w'/])(?:${Object.keys(WORD_FIXES)
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})(?![\w'/])`,
  'g',
);
const ACRONYMS = new Set(['UK', 'US', 'USA', 'TV', 'ATM', 'PIN', 'ID', 'OK', 'BBC', 'ITV', 'FCA', 'FTC', 'BBB', 'CFPB', 'NHS', 'ASAP', 'DM', 'PM', 'AM', 'XL', 'XXL', 'GB', 'MB', 'SIM', 'ISP', 'VAT', 'LOL', 'OMG', 'CAA', 'ICO', 'EU', 'PS', 'APP', 'SMS', 'MP', 'A&E', 'ETA', 'FAQ', 'IT', 'HQ', 'CEO', 'I']);

export function normaliseText(raw: string): NormalisedText {
  const emoji: Record<EmojiKind, number> = { laugh: 0, love: 0, positive: 0, negative: 0, eyeroll: 0, clap: 0, fire: 0, other: 0 };
  const mentions: string[] = [];
  const hashtagWords: string[] = [];
  let hasUrl = false;

  // Each pass only runs when its trigger character is there: most posts are short plain ASCII.
  // "Which?" (the consumer magazine) would otherwise end a sentence.
  let text = /\bWhich\?/.test(raw) ? raw.replace(/\bWhich\?/g, 'Which magazine') : raw;
  if (/https?:|www\.|\.[a-z]{2,4}\//i.test(text)) {
    text = text.replace(URL, () => {
      hasUrl = true;
      return ' ';
    });
  }
  if (text.includes('@')) {
    text = text.replace(MENTION, (_m, pre: string, handle: string) => {
      mentions.push(handle.toLowerCase());
      return `${pre} `;
    });
  }
  if (text.includes('#')) {
    text = text.replace(HASHTAG, (_m, pre: string, tag: string) => {
      const words = splitHashtag(tag);
      hashtagWords.push(words);
      return `${pre} ${words} . `;
    });
  }

  // Shouting is judged on what is left of the author's own words.
  const letters = text.replace(/[^A-Za-z]/g, '');
  const upper = letters.replace(/[^A-Z]/g, '').length;
  const shoutedWords = (text.match(/\b[A-Z]{4,}\b/g) ?? []).filter((w) => !ACRONYMS.has(w)).length;
  const shouting = (letters.length >= 8 && upper / letters.length > 0.7) || shoutedWords >= 1;

  const ascii = !/[^\x00-\x7F]/.test(text);
  if (!ascii) {
    text = text
      .replace(/[\u2018\u2019\u201B\u00B4]/g, "'")
      .replace(/[\u201C\u201D\u201E\u00AB\u00BB]/g, '"')
      .replace(/[\uFE0F\u200D]|[\u{1F3FB}-\u{1F3FF}]/gu, '')
      .replace(/…/g, '...');
  }
  text = text.replace(/`/g, "'");
  const scareQuotes = (text.includes('"') || text.includes("'")) && /(^|[\s(])["'][^"'\n]{2,30}["'](?=[\s.,!?):;]|$)/.test(text);

  if (!ascii) {
    text = text.replace(PICTO, (e) => {
      const kind = EMOJI_KIND[e] ?? 'other';
      emoji[kind]++;
      return ` emj_${kind} `;
    });
  }

  text = text.toLowerCase();
  if (text.includes("'")) text = text.replace(CONTRACTION, expandContraction);
  // Stretched words first ("soooo", "pleaseee", "hahahaha"), then slang and typos: each callback only runs on a hit.
  if (TRIPLE.test(text)) text = text.replace(STRETCHED, (w) => WORD_FIXES[squeeze(w)] ?? squeeze(w));
  if (text.includes('haha') || text.includes('hehe')) text = text.replace(LAUGHTER, 'lol');
  text = text.replace(FIXABLE, (w) => WORD_FIXES[w] ?? w);
  text = text
    .replace(/!{2,}/g, '!')
    .replace(/\?{2,}/g, '?')
    .replace(/\s+/g, ' ')
    .trim();

  const noWords = !/[a-z0-9]/.test(text.replace(/\bemj_[a-z]+\b/g, ''));
  return { text, shouting, mentions, hashtagWords, hasUrl, noWords, scareQuotes, emoji };
}
