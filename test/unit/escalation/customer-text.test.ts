/**
 * What a customer (or whoever holds an offer link, or picks a display name) writes reaches staff and the link pages
 * only as shown text (lambdas/domain/escalation/shown-text.ts): no control or bidi characters, PII redacted by the
 * one detector, links defanged — in the "Preferred time" of the choice email, in display names and handles (the
 * page email's Author line, "… chose a phone call", the ack page), and in every quoted post.
 */
import { shownBrief, shownLine, shownText } from '../../../lambdas/domain/escalation/shown-text';
import { choiceEmail, offerEmail, pageEmail, pageSms } from '../../../lambdas/domain/escalation/messages';
import type { CaseBrief, ChoiceContext, PageContext } from '../../../lambdas/domain/escalation/views';
import { renderAckPage } from '../../../lambdas/domain/pages/ack';
import { pageContext } from './fakes';
import { renderOfferPage } from '../../../lambdas/domain/pages/offer';
import { preBreachEmail } from '../../../lambdas/domain/sla/messages';

const EVIL_NAME = 'Call https://evil.example/x now';
const CONTROL_NAME = 'Dana\u0000\u0007\u001b[31m Reyes\u001b[0m';
const BIDI_NAME = '\u202eDana\u202c \u2067Reyes\u2069 \u2066x\u2069\u200f';
/** Anything a reader (or a terminal) would not see as plain text, or a client would link. */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|https?:\/\/evil|evil\.example/;

const brief = (over: Partial<CaseBrief> = {}): CaseBrief => ({
  caseId: 'c_abc',
  urgency: 'critical',
  category: 'threat',
  sentiment: 'negative',
  platform: 'reviews',
  kind: 'review',
  text: 'The charger exploded and burned my kid! Evidence: https://evil.example/login and www.evil.example \u202egnp.exe\u202c',
  author: EVIL_NAME,
  receivedAt: '2026-11-23T03:12:00Z',
  reasons: ['safety: injury'],
  ...over,
});

const pageCtx = (over: Partial<PageContext> = {}): PageContext => pageContext(brief(), { tierName: 'Duty lead', tierCount: 2, ...over });

const choiceCtx = (over: Partial<ChoiceContext> = {}): ChoiceContext => ({
  brief: brief({ category: 'complaint', urgency: 'high' }),
  channel: 'phone',
  phone: '+447700900123',
  time: 'after 6pm',
  customerName: EVIL_NAME,
  ownerName: 'Sam Lee',
  unowned: true,
  withinBusinessHours: true,
  timezone: 'Europe/London',
  chosenAt: '2026-11-23T10:05:00Z',
  ...over,
});

describe('shownLine and shownText', () => {
  it.each([
    ['after 6pm https://evil.example/call', 'after 6pm hxxps://evil[.]example/call'],
    ['4111 1111 1111 1111', '[card]'],
    ['call me on 07700 900999 or a@b.com', 'call me on [phone] or [email]'],
    ['a\r\nBcc: x', 'a Bcc: x'],
    ['\u202eevil', 'evil'],
    [EVIL_NAME, 'Call hxxps://evil[.]example/x now'],
    [CONTROL_NAME, 'Dana Reyes'],
    [BIDI_NAME, 'Dana Reyes x'],
    ['<b>x</b> &amp;', '<b>x</b> &amp;'],
    ['  weekdays\tafter   6  ', 'weekdays after 6'],
  ])('%j → %j', (input, expected) => {
    expect(shownLine(input)).toBe(expected);
  });

  it('keeps the lines of a quoted post, and nothing unsafe in them', () => {
    const out = shownText('line one https://evil.example\r\nline\u0007 two\u2028\u202eline three');
    expect(out).toBe('line one hxxps://evil[.]example\nline two\nline three');
  });

  it('changes nothing in text that is already shown text', () => {
    const once = shownText(brief().text);
    expect(shownText(once)).toBe(once);
    expect(shownBrief(shownBrief(brief()))).toEqual(shownBrief(brief()));
  });
});

