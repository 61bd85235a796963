import { statSync } from 'node:fs';
import fc from 'fast-check';
import path from 'node:path';
import { accuracy, hasData, LABELS, loadDevPosts, loadTweetEvalVal, recall } from '../../../bench/sentiment';
import { scoreSentiment, tokenize, type SentimentResult } from '../../../lambdas/domain/classifier/sentiment';

type Label = SentimentResult['label'];

/** Real-looking posts to a business, with the label a care agent would give and (optionally) a cue to expect. */
const HARD_CASES: Array<{ text: string; label: Label; cue?: RegExp; why: string }> = [
  // sarcasm: praise words wrapped round a grievance
  { why: 'sarcasm', text: 'great, another 2 hours on hold 🙃', label: 'negative', cue: /^sarcasm$/ },
  { why: 'sarcasm', text: 'oh brilliant, @AcmeMobile charged me a roaming fee for being at home. genius 👏', label: 'negative', cue: /^sarcasm$/ },
  { why: 'sarcasm', text: "Love how my 'next day delivery' is now on day 5. Amazing service as always", label: 'negative', cue: /^sarcasm$/ },
  { why: 'sarcasm', text: 'Thanks for cancelling my order without telling me, really appreciate it 🙄', label: 'negative', cue: /^sarcasm$/ },
  { why: 'sarcasm', text: "wow, fantastic customer service, third time I've been cut off mid call", label: 'negative', cue: /^sarcasm$/ },
  { why: 'sarcasm', text: 'Perfect. My flight is delayed again. Just what I needed.', label: 'negative', cue: /^sarcasm$/ },
  { why: 'sarcasm', text: 'yeah great job @AcmeMobile, no internet for the whole weekend #sarcasm', label: 'negative', cue: /^sarcasm$/ },
  // sincere praise next to a problem that was solved: not sarcasm
  { why: 'sincere', text: 'Thanks for sorting my refund so quickly, great service!', label: 'positive' },
  { why: 'sincere', text: 'Waited 5 minutes and the team fixed everything. Brilliant!', label: 'positive' },
  { why: 'sincere', text: 'Oh wow, thank you so much! Best customer service ever 😍', label: 'positive' },
  { why: 'sincere', text: '@AcmeMobile you actually fixed it in one call. genuinely impressed', label: 'positive' },
  // negation
  { why: 'negation', text: "didn't expect much from the own-brand coffee but honestly it's not bad at all", label: 'positive', cue: /not bad/ },
  { why: 'negation', text: 'Tried the new app update, not bad at all', label: 'positive' },
  { why: 'negation', text: 'Not happy with the service today @AcmeMobile', label: 'negative', cue: /^negation: "not happy"$/ },
  { why: 'negation', text: 'Honestly not impressed with the new self checkouts', label: 'negative', cue: /negation/ },
  { why: 'negation', text: 'no problem at all, the driver was lovely', label: 'positive' },
  { why: 'negation', text: "can't wait for the new store to open!", label: 'positive' },
  { why: 'negation', text: "The app isn't working again", label: 'negative' },
  { why: 'negation', text: '@GreenLeafGrocer never disappoints, best bakery in town', label: 'positive' },
  // emoji
  { why: 'emoji', text: '@GreenLeafGrocer 😡😡😡', label: 'negative', cue: /^emoji 😡$/ },
  { why: 'emoji', text: '😍😍😍', label: 'positive', cue: /^emoji 😍$/ },
  { why: 'emoji', text: 'delivery late again 😤', label: 'negative' },
  { why: 'emoji', text: 'new menu is 🔥🔥 👍', label: 'positive' },
  // SHOUTING
  { why: 'shouting', text: 'WHERE IS MY ORDER??? ORDERED 2 WEEKS AGO', label: 'negative', cue: /^shouting$/ },
  { why: 'shouting', text: 'I AM SO ANGRY RIGHT NOW', label: 'negative' },
  { why: 'shouting', text: 'THANK YOU SO MUCH @AcmeMobile YOU ARE THE BEST', label: 'positive' },
  { why: 'capitals', text: 'the update is NOT working and support is USELESS', label: 'negative' },
  // slang and typos
  { why: 'slang', text: 'gr8 service today, ty!', label: 'positive' },
  { why: 'slang', text: 'wifi soooo slow tonight smh', label: 'negative' },
  { why: 'slang', text: 'ugh app crashed again ffs', label: 'negative' },
  { why: 'slang', text: 'omg luv the new menu 😋', label: 'positive' },
  { why: 'slang', text: 'this is sooooo good', label: 'positive' },
  { why: 'typo', text: 'terible service, never using you again', label: 'negative' },
  { why: 'typo', text: 'absolutly disapointed with my order', label: 'negative' },
  // hashtags and mentions
  { why: 'hashtag', text: '#fail @AcmeMobile down again', label: 'negative' },
  { why: 'hashtag', text: '#NotHappy with @GreenLeafGrocer today', label: 'negative' },
  { why: 'hashtag', text: 'Loving the new update #happy', label: 'positive' },
  { why: 'mentions', text: '@AcmeMobile @AcmeHelp thanks for the quick fix!', label: 'positive' },
  // URLs
  { why: 'url', text: 'Check out our new store hours https://t.co/abc123', label: 'neutral' },
  { why: 'url', text: 'Absolutely awful experience at the Leeds store, photos here https://t.co/abc', label: 'negative' },
  // long waits without a sentiment word
  { why: 'wait', text: '3 days and still no refund', label: 'negative', cue: /^long wait: 3 days$/ },
  { why: 'wait', text: '40 minutes in the queue', label: 'negative', cue: /^long wait: 40 minutes$/ },
  { why: 'wait', text: '@AcmeMobile been on hold for an hour', label: 'negative', cue: /^long wait/ },
  { why: 'wait', text: 'Ordered 2 weeks ago, nothing yet', label: 'negative', cue: /^long wait/ },
  { why: 'wait', text: 'Day 5 of no internet @AcmeMobile', label: 'negative' },
  { why: 'wait', text: 'waited 45 mins for a callback that never came', label: 'negative' },
  // durations that are not waits
  { why: 'not a wait', text: 'Fixed in 10 minutes, thank you!', label: 'positive' },
  { why: 'not a wait', text: 'Are you open for 24 hours on Sunday?', label: 'neutral' },
  { why: 'not a wait', text: "I've been a customer for 5 years, can I upgrade early?", label: 'neutral' },
  // complaints without sentiment words, threats, questions
  { why: 'complaint', text: '@GreenLeafGrocer the self checkout charged me twice for the same item', label: 'negative' },
  { why: 'complaint', text: '@AcmeMobile my contract ended in June and you are still billing me', label: 'negative' },
  { why: 'complaint', text: 'my parcel still hasnt arrived and nobody is answering the phone', label: 'negative' },
  { why: 'complaint', text: 'Why is my bill so high this month?', label: 'negative' },
  { why: 'threat', text: '@GreenLeafGrocer my solicitor has your details. Expect a letter.', label: 'negative', cue: /^threat/ },
  { why: 'threat', text: '@AcmeMobile sort this out today or I am going to the press', label: 'negative' },
  { why: 'question', text: 'Do you deliver on Sundays?', label: 'neutral' },
  { why: 'question', text: '@AcmeMobile how do I update the direct debit details on my account?', label: 'neutral' },
  { why: 'question', text: 'What time does the Leeds store close tonight?', label: 'neutral' },
  { why: 'praise', text: 'Big thanks to Sam at the Leeds store, really helpful', label: 'positive' },
  { why: 'spam', text: 'FREE followers fast!!! DM me now 🔥🔥', label: 'neutral', cue: /^spam$/ },
  // more of the same, written after the rules (a check that they generalise)
  { why: 'complaint', text: '@BrightBank app has been down all morning and I need to pay rent today', label: 'negative' },
  { why: 'complaint', text: 'how is it possible that a "24h delivery" takes 9 days??', label: 'negative' },
  { why: 'complaint', text: 'I have been a loyal customer for 10 years and this is how you treat me?', label: 'negative' },
  { why: 'complaint', text: 'the new update deleted all my saved recipes 😭', label: 'negative' },
  { why: 'sarcasm', text: 'thanks @Airline for losing my bag AGAIN', label: 'negative', cue: /^sarcasm$/ },
  { why: 'sarcasm', text: '@FastFood cold fries, missing drink, 50 min wait. cheers guys', label: 'negative', cue: /^sarcasm$/ },
  { why: 'praise', text: 'Refund came through in 2 days, really impressed', label: 'positive' },
  { why: 'praise', text: "wasn't expecting much but the new flavour is actually really nice", label: 'positive' },
  { why: 'question', text: 'Hi, what is the cut off time for next day delivery?', label: 'neutral' },
  { why: 'question', text: 'Is the Manchester store open on bank holiday Monday?', label: 'neutral' },
];

