/**
 * What staff see on a case: 1–5 short reasons, never any PII; a public post carrying PII is flagged; and for any
 * input at all the classifier returns a valid, deterministic Classification.
 */
import fc from 'fast-check';
import { classify } from '../../../lambdas/domain/classifier';
import { composeReasons, MAX_REASONS, piiReason } from '../../../lambdas/domain/classifier/reasons';
import { ClassificationSchema } from '../../../schemas/classification';
import { MAX_TEXT_CHARS } from '../../../schemas/social-event';
import { event, judge } from './classifier-support';

const PII_POSTS: [string, string[]][] = [
  ['@SkyLinkTel nobody has called me back, my number is 07700 900456 just ring me!!', ['07700 900456', '900456']],
  ['I cancelled last month but you are still emailing me bills. I am on jo.hart@example.co.uk', ['jo.hart@example.co.uk', 'jo.hart']],
  ['Someone used my card 4929 1234 5678 9015 on your site, I never ordered anything', ['4929 1234 5678 9015', '9015']],
  ['Please send the replacement to 7 Mill Road, Norwich NR3 4EX, not my old address', ['7 Mill Road', 'NR3 4EX']],
  ['My solicitor is on 020 7946 0018 and will call you about the 2 weeks I waited', ['020 7946 0018', '7946']],
];

describe('reasons never carry PII', () => {
  it.each(PII_POSTS)('%s', (text, values) => {
    for (const kind of ['mention', 'dm'] as const) {
      const c = judge(text, { kind });
      expect(c.pii.length).toBeGreaterThan(0);
      for (const v of values) {
        for (const r of c.reasons) expect(r).not.toContain(v);
        expect(c.redactedText).not.toContain(v);
      }
    }
  });

  it('drops any reason that would repeat a PII value, as a second guard', () => {
    const reasons = composeReasons({ critical: [], reach: null, category: ['complaint: call 07700 900456', 'complaint: billing problem'], pii: null, tone: [] }, ['07700 900456']);
    expect(reasons).toEqual(['complaint: billing problem']);
  });
});

describe('a public post carrying PII is flagged', () => {
  it.each(['post', 'comment', 'mention', 'review'] as const)('on a %s', (kind) => {
    const c = judge('nobody has called me back, my number is 07700 900456 just ring me!!', { kind });
    expect(c.reasons).toContain('pii: phone number posted publicly');
  });

  it('not in a DM', () => {
    const c = judge('The engineer never showed. My number is 020 7946 0018, please ring me before 5', { kind: 'dm', platform: 'facebook' });
    expect(c.pii).toEqual(['phone']);
    expect(c.reasons.some((r) => r.startsWith('pii:'))).toBe(false);
  });

  it('names every type found, and keeps the flag even when there are many grounds', () => {
    expect(piiReason('comment', ['email', 'phone'])).toBe('pii: email address and phone number posted publicly');
    expect(piiReason('review', ['bank', 'national_id'])).toBe('pii: bank details and national id number posted publicly');
    const c = judge(
      'Reporting you to trading standards and my solicitor: you leaked my data, my account was hacked, I got food poisoning. Call 07700 900456 or jo@example.com',
      { kind: 'post', author: { id: 'a', followers: 50_000 } },
    );
    expect(c.reasons.length).toBeLessThanOrEqual(MAX_REASONS);
    expect(c.reasons).toContain('pii: email address and phone number posted publicly');
  });
});

describe('every result is a valid, short, deterministic Classification', () => {
  const texts = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.array(fc.constantFrom('not', 'great', 'fire', 'hacked', 'lawyer', '?', '!!', '😂', '🙄', '@brand', '#fail', 'still', '2 weeks', 'refund', 'thanks', 'NEVER', 'sick', 'card', '07700 900456'), { maxLength: 30 }).map((w) => w.join(' ')),
  );

  it('holds for any text, kind and author', () => {
    fc.assert(
      fc.property(texts, fc.constantFrom('post', 'comment', 'mention', 'dm', 'review' as const), fc.nat(1_000_000), fc.boolean(), fc.boolean(), (text, kind, followers, verified, isEcho) => {
        const e = event(text, { kind, author: { id: 'a', followers, verified }, isEcho });
        const c = classify(e);
        expect(ClassificationSchema.parse(c)).toEqual(c);
        expect(c.id).toBe(e.id);
        expect(c.reasons.length).toBeGreaterThanOrEqual(1);
        expect(c.reasons.length).toBeLessThanOrEqual(MAX_REASONS);
        for (const r of c.reasons) expect(r.length).toBeLessThanOrEqual(80);
        expect(classify(e)).toEqual(c);
      }),
      { numRuns: 400 },
    );
  });

  it('handles an empty text and the longest text quickly', () => {
    expect(judge('')).toMatchObject({ category: 'other', urgency: 'low' });
    const long = 'Still waiting on my refund, order 4411, nobody replies. '.repeat(Math.floor(MAX_TEXT_CHARS / 56));
    const started = performance.now();
    const c = judge(long);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(c.category).toBe('complaint');
  });

  it('keeps complaints and threats negative and praise positive in sentiment, label and score', () => {
    const texts = [
      'oh brilliant, charged me a roaming fee for being at home. genius 👏',
      "honestly it's not bad at all",
      'great, another two hours on hold',
      'thanks for nothing',
      'love you guys but the charger melted on my desk',
      'best customer service ever... NOT',
      "I'm reporting you to Ofcom, lovely as your staff are",
    ];
    const seen = new Set<string>();
    for (const text of texts) {
      const c = judge(text);
      seen.add(c.category);
      if (c.category === 'complaint' || c.category === 'threat') {
        expect(c.sentiment).toBe('negative');
        expect(c.sentimentScore).toBeLessThan(0);
      }
      if (c.category === 'praise') {
        expect(c.sentiment).toBe('positive');
        expect(c.sentimentScore).toBeGreaterThan(0);
      }
    }
    // The rule was exercised both ways.
    expect(seen.has('praise') && (seen.has('complaint') || seen.has('threat'))).toBe(true);
  });
});