describe('the choice email to staff', () => {
  it.each([
    ['after 6pm https://evil.example/call', 'Preferred time: after 6pm hxxps://evil[.]example/call'],
    ['4111 1111 1111 1111', 'Preferred time: [card]'],
    ['call me on 07700 900999 or a@b.com', 'Preferred time: call me on [phone] or [email]'],
    ['\u202eevil', 'Preferred time: evil'],
    ['a\r\nBcc: x', 'Preferred time: a Bcc: x'],
  ])('forwards the preferred time %j as %j', (time, line) => {
    const email = choiceEmail(choiceCtx({ time }));
    expect(email.text).toContain(`${line}\n`);
    for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(UNSAFE);
    expect(email.text).not.toContain('4111');
    expect(email.html.match(/<a [^>]*>/g)).toEqual([expect.stringContaining('href="tel:+447700900123"')]);
  });

  it('names the customer only as shown text: "… chose a phone call", the Author line', () => {
    for (const name of [EVIL_NAME, CONTROL_NAME, BIDI_NAME]) {
      const email = choiceEmail(choiceCtx({ customerName: name, brief: brief({ author: name }) }));
      for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(UNSAFE);
    }
    const email = choiceEmail(choiceCtx());
    expect(email.text).toContain('Call hxxps://evil[.]example/x now chose a phone call');
    expect(email.text).toContain('Author: Call hxxps://evil[.]example/x now\n');
  });
});

describe('the page to on-call staff', () => {
  it('shows the author and the post as shown text, in the email and the SMS', () => {
    for (const author of [EVIL_NAME, CONTROL_NAME, BIDI_NAME]) {
      const ctx = pageCtx({ brief: brief({ author }) });
      const email = pageEmail(ctx);
      for (const part of [email.subject, email.text, email.html, pageSms(ctx)]) expect(part).not.toMatch(UNSAFE);
    }
    expect(pageEmail(pageCtx()).text).toContain('Author: Call hxxps://evil[.]example/x now\n');
  });

  it('the SLA warning too', () => {
    const email = preBreachEmail({ brief: brief(), dueAt: '2026-11-23T03:27:00Z', dueIn: '6 min', ackUrl: 'https://care.example.com/ack/x', contactName: 'Priya Shah', timezone: 'UTC', businessHoursOnly: false });
    for (const part of [email.text, email.html]) expect(part).not.toMatch(UNSAFE);
    expect(email.text).toContain('Author: Call hxxps://evil[.]example/x now\n');
  });
});

describe('the ack page', () => {
  it('shows the author and the post with links defanged and no control or bidi characters, in every state', () => {
    for (const author of [EVIL_NAME, CONTROL_NAME, BIDI_NAME]) {
      const b = brief({ author });
      const pages = [
        renderAckPage({ state: 'confirm', brief: b, contactName: 'Priya Shah', tier: 1, tierName: 'Duty lead', formAction: '/ack/x', timezone: 'UTC' }),
        renderAckPage({ state: 'acknowledged', brief: b, contactName: 'Priya Shah', at: '2026-11-23T03:14:00Z', timezone: 'UTC' }),
        renderAckPage({ state: 'already-acknowledged', brief: b, by: 'Sam Okafor', at: '2026-11-23T03:14:00Z', timezone: 'UTC' }),
        renderAckPage({ state: 'used', brief: b, timezone: 'UTC' }),
      ];
      for (const html of pages) expect(html).not.toMatch(UNSAFE);
    }
    const confirm = renderAckPage({ state: 'confirm', brief: brief(), contactName: 'Priya Shah', tier: 1, tierName: 'Duty lead', formAction: '/ack/x', timezone: 'UTC' });
    expect(confirm).toContain('from Call hxxps://evil[.]example/x now');
    expect(confirm).toContain('Evidence: hxxps://evil[.]example/login and www[.]evil[.]example');
  });
});

describe('the offer pages and email', () => {
  it('the thank-you page shows the preferred time and name as shown text', () => {
    const html = renderOfferPage({ state: 'chosen', channel: 'phone', phone: '+447700900123', time: 'after 6pm https://evil.example/call \u202e4111 1111 1111 1111', customerName: CONTROL_NAME, businessName: 'Acme', withinBusinessHours: true });
    expect(html).not.toMatch(UNSAFE);
    expect(html).toContain('after 6pm hxxps://evil[.]example/call [card]');
    expect(html).toContain('Thank you, Dana Reyes.');
  });

  it('the choose page greets by a shown name and quotes the post defanged', () => {
    const html = renderOfferPage({ state: 'choose', brief: brief({ category: 'complaint' }), customerName: BIDI_NAME, businessName: 'Acme', formAction: '/offer/x' });
    expect(html).not.toMatch(UNSAFE);
    expect(html).toContain('Hello Dana Reyes x,');
  });

  it('the warm offer email quotes the post without control or bidi characters', () => {
    const email = offerEmail({ brief: brief({ category: 'complaint' }), addressFrom: 'directory', customerName: BIDI_NAME, offerUrl: 'https://care.example.com/offer/x', businessName: 'Acme', expiresAt: '2026-11-30T00:00:00Z' });
    for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(UNSAFE);
  });
});
