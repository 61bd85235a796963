/**
 * Who an offer goes to, as the outside review attacked it: the per-address limit keys one inbox however its address
 * is spelled (lambdas/domain/escalation/offer-recipient.ts), and the address taken from a private message is never a
 * piece cut out of a longer word (contactEmailOf, lambdas/domain/cases/rules.ts), whatever the PII matcher returns.
 */
import { contactEmailOf } from '../../../lambdas/domain/cases/rules';
import { normaliseAddress, recipientKey } from '../../../lambdas/domain/escalation/offer-recipient';
import { SocialEventSchema } from '../../../schemas/social-event';

describe('normaliseAddress: one key per inbox', () => {
  it.each([
    // Gmail ignores dots in the mailbox, and googlemail.com is the same service.
    ['victim.two@gmail.com', 'victimtwo@gmail.com'],
    ['victimtwo@gmail.com', 'victimtwo@gmail.com'],
    ['v.i.c.t.i.m.t.w.o@gmail.com', 'victimtwo@gmail.com'],
    ['victim.two@googlemail.com', 'victimtwo@gmail.com'],
    ['VICTIM.TWO@GMAIL.COM', 'victimtwo@gmail.com'],
    ['victim.two+a@gmail.com', 'victimtwo@gmail.com'],
    ['victim.two@GMAIL.com', 'victimtwo@gmail.com'],
    // A fully qualified domain (trailing dot) and a quoted mailbox that needs no quotes.
    ['victim.two@gmail.com.', 'victimtwo@gmail.com'],
    ['"victim.two"@gmail.com', 'victimtwo@gmail.com'],
    // Compatibility forms (NFKC): a full-width @ and letters.
    ['victim.two\uff20gmail.com', 'victimtwo@gmail.com'],
    ['ｖｉｃｔｉｍ.two@ｇｍａｉｌ.com', 'victimtwo@gmail.com'],
    // Invisible characters anywhere: zero-width space, soft hyphen, word joiner, BOM, bidi controls.
    ['victim.two@gm\u200bail.com', 'victimtwo@gmail.com'],
    ['vic\u00adtim.two@gmail\u2060.com', 'victimtwo@gmail.com'],
    ['\ufeffvictim.two@\u202egmail.com', 'victimtwo@gmail.com'],
    // Internationalised domains: the Unicode and the punycode spelling are one domain.
    ['jörg@bücher.de', 'jörg@xn--bcher-kva.de'],
    ['jörg@xn--bcher-kva.de', 'jörg@xn--bcher-kva.de'],
    ['JÖRG@BÜCHER.DE', 'jörg@xn--bcher-kva.de'],
    // NFC and NFD spellings of the same mailbox.
    ['jo\u0308rg@bu\u0308cher.de', 'jörg@xn--bcher-kva.de'],
    // As before: trimmed, lower-cased, a +tag dropped.
    [' Victim+care@Example.NET ', 'victim@example.net'],
  ])('%j → %s', (address, expected) => {
    expect(normaliseAddress(address)).toBe(expected);
  });

  it('keeps apart what are different inboxes', () => {
    const distinct = [
      'victim.two@gmail.com',
      'victim.two-x@gmail.com',
      'victim.two@example.com',
      // Dots matter outside Gmail.
      'victim.two@outlook.com',
      'victimtwo@outlook.com',
      'victim.two%gmail.com@example.net',
      'jörg@bücher.de',
      'rg@bücher.de',
    ];
    expect(new Set(distinct.map(recipientKey)).size).toBe(distinct.length);
  });

  it('gives every spelling of one Gmail inbox one key, and stores only a hash', () => {
    const spellings = ['victim.two@gmail.com', 'victimtwo@gmail.com', 'v.i.c.t.i.m.t.w.o@gmail.com', 'victim.two@googlemail.com', 'victim.two@gm\u200bail.com', 'victim.two\uff20gmail.com'];
    expect(new Set(spellings.map(recipientKey)).size).toBe(1);
    expect(recipientKey(spellings[0]!)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves what is not an address as it was (lower-cased), and keeps a +-only mailbox', () => {
    expect(normaliseAddress('+only@example.net')).toBe('+only@example.net');
    expect(normaliseAddress('no-at-sign')).toBe('no-at-sign');
  });
});

describe('contactEmailOf: the address a private message gives', () => {
  const dm = (text: string) =>
    SocialEventSchema.parse({
      id: 'messenger:m1',
      platform: 'messenger',
      kind: 'dm',
      text,
      author: { id: 'psid-1' },
      conversationId: 'c1',
      createdAt: '2026-11-23T10:00:00.000Z',
      receivedAt: '2026-11-23T10:00:00.000Z',
    });

  it('takes a whole address', () => {
    expect(contactEmailOf(dm('Broken on arrival. Email me at victim.two@gmail.com please'))).toEqual({ email: 'victim.two@gmail.com', source: 'dm' });
    expect(contactEmailOf(dm('Write to (sam@example.org).'))).toEqual({ email: 'sam@example.org', source: 'dm' });
  });

  it('never takes an address cut out of the middle of a word: no offer rather than one to a stranger', () => {
    for (const text of ['Email me at jörg@bücher.de', 'Email me at jörg@xn--bcher-kva.de', 'mail: ñandú@example.org', 'mail: çağrı@example.org']) {
      const found = contactEmailOf(dm(text));
      // Either the whole address, or none at all: never "rg@bücher.de".
      if (found) expect(text).toMatch(new RegExp(`(?:^|[\\s:(])${found.email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u'));
    }
    expect(contactEmailOf(dm('Email me at jörg@bücher.de'))?.email).not.toBe('rg@bücher.de');
    expect(contactEmailOf(dm('Email me at jörg@xn--bcher-kva.de'))?.email).not.toBe('rg@xn--bcher-kva.de');
  });
});
