import type { OfferPageView } from '../../../lambdas/domain/escalation/views';
import { renderOfferPage } from '../../../lambdas/domain/pages/offer';
import { HOSTILE, brief, count, expectNoRawMarkup, h1, title, visibleText } from './helpers';

const ACTION = '/offer/Zy9-offerCode_42';
const B = brief({
  platform: 'instagram',
  kind: 'comment',
  text: 'Waited 3 weeks for my refund and nobody answers. Absolutely fed up with this company, this is the worst service I have ever had in my life.',
});

const choose: Extract<OfferPageView, { state: 'choose' }> = {
  state: 'choose',
  brief: B,
  customerName: 'Daniel',
  businessName: 'Acme Support',
  businessHours: 'Mon–Fri 09:00–17:30 (Europe/London)',
  formAction: ACTION,
};

const views: Record<OfferPageView['state'], OfferPageView> = {
  choose,
  chosen: { state: 'chosen', channel: 'phone', phone: '07700 900412', time: 'after 6pm', businessName: 'Acme Support', businessHours: 'Mon–Fri 09:00–17:30 (Europe/London)', withinBusinessHours: false },
  used: { state: 'used', channel: 'email', businessName: 'Acme Support' },
  expired: { state: 'expired', businessName: 'Acme Support' },
  unknown: { state: 'unknown', businessName: 'Acme Support' },
};

const H1: Record<OfferPageView['state'], RegExp> = {
  choose: /^How would you like us to help\?$/,
  chosen: /^Thank you$/,
  used: /^You've already told us how you'd like us to help$/,
  expired: /^This link has expired$/,
  unknown: /^This link isn't valid$/,
};

/** Everything a customer could see or read out of the page (text and attribute values), minus the stylesheet. */
const customerFacing = (html: string) => html.replace(/<style[\s\S]*?<\/style>/gi, ' ');
const INTERNAL = /\b(case|cases|urgency|urgent|critical|tier|sentiment|negative|escalat\w*)\b/i;

/** Every choose/chosen variant the customer can get. */
const allCustomerPages = (): string[] => [
  ...Object.values(views).map(renderOfferPage),
  renderOfferPage({ ...choose, error: 'Please choose one of the options.', values: { channel: 'phone', phone: '0770', time: 'x' } }),
  renderOfferPage({ ...choose, customerName: undefined, businessHours: undefined }),
  ...(['phone', 'email', 'dm', 'none'] as const).flatMap((channel) => [
    renderOfferPage({ state: 'chosen', channel, businessName: 'Acme Support', withinBusinessHours: true }),
    renderOfferPage({ state: 'chosen', channel, businessName: 'Acme Support', businessHours: 'Mon–Fri 9–5', withinBusinessHours: false }),
    renderOfferPage({ state: 'used', channel, businessName: 'Acme Support' }),
  ]),
];