describe('scoreSentiment: hard cases of social customer care', () => {
  it.each(HARD_CASES)('$why: $text → $label', ({ text, label, cue }) => {
    const result = scoreSentiment(text);
    expect(result.label).toBe(label);
    if (cue) expect(result.cues.some((c) => cue.test(c))).toBe(true);
  });
});

describe('scoreSentiment: contract', () => {
  const samples = [...HARD_CASES.map((c) => c.text), '', '   ', 'ok', '?!', '👍', 'a'.repeat(300)];

  it('keeps the score in [-1, 1] and its sign in line with the label', () => {
    for (const text of samples) {
      const { label, score } = scoreSentiment(text);
      expect(score).toBeGreaterThanOrEqual(-1);
      expect(score).toBeLessThanOrEqual(1);
      if (label === 'negative') expect(score).toBeLessThan(0);
      if (label === 'positive') expect(score).toBeGreaterThan(0);
    }
  });

  it('gives at most three short, readable cues', () => {
    for (const text of samples) {
      const { cues } = scoreSentiment(text);
      expect(cues.length).toBeLessThanOrEqual(3);
      for (const cue of cues) {
        expect(typeof cue).toBe('string');
        expect(cue.length).toBeGreaterThan(0);
        expect(cue.length).toBeLessThanOrEqual(60);
      }
      expect(new Set(cues).size).toBe(cues.length);
    }
  });

  it('never throws and keeps its contract on arbitrary text', () => {
    const pieces = fc.constantFrom('not ', 'great', ' 😡', '🙃', ' 3 days ', 'still no ', '!!!', '?', '#Fail', '@Acme ', 'SO BAD ', 'https://t.co/x ', "can't ", ':(', '\\u2019', '&amp;');
    const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.array(pieces, { maxLength: 30 }).map((xs) => xs.join('')));
    fc.assert(
      fc.property(text, (t) => {
        const r = scoreSentiment(t);
        expect(['negative', 'neutral', 'positive']).toContain(r.label);
        expect(Math.abs(r.score)).toBeLessThanOrEqual(1);
        expect(r.cues.length).toBeLessThanOrEqual(3);
        expect(scoreSentiment(t)).toEqual(r);
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('is deterministic', () => {
    for (const text of samples) expect(scoreSentiment(text)).toEqual(scoreSentiment(text));
  });

  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['a bare mention', '@AcmeMobile'],
    ['a bare URL', 'https://t.co/xyz'],
    ['an unscored emoji', '🍊'],
  ])('says neutral, score 0, no cues for %s', (_, text) => {
    expect(scoreSentiment(text)).toEqual({ label: 'neutral', score: 0, cues: [] });
  });

  it('scores emoji-only posts by their emoji', () => {
    expect(scoreSentiment('👍').label).toBe('positive');
    expect(scoreSentiment('😡').label).toBe('negative');
  });

  it('copes with very long text, quickly', () => {
    const text = 'Still waiting on my refund, order 4411, this is ridiculous. '.repeat(2000); // ~120 KB
    const started = performance.now();
    const result = scoreSentiment(text);
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.label).toBe('negative');
    expect(result.cues.length).toBeLessThanOrEqual(3);
  });

  it('undoes escaped characters and HTML entities as scraped tweets carry them', () => {
    expect(scoreSentiment('I don\\u2019t like this at all').label).toBe(scoreSentiment('I don’t like this at all').label);
    expect(scoreSentiment('fish &amp; chips were awful &gt;:(')).toEqual(scoreSentiment('fish & chips were awful >:('));
  });

  it('exports a tokenizer that types tokens', () => {
    const kinds = tokenize("@Acme soooo SLOW :( #NotHappy 😡 https://t.co/x can't!").map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toEqual([
      'mention:acme', 'word:soooo', 'word:slow', 'emoticon::(', 'hashtag:nothappy', 'emoji:😡', 'url:url', "word:can't", 'punct:!',
    ]);
  });
});

describe('sentiment model files', () => {
  it('ships weights and lexicon under 300 KB together', () => {
    const dir = path.resolve(__dirname, '../../../lambdas/domain/classifier');
    const bytes = statSync(path.join(dir, 'sentiment-weights.ts')).size + statSync(path.join(dir, 'sentiment-lexicon.ts')).size;
    expect(bytes).toBeLessThan(300 * 1024);
  });
});

// The data ships in data/ (data/README.md); without it these floors must fail, not skip.
describe('sentiment quality floors (data/)', () => {
  it('finds the data in the repository', () => {
    expect(hasData()).toBe(true);
  });

  // Measured when the model was last trained (scripts/eval-sentiment.ts): 10-fold CV macro-recall 64.5 on
  // TweetEval val; the shipped model scored on val, the data it was fitted to, 64.9 (it has only 57 weights, so
  // the two barely differ); dev posts 94%. Floors sit 2 points under, so a regression in the tokenizer, lexicon,
  // rules or weights fails here.
  it('keeps the shipped model above its measured macro-recall on TweetEval val', () => {
    const rows = loadTweetEvalVal();
    const r = recall(rows.map((x) => x.label), rows.map((x) => LABELS.indexOf(scoreSentiment(x.text).label)));
    expect(r.macro).toBeGreaterThan(0.629);
  });

  it('keeps the cross-validated macro-recall on TweetEval val above its floor', async () => {
    const { extractEvidence } = await import('../../../lambdas/domain/classifier/sentiment-features');
    const { CHOSEN, crossValidate } = await import('../../../scripts/train-sentiment');
    const examples = loadTweetEvalVal().map((r) => {
      const e = extractEvidence(r.text);
      return { dense: e.dense, words: e.words, label: r.label, group: r.text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim() };
    });
    const cv = crossValidate(examples, CHOSEN);
    expect(cv.macro).toBeGreaterThan(0.625);
  }, 120_000);

  it('gets the dev posts right', () => {
    const rows = loadDevPosts();
    const acc = accuracy(rows.map((x) => x.label), rows.map((x) => LABELS.indexOf(scoreSentiment(x.text).label)));
    expect(acc).toBeGreaterThanOrEqual(0.92);
  });
});
