import * as fc from 'fast-check';
import { detectPii, type PiiType } from '../../../lambdas/domain/classifier/pii';
import { PiiTypeSchema } from '../../../schemas/classification';
import {
  ADDRESS_POSTS,
  BANK_POSTS,
  CARD_POSTS,
  EMAIL_POSTS,
  MIXED_POSTS,
  NATIONAL_ID_POSTS,
  NOT_PII_POSTS,
  type PiiCase,
  PHONE_POSTS,
} from '../../fixtures/pii/posts';

const ALL_PII: PiiCase[] = [...EMAIL_POSTS, ...PHONE_POSTS, ...CARD_POSTS, ...ADDRESS_POSTS, ...BANK_POSTS, ...NATIONAL_ID_POSTS, ...MIXED_POSTS];
const ORDER: PiiType[] = ['email', 'phone', 'card', 'address', 'bank', 'national_id'];

describe.each([
  ['email', EMAIL_POSTS],
  ['phone', PHONE_POSTS],
  ['card', CARD_POSTS],
  ['address', ADDRESS_POSTS],
  ['bank', BANK_POSTS],
  ['national id', NATIONAL_ID_POSTS],
  ['mixed', MIXED_POSTS],
])('%s posts', (_kind, cases) => {
  it.each(cases.map((c) => [c.text, c] as const))('%s', (_text, c) => {
    const r = detectPii(c.text);
    expect(r.types).toEqual(c.types);
    if (c.redacted !== undefined) expect(r.redactedText).toBe(c.redacted);
  });
});

describe('not PII', () => {
  it.each(NOT_PII_POSTS.map((t) => [t]))('%s', (text) => {
    const r = detectPii(text);
    expect(r.types).toEqual([]);
    expect(r.matches).toEqual([]);
    expect(r.redactedText).toBe(text);
  });
});

describe('result shape', () => {
  it('types are unique and in the order email, phone, card, address, bank, national_id', () => {
    expect(ORDER).toEqual(PiiTypeSchema.options);
    const r = detectPii('SSN 512-48-3377, IBAN GB29NWBK60161331926819, card 5500 0055 5555 5559, card 4111 1111 1111 1111, 7 Mill Road, ring 07700 900123, a@example.com, b@example.com');
    expect(r.types).toEqual(ORDER);
    for (const c of ALL_PII) {
      const types = detectPii(c.text).types;
      expect(new Set(types).size).toBe(types.length);
      expect([...types].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))).toEqual(types);
    }
  });

  it('matches are sorted, do not overlap, and point at the personal data', () => {
    const text = 'Mail sam@example.com, call +44 20 7946 0018, card 5500-0055-5555-5559, at 7 Mill Road, Norwich NR3 4EX';
    const r = detectPii(text);
    expect(r.matches.map((m) => [m.type, text.slice(m.start, m.end)])).toEqual([
      ['email', 'sam@example.com'],
      ['phone', '+44 20 7946 0018'],
      ['card', '5500-0055-5555-5559'],
      ['address', '7 Mill Road, Norwich NR3 4EX'],
    ]);
    for (const c of ALL_PII) {
      const ms = detectPii(c.text).matches;
      for (let i = 0; i < ms.length; i++) {
        expect(ms[i]!.start).toBeLessThan(ms[i]!.end);
        if (i > 0) expect(ms[i]!.start).toBeGreaterThanOrEqual(ms[i - 1]!.end);
      }
    }
  });

  it('phone spans keep the brackets and plus sign that belong to the number', () => {
    const text = 'ring (020) 7946 0018 or (+44) 7700 900123 (mobile)';
    const r = detectPii(text);
    expect(r.matches.map((m) => text.slice(m.start, m.end))).toEqual(['(020) 7946 0018', '(+44) 7700 900123']);
    expect(r.redactedText).toBe('ring [phone] or [phone] (mobile)');
  });

  it('offsets are UTF-16 offsets into the original text, also with emoji and full-width digits', () => {
    const text = '🙏🙏 ０７７００ ９００１２３ 🙏 mail: ana@example.com 🚀';
    const r = detectPii(text);
    expect(r.matches.map((m) => [m.type, text.slice(m.start, m.end)])).toEqual([
      ['phone', '０７７００ ９００１２３'],
      ['email', 'ana@example.com'],
    ]);
    expect(r.redactedText).toBe('🙏🙏 [phone] 🙏 mail: [email] 🚀');
  });
});

describe('redaction', () => {
  it('keeps the surrounding text and punctuation', () => {
    expect(detectPii('My login is tom.baker@example.com.').redactedText).toBe('My login is [email].');
    expect(detectPii('(07700 900123)').redactedText).toBe('([phone])');
    expect(detectPii('"5500 0055 5555 5559"!').redactedText).toBe('"[card]"!');
    expect(detectPii('Call: 020 7946 0018; email: x.y@example.org, ok?').redactedText).toBe('Call: [phone]; email: [email], ok?');
  });

  it('never keeps part of a card number', () => {
    for (const text of ['4111 1111 1111 1111 123', 'card:4111-1111-1111-1111', '3782 822463 10005 please', 'x 5500005555555559 x']) {
      const r = detectPii(text);
      expect(r.types).toContain('card');
      expect(r.redactedText).not.toMatch(/\d{4}/);
    }
  });

  it('merges overlapping detections into one label', () => {
    // "10 Avenue Road" is both an English street (type last) and a French one (type first)
    const r = detectPii('10 Avenue Road, London NW8 6BP');
    expect(r.redactedText).toBe('[address]');
    expect(r.matches).toEqual([{ type: 'address', start: 0, end: 30 }]);
  });

  it('keeps adjacent detections apart', () => {
    expect(detectPii('Flat 2, 14 Park Lane, London W1K 1AA 020 7946 0018').redactedText).toBe('[address] [phone]');
    expect(detectPii('14 Park Lane, 0207 946 0018').redactedText).toBe('[address], [phone]');
  });

  it('is idempotent: redacting a redacted text finds nothing', () => {
    for (const c of ALL_PII) {
      const once = detectPii(c.text).redactedText;
      const twice = detectPii(once);
      expect(twice.types).toEqual([]);
      expect(twice.redactedText).toBe(once);
    }
  });

  it('labels carry no digits or @, so nothing personal survives in them', () => {
    for (const c of ALL_PII) {
      const r = detectPii(c.text);
      for (const m of r.matches) expect(r.redactedText).not.toContain(c.text.slice(m.start, m.end));
    }
  });
});