describe('renderOfferPage: every state', () => {
  it.each(Object.keys(views) as OfferPageView['state'][])('%s: plain h1, no scripts, phone viewport, signed', (state) => {
    const html = renderOfferPage(views[state]);
    expect(h1(html)).toMatch(H1[state]);
    expect(count(html, /<h1>/)).toBe(1);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(visibleText(html)).toContain('Acme Support');
  });

  it('gives each state its own <title>', () => {
    const titles = Object.values(views).map((v) => title(renderOfferPage(v)));
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('never shows internal words, the reference, reasons or sentiment to the customer', () => {
    for (const html of allCustomerPages()) {
      const page = customerFacing(html);
      expect(visibleText(html)).not.toMatch(INTERNAL);
      expect(page).not.toMatch(INTERNAL);
      expect(page).not.toContain(B.caseId);
      for (const reason of B.reasons) expect(page).not.toContain(reason);
      expect(page).not.toMatch(/\bthreat\b|\bfollowers\b|verified/i);
    }
  });
});

describe('renderOfferPage: choose', () => {
  const html = renderOfferPage(choose);
  const text = visibleText(html);

  it('greets them, names their post with a short quote, says sorry', () => {
    expect(text).toContain('Hello Daniel,');
    expect(text).toMatch(/about your Instagram comment: “Waited 3 weeks for my refund[^”]*…”/);
    const quote = /“([^”]*)”/.exec(text)![1]!;
    expect(quote.length).toBeLessThanOrEqual(120);
    expect(text).toMatch(/sorry/i);
    expect(visibleText(renderOfferPage({ ...choose, customerName: undefined }))).toMatch(/^.*?Hello,/);
  });

  it('says which post for generic sources and for DMs', () => {
    expect(visibleText(renderOfferPage({ ...choose, brief: brief({ platform: 'reviews', kind: 'review', text: 'Bad.' }) }))).toContain('about your review: “Bad.”');
    expect(visibleText(renderOfferPage({ ...choose, sourceName: 'Trustpilot', brief: brief({ platform: 'reviews', kind: 'review', text: 'Bad.' }) }))).toContain('about your Trustpilot review: “Bad.”');
    expect(visibleText(renderOfferPage({ ...choose, brief: brief({ platform: 'whatsapp', kind: 'dm', text: 'Hi' }) }))).toContain('about your WhatsApp message: “Hi”');
  });

  it('has one POST form to formAction with the four channel radios, tel and time fields, and a submit button', () => {
    expect(html.match(/<form\b[^>]*>/g)).toEqual([`<form method="post" action="${ACTION}">`]);
    const radios = [...html.matchAll(/<input type="radio" id="([^"]+)" name="channel" value="([^"]+)"/g)];
    expect(radios.map((m) => m[2])).toEqual(['phone', 'email', 'dm', 'none']);
    for (const [, id] of radios) expect(html).toContain(`<label class="choice" for="${id}">`);
    expect(html).toMatch(/<input type="tel" id="phone" name="phone"[^>]*>/);
    expect(html).toContain('<label for="phone">Phone number (optional)</label>');
    expect(html).toMatch(/<input type="text" id="time" name="time" maxlength="100"[^>]*>/);
    expect(html).toContain('<label for="time">Best time to call (optional)</label>');
    expect(html).toContain('<button type="submit">Send my choice</button>');
    expect(count(html, /<input\b/)).toBe(6);
    expect(html).not.toMatch(/ checked/);
    expect(html).not.toContain('role="alert"');
  });

  it('groups the optional phone fields under the phone choice, accessibly', () => {
    expect(count(html, /<fieldset/)).toBe(2);
    expect(html).toContain('<legend>How should we get in touch?</legend>');
    expect(html).toContain('<legend>If you chose a phone call (optional)</legend>');
    const phoneRadio = html.indexOf('value="phone"');
    const sub = html.indexOf('<fieldset class="sub">');
    const emailRadio = html.indexOf('value="email"');
    expect(phoneRadio).toBeLessThan(sub);
    expect(sub).toBeLessThan(emailRadio);
  });

  it('offers a private message on the named platform, and the radio labels', () => {
    expect(text).toContain('A phone call');
    expect(text).toContain('An email');
    expect(text).toContain('A private message on Instagram');
    expect(text).toContain('No thanks');
  });

  it('offers no private message where the source has none (a review site, a blog), and a call-time example within our hours', () => {
    const review = visibleText(renderOfferPage({ ...choose, brief: { ...choose.brief, platform: 'reviews', kind: 'review' } }));
    expect(review).not.toContain('private message');
    expect(review).toContain('An email');
    expect(text).toContain('We call during our hours (Mon–Fri 09:00–17:30 (Europe/London)). For example: Tuesday morning.');
    expect(text).not.toContain('after 6pm');
  });

  it('shows the business hours when known, not otherwise', () => {
    expect(text).toContain('Our opening hours: Mon–Fri 09:00–17:30 (Europe/London).');
    expect(visibleText(renderOfferPage({ ...choose, businessHours: undefined }))).not.toContain('opening hours');
  });

  it('escapes hostile text in the post, the name and the business name', () => {
    const evil = renderOfferPage({ ...choose, customerName: HOSTILE, businessName: HOSTILE, brief: { ...B, text: HOSTILE } });
    expectNoRawMarkup(evil);
    expect(visibleText(evil)).toContain(`Hello ${HOSTILE},`);
    expect(evil).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});

describe('renderOfferPage: choose with an error', () => {
  const err = (values: { channel?: string; phone?: string; time?: string }, error = 'Please enter a valid phone number.') =>
    renderOfferPage({ ...choose, error, values });

  it('shows the error at the top as an alert and marks the title', () => {
    const html = err({ channel: 'phone', phone: 'abc' });
    const main = html.split('<main>')[1]!;
    expect(main.trimStart().startsWith('<div class="error" role="alert"><p>Please enter a valid phone number.</p></div>')).toBe(true);
    expect(title(html)).toMatch(/^Error: /);
  });

  it.each(['phone', 'email', 'dm', 'none'])('re-checks the chosen radio (%s) and only that one', (channel) => {
    const html = err({ channel });
    expect(count(html, / checked/)).toBe(1);
    expect(html).toMatch(new RegExp(`value="${channel}" required checked>`));
  });

  it('checks nothing for a channel that is not one of the four', () => {
    expect(err({ channel: 'fax' })).not.toMatch(/ checked/);
    expect(err({ channel: 'phone" checked x="' })).not.toMatch(/ checked/);
  });

  it('re-fills the typed values, escaped', () => {
    const html = err({ channel: 'phone', phone: '"><script>alert(1)</script>', time: `after 6 & before 8 <b>'pm'</b>` }, HOSTILE);
    expectNoRawMarkup(html);
    expect(html).toContain('name="phone" autocomplete="tel" maxlength="30" aria-describedby="phone-hint" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('value="after 6 &amp; before 8 &lt;b&gt;&#39;pm&#39;&lt;/b&gt;"');
    expect(html).not.toContain('<b>');
    expect(html).toContain('role="alert"><p>&lt;script&gt;');
  });
});

describe('renderOfferPage: chosen', () => {
  const chosen = (over: Partial<Extract<OfferPageView, { state: 'chosen' }>>) =>
    visibleText(renderOfferPage({ state: 'chosen', channel: 'phone', businessName: 'Acme Support', withinBusinessHours: true, ...over }));

  it('phone: we will call, on the number and as near the time they gave as our hours allow — never a flat "during our hours" beside their time', () => {
    const text = visibleText(renderOfferPage(views.chosen));
    expect(text).toContain("We'll call you on 07700 900412.");
    expect(text).toContain('Your preferred time: after 6pm.');
    expect(text).toContain("We'll call as near that time as our hours allow (Mon–Fri 09:00–17:30 (Europe/London)).");
    expect(text).not.toContain("We'll call during our hours");
    // Without a preferred time, outside hours: during our hours.
    expect(chosen({ withinBusinessHours: false, businessHours: 'Mon–Fri 09:00–17:30 (Europe/London)' })).toContain("We'll call during our hours, Mon–Fri 09:00–17:30 (Europe/London).");
  });

  it('phone: without a number or time, within hours', () => {
    const text = chosen({});
    expect(text).toContain("We'll call you.");
    expect(text).not.toContain('preferred time');
    expect(text).toContain('in touch soon');
    expect(text).not.toContain('during our hours');
  });

  it('email and dm', () => {
    expect(chosen({ channel: 'email' })).toContain("We'll email you.");
    const dm = chosen({ channel: 'dm', withinBusinessHours: false, businessHours: 'Mon–Fri 9–5' });
    expect(dm).toContain("We'll send you a private message.");
    expect(dm).toContain('during our hours, Mon–Fri 9–5.');
  });

  it('none: we will not contact them', () => {
    const text = chosen({ channel: 'none' });
    expect(text).toContain("Understood — we won't contact you about this. Thanks for letting us know.");
    expect(text).not.toMatch(/We'll (call|email|send)/);
  });

  it('escapes what they typed', () => {
    const html = renderOfferPage({ state: 'chosen', channel: 'phone', phone: HOSTILE, time: HOSTILE, customerName: HOSTILE, businessName: 'Acme', withinBusinessHours: true });
    expectNoRawMarkup(html);
    expect(visibleText(html)).toContain(`We'll call you on ${HOSTILE}.`);
  });

  it('has no form', () => {
    expect(renderOfferPage(views.chosen)).not.toMatch(/<form|<input|<button/);
  });
});

describe('renderOfferPage: used, expired, unknown', () => {
  it('used: no form, and the channel when known', () => {
    const html = renderOfferPage(views.used);
    expect(html).not.toMatch(/<form|<input|<button/);
    expect(visibleText(html)).toContain('You asked for an email.');
    expect(visibleText(renderOfferPage({ state: 'used', businessName: 'Acme Support' }))).not.toContain('You asked');
  });

  it('expired: how to reach them, signed', () => {
    const text = visibleText(renderOfferPage(views.expired));
    expect(text).toMatch(/get in touch/);
    expect(text).toMatch(/Acme Support$/);
  });

  it('unknown: only that the link is not valid', () => {
    const html = renderOfferPage(views.unknown);
    expect(html).not.toMatch(/<form|<blockquote/);
    expect(visibleText(html)).not.toMatch(/Instagram|refund|Daniel/);
  });

  it('escapes the business name everywhere', () => {
    for (const state of ['expired', 'unknown', 'used'] as const) {
      expectNoRawMarkup(renderOfferPage({ state, businessName: HOSTILE }));
    }
  });
});
