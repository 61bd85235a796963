/**
 * PII in the author's display name and handle (the label contract: "the author's display name and handle are scanned
 * too when they are stored, shown or emailed"): the classification counts it, the case stores the redacted form (the
 * platform's author id untouched), and the pages and emails built from the case show only that.
 */
import { DEFAULT_CASE_SETTINGS, foldPost, newCase } from '../../lambdas/domain/cases/rules';
import { classify } from '../../lambdas/domain/classifier';
import { caseBrief } from '../../lambdas/domain/escalation/flow';
import { firstName, offerEmail, pageEmail, pageSms } from '../../lambdas/domain/escalation/messages';
import { renderAckPage } from '../../lambdas/domain/pages/ack';
import { renderOfferPage } from '../../lambdas/domain/pages/offer';
import { type Author, type SocialEvent, SocialEventSchema } from '../../schemas/social-event';

const at = '2026-11-23T10:00:00.000Z';
const PHONE = '07700 900123';
const EMAIL = 'jane.doe@example.com';

const post = (author: Author, text = 'My router has been dead for three days and nobody calls back', kind: SocialEvent['kind'] = 'mention') =>
  SocialEventSchema.parse({ id: `x:${author.id}`, platform: 'x', kind, text, author, conversationId: `x:conv-${author.id}`, createdAt: at, receivedAt: at });

const caseOf = (event: SocialEvent) => newCase('c_author', event, classify(event), DEFAULT_CASE_SETTINGS, at);

describe('the classification counts PII in the display name and handle', () => {
  it('adds their types to pii, flags them, and never quotes them in a reason', () => {
    const c = classify(post({ id: '1784', name: `Call me ${PHONE}`, handle: EMAIL, followers: 40 }));
    expect(c.pii).toEqual(['email', 'phone']);
    expect(c.reasons).toContain('pii: email address and phone number posted publicly');
    expect(c.reasons.join(' ')).not.toMatch(/07700|jane\.doe/);
    expect(c.redactedText).toBe('My router has been dead for three days and nobody calls back');
  });

  it('merges them with the types in the text, once each, in label order', () => {
    const c = classify(post({ id: '1785', name: `Jo ${PHONE}` }, `charged twice on 4111 1111 1111 1111, call ${PHONE}`));
    expect(c.pii).toEqual(['phone', 'card']);
    expect(classify(post({ id: '1786', name: 'SSN 512-48-3377' }, 'IBAN GB29 NWBK 6016 1331 9268 19 please')).pii).toEqual(['bank', 'national_id']);
  });

  it('finds nothing in ordinary names and handles', () => {
    expect(classify(post({ id: '1787', name: 'Dana Reyes', handle: 'dana_r2024' })).pii).toEqual([]);
  });
});

describe('the case stores the redacted name and handle', () => {
  it('redacts them and keeps the platform author id and the other fields as they were', () => {
    const stored = caseOf(post({ id: '6000000000000004', name: `Call me ${PHONE}`, handle: EMAIL, followers: 40, verified: false }));
    expect(stored.author).toEqual({ id: '6000000000000004', name: 'Call me [phone]', handle: '[email]', followers: 40, verified: false });
    expect(stored.pii).toEqual(['email', 'phone']);
    expect(JSON.stringify(stored)).not.toMatch(/07700|900123|jane\.doe/);
  });

  it('leaves a name and handle without PII alone', () => {
    expect(caseOf(post({ id: '42', name: 'Dana Reyes', handle: '@dana_r' })).author).toEqual({ id: '42', name: 'Dana Reyes', handle: '@dana_r' });
  });

  it('keeps the types of a later post’s author on the case', () => {
    const first = caseOf(post({ id: '42', name: 'Dana Reyes' }));
    const later = SocialEventSchema.parse({ ...post({ id: '43', name: `Sam ${EMAIL}` }), id: 'x:43b', conversationId: 'x:conv-42' });
    expect(foldPost(first, later, classify(later), DEFAULT_CASE_SETTINGS, at).pii).toEqual(['email']);
  });
});

describe('pages and emails show the redacted author', () => {
  const stored = caseOf(post({ id: '1784', name: `Call me ${PHONE}`, handle: EMAIL }, 'You overcharged me again, I am going to the press with this'));
  const byName = caseOf(post({ id: '1788', name: `Jane ${EMAIL} ${PHONE}` }, 'You overcharged me again, I am going to the press with this'));
  const pageCtx = (c: typeof stored) => ({
    brief: caseBrief(c),
    ackUrl: 'https://care.example.com/ack/abc',
    contactName: 'Priya Shah',
    tier: 1,
    tierName: 'On call',
    tierCount: 2,
    round: 1,
    ackWithinMinutes: 5,
    timezone: 'Europe/London',
  });
  const leaks = /07700|900123|jane\.doe|example\.com(?!\/ack)/;

  it('the brief names the author by the redacted handle, or else the redacted name', () => {
    expect(caseBrief(stored).author).toBe('@[email]');
    expect(caseBrief(byName).author).toBe('Jane [email] [phone]');
  });

  it('the page email and SMS', () => {
    for (const c of [stored, byName]) {
      const email = pageEmail(pageCtx(c));
      expect(`${email.subject}\n${email.text}\n${email.html}`).not.toMatch(leaks);
      expect(pageSms(pageCtx(c))).not.toMatch(leaks);
    }
    expect(pageEmail(pageCtx(byName)).text).toContain('Author: Jane [email] [phone]');
  });

  it('the acknowledgement page', () => {
    const html = renderAckPage({ state: 'confirm', brief: caseBrief(byName), contactName: 'Priya Shah', tier: 1, tierName: 'On call', formAction: '/ack/abc', timezone: 'Europe/London' });
    expect(html).toContain('Jane [email] [phone]');
    expect(html).not.toMatch(leaks);
  });

  it('the customer is not greeted by a redacted name', () => {
    expect(firstName(byName.author.name)).toBeUndefined();
    expect(firstName(stored.author.name)).toBeUndefined();
    expect(firstName('Dana Reyes')).toBe('Dana');
    const email = offerEmail({
      brief: caseBrief(byName),
      customerName: byName.author.name!,
      offerUrl: 'https://care.example.com/offer/xyz',
      businessName: 'Acme',
      expiresAt: '2026-11-30T10:00:00.000Z',
      // The warmest email, the only one that names and quotes: a directory customer's.
      addressFrom: 'directory',
    });
    expect(`${email.subject}\n${email.text}\n${email.html}`).not.toMatch(/\[email\]|\[phone\]|07700|jane\.doe/);
    const page = renderOfferPage({ state: 'choose', brief: caseBrief(byName), customerName: firstName(byName.author.name)!, businessName: 'Acme', formAction: '/offer/xyz' });
    expect(page).not.toMatch(/\[email\]|\[phone\]|07700|jane\.doe/);
  });
});