describe('edge cases', () => {
  it('empty and whitespace-only text', () => {
    expect(detectPii('')).toEqual({ types: [], matches: [], redactedText: '' });
    expect(detectPii('   \n\t')).toEqual({ types: [], matches: [], redactedText: '   \n\t' });
  });

  it('text without digits or @ short-circuits unchanged', () => {
    const text = 'Great service today, thank you so much 🙌 très bien! 素晴らしい';
    expect(detectPii(text)).toEqual({ types: [], matches: [], redactedText: text });
  });

  it('handles emoji and non-Latin scripts around PII', () => {
    expect(detectPii('Мой номер 07700 900123 😡').redactedText).toBe('Мой номер [phone] 😡');
    expect(detectPii('📧 sara@example.com 👍').redactedText).toBe('📧 [email] 👍');
    expect(detectPii('我的地址是 7 Mill Road, Norwich NR3 4EX 谢谢').redactedText).toBe('我的地址是 [address] 谢谢');
  });

  it('does not treat @handles or name@ fragments as e-mail', () => {
    expect(detectPii('@tom.baker @AcmeMobile tom@ and @example.com').types).toEqual([]);
  });

  it('context words: identifiers after order/ref/tracking words, phones after contact words', () => {
    expect(detectPii('order 07700 900123').types).toEqual([]);
    expect(detectPii('tracking: 4111 1111 1111 1111').types).toEqual(['card']); // a card whatever its label
    expect(detectPii('tracking: 4111 1111 1111 1112').types).toEqual([]);
    expect(detectPii('order 8812, call me on 07700 900123').redactedText).toBe('order 8812, call me on [phone]');
    // a 7-digit local number only counts next to a contact word
    expect(detectPii('call me on 555-0199').types).toEqual(['phone']);
    expect(detectPii('we had 555-0199 visitors').types).toEqual([]);
  });

  it('a failed Luhn check or an implausible issuer is not a card', () => {
    expect(detectPii('5500 0055 5555 5558').types).not.toContain('card');
    expect(detectPii('1234 5678 9012 3452').types).not.toContain('card'); // Luhn-valid, starts with 1
    expect(detectPii('9999 9999 9999 9995').types).not.toContain('card');
  });

  // How fast is measured by the bench (bench/classifier.ts, PII figures), not by a stopwatch here.
  it('answers on long text without PII and on pathological input', () => {
    const long = 'word '.repeat(20_000);
    const digits = '1 2 3 4 5 6 7 8 9 0 '.repeat(2_000);
    const at = 'a@'.repeat(5_000) + 'b.'.repeat(5_000);
    // Unicode local parts and domains, every card separator, glued digit runs, dashed IBAN and NI starts
    const unicodeAt = 'ü@'.repeat(5_000) + 'ß.'.repeat(5_000);
    const unspaced = '用'.repeat(40_000) + '@';
    const separators = '4111\u2009'.repeat(4_000) + '4111 - '.repeat(4_000) + '4111\n'.repeat(4_000) + '4111, '.repeat(4_000);
    const glued = 'a4111111111111112'.repeat(2_000);
    const dashed = 'GB82-'.repeat(8_000) + 'JG-10-'.repeat(6_000);
    for (const text of [long, digits, at, unicodeAt, unspaced, separators, glued, dashed]) {
      expect(detectPii(text)).toEqual({ types: [], matches: [], redactedText: text });
    }
  });
});

describe('properties', () => {
  const fragments = fc.constantFrom(
    ...ALL_PII.map((c) => c.text),
    ...NOT_PII_POSTS,
    'tom@example.com', '07700 900123', '+1 (415) 555-0132', '5500 0055 5555 5559', '7 Mill Road, Norwich NR3 4EX',
    'order #4411', ' ', ', ', '. ', '😊', '\n', '5 oak road', 'call me on 555 0199', '(', ')', '+', '-', '0', '12',
    'GB29 NWBK 6016 1331 9268 19', 'sort code 20-00-00 ', 'account 31926819', '512-48-3377', 'AB 12 34 56 C', 'SSN ', '\u200b', '\u00ad', '.', '_',
  );
  const post = fc.array(fc.oneof(fragments, fc.string({ unit: 'grapheme', maxLength: 12 })), { maxLength: 8 }).map((xs) => xs.join(''));

  it('never throws, returns in-bounds sorted spans, and is idempotent', () => {
    fc.assert(
      fc.property(post, (text) => {
        const r = detectPii(text);
        let prevEnd = 0;
        for (const m of r.matches) {
          expect(m.start).toBeGreaterThanOrEqual(prevEnd);
          expect(m.end).toBeGreaterThan(m.start);
          expect(m.end).toBeLessThanOrEqual(text.length);
          prevEnd = m.end;
        }
        expect(new Set(r.types)).toEqual(new Set(r.matches.map((m) => m.type)));
        const again = detectPii(r.redactedText);
        expect(again.types).toEqual([]);
        expect(again.redactedText).toBe(r.redactedText);
      }),
      { numRuns: 5_000 },
    );
  });
});
