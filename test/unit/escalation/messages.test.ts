import {
  SMS_MAX_CHARS,
  SMS_MAX_UCS2_UNITS,
  channelLabel,
  choiceEmail,
  escapeHtml,
  formatWhen,
  isGsm7,
  offerEmail,
  pageEmail,
  pageSms,
  reachLabel,
} from '../../../lambdas/domain/escalation/messages';
import type { CaseBrief, ChoiceContext, OfferChannel, OfferContext, PageContext } from '../../../lambdas/domain/escalation/views';
import { preBreachSms } from '../../../lambdas/domain/sla/messages';
import { pageContext } from './fakes';

const brief = (over: Partial<CaseBrief> = {}): CaseBrief => ({
  caseId: 'c_abc',
  urgency: 'critical',
  category: 'threat',
  sentiment: 'negative',
  platform: 'facebook',
  kind: 'comment',
  text: 'Your staff ignored my allergy warning and my son ended up in hospital. I am calling the local paper tomorrow morning.',
  author: '@dan_p',
  followers: 12_400,
  verified: true,
  url: 'https://www.facebook.com/dan_p/posts/123',
  receivedAt: '2026-11-23T03:12:00Z',
  reasons: ['threat: going to the press', 'safety: allergic reaction'],
  ...over,
});

const pageCtx = (over: Partial<PageContext> = {}): PageContext => pageContext(brief(), over);

const offerCtx = (over: Partial<OfferContext> = {}): OfferContext => ({
  brief: brief({ category: 'complaint', urgency: 'high', text: 'Waited 2 hours on hold and the order still has not arrived. Not good enough.' }),
  customerName: 'Daniel Price',
  offerUrl: 'https://care.example.com/offer/Zx9Yw8',
  businessName: 'Acme Support',
  businessHours: 'Mon–Fri 09:00–17:30 (Europe/London)',
  expiresAt: '2026-11-30T14:00:00Z',
  ...over,
  // The warm email to a customer from the directory, unless a test says otherwise.
  addressFrom: over.addressFrom ?? 'directory',
});

const choiceCtx = (over: Partial<ChoiceContext> = {}): ChoiceContext => ({
  brief: brief({ category: 'complaint', urgency: 'high' }),
  channel: 'phone',
  phone: '+44 7700 900412',
  time: 'after 6pm please',
  customerName: 'Daniel Price',
  ownerName: 'Sam Lee',
  unowned: false,
  withinBusinessHours: true,
  businessHours: 'Mon–Fri 09:00–17:30 (Europe/London)',
  timezone: 'Europe/London',
  chosenAt: '2026-11-23T10:05:00Z',
  ...over,
});

/** Septets, as a carrier counts them: the GSM-7 extension characters take two. */
const septets = (s: string) => Array.from(s).reduce((n, c) => n + ('^{}\\[~]|€'.includes(c) ? 2 : 1), 0);

const EMOJI_POST = Array.from(
  { length: 120 },
  (_, i) => `“Line ${i}” — this is ‘awful’ 😡🔥👎🏽 ${i % 7 === 0 ? '\n\n' : ' '}…and I’ll tell everyone – naïve façade ½ 中文 `,
)
  .join('')
  .slice(0, 5000);
const LONG_ACK_URL = `https://care-escalation.support.example-company.co.uk/ack/${'Q7x'.repeat(21)}`;

describe('isGsm7', () => {
  it('accepts the basic set and the extension table, nothing else', () => {
    expect(isGsm7('Hello @ £5, é è Ä ñ ¿? [phone] {x} € ~ ^ | \\\n')).toBe(true);
    expect(isGsm7('smart “quotes”')).toBe(false);
    expect(isGsm7('dash — here')).toBe(false);
    expect(isGsm7('wait…')).toBe(false);
    expect(isGsm7('angry 😡')).toBe(false);
    expect(isGsm7('back`tick')).toBe(false);
    expect(isGsm7('')).toBe(true);
  });

  it('SMS_MAX_CHARS is two concatenated segments', () => {
    expect(SMS_MAX_CHARS).toBe(306);
  });
});

describe('reachLabel', () => {
  it.each([
    [950, false, '950 followers'],
    [1, false, '1 follower'],
    [0, false, '0 followers'],
    [1_000, false, '1k followers'],
    [12_400, false, '12.4k followers'],
    [12_400, true, '12.4k followers, verified'],
    [123_456, false, '123k followers'],
    [999_960, false, '1M followers'],
    [2_300_000, false, '2.3M followers'],
    [1_500_000_000, false, '1.5B followers'],
  ])('%d followers (verified: %s) → %s', (followers, verified, expected) => {
    expect(reachLabel({ followers, verified })).toBe(expected);
  });

  it('"verified" alone, and undefined when neither is known', () => {
    expect(reachLabel({ verified: true })).toBe('verified');
    expect(reachLabel({})).toBeUndefined();
    expect(reachLabel({ verified: false })).toBeUndefined();
    expect(reachLabel({ followers: Number.NaN })).toBeUndefined();
  });
});

describe('formatWhen', () => {
  it('shows one instant in the zone given, with the zone', () => {
    expect(formatWhen('2026-11-23T03:12:00Z', 'Europe/London')).toBe('23 Nov 2026, 03:12 (Europe/London)');
    expect(formatWhen('2026-11-23T03:12:00Z', 'America/New_York')).toBe('22 Nov 2026, 22:12 (America/New_York)');
  });

  it('follows daylight saving time', () => {
    expect(formatWhen('2026-07-01T12:00:00Z', 'Europe/London')).toBe('1 Jul 2026, 13:00 (Europe/London)');
    expect(formatWhen('2026-07-01T12:00:00Z', 'America/New_York')).toBe('1 Jul 2026, 08:00 (America/New_York)');
  });

  it('uses 00 for midnight, falls back to UTC for an unknown zone, and returns a bad instant as given', () => {
    expect(formatWhen('2026-01-05T00:07:00Z', 'UTC')).toBe('5 Jan 2026, 00:07 (UTC)');
    expect(formatWhen('2026-01-05T00:07:00Z', 'Mars/Olympus_Mons')).toBe('5 Jan 2026, 00:07 (UTC)');
    expect(formatWhen('not a date', 'Europe/London')).toBe('not a date');
  });
});

describe('channelLabel', () => {
  it('names each channel for people', () => {
    expect(channelLabel('phone', 'facebook')).toBe('a phone call');
    expect(channelLabel('email', 'facebook')).toBe('an email');
    expect(channelLabel('dm', 'instagram')).toBe('a private message on instagram');
    expect(channelLabel('none', 'facebook')).toBe('no thanks');
  });
});

describe('escapeHtml', () => {
  it('escapes & < > " \'', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('pageSms', () => {
  it('says how urgent, where, how far it reaches, what was said, which case, and ends with the ack link', () => {
    const sms = pageSms(pageCtx());
    const lines = sms.split('\n');
    expect(lines[0]).toBe('CRITICAL threat - facebook comment');
    expect(sms).toContain('Reach: 12.4k followers, verified');
    expect(sms).toContain('"Your staff ignored my allergy warning');
    expect(sms).toContain('Case c_abc');
    expect(lines.at(-1)).toBe('Acknowledge: https://care.example.com/ack/AbCdEf123');
    expect(isGsm7(sms)).toBe(true);
  });

  it('summarises the post in one line of about 80 characters, cut at a word, with an ASCII ellipsis', () => {
    const sms = pageSms(pageCtx());
    const summaryLine = sms.split('\n').find((l) => l.startsWith('"'))!;
    expect(summaryLine).toBeDefined();
    const summary = summaryLine.slice(1, -1);
    expect(summary.length).toBeGreaterThanOrEqual(60);
    expect(summary.length).toBeLessThanOrEqual(90);
    expect(summary.endsWith('...')).toBe(true);
    // Cut at a word boundary: what precedes the ellipsis is a whole word of the post.
    const lastWord = summary.slice(0, -3).split(' ').at(-1)!;
    expect(brief().text.split(/\s+/)).toContain(lastWord);
  });

  it('keeps a short post whole, collapsing its whitespace', () => {
    const sms = pageSms(pageCtx({ brief: brief({ text: '  Hacked!\n\nSomeone   changed my password  ' }) }));
    expect(sms).toContain('\n"Hacked! Someone changed my password"\n');
  });

  it('never names the author, nor links the post (its URL carries the handle)', () => {
    const ctx = pageCtx({
      brief: brief({ author: '@dan_p', text: 'This is dan_p here: your burger made me ill. Ask @DAN_P if you doubt it.', url: 'https://x.com/dan_p/status/1' }),
    });
    const sms = pageSms(ctx);
    expect(sms.toLowerCase()).not.toContain('dan_p');
    expect(sms).not.toContain('x.com');
    expect(sms).toContain('[author]');
  });

  it('never names an author given by display name either', () => {
    const sms = pageSms(pageCtx({ brief: brief({ author: 'Daniel Price', text: 'Daniel Price here, and I am furious about my order.' }) }));
    expect(sms).not.toContain('Daniel');
    expect(sms).not.toContain('Price');
  });

  it('transliterates smart punctuation in the summary and drops emoji', () => {
    const sms = pageSms(pageCtx({ brief: brief({ text: '“Awful” — they’re ‘rude’ 😡😡 and the café’s façade is naïve…' }) }));
    // é is GSM-7 and stays; ç and ï are not and lose their accents.
    expect(sms).toContain(`\n"\"Awful\" - they're 'rude' and the café's facade is naive..."\n`);
    expect(isGsm7(sms)).toBe(true);
  });

  it('stays GSM-7 and within two segments for a 5,000-character emoji-laden post and a long ack URL', () => {
    expect(EMOJI_POST.length).toBe(5000);
    expect(LONG_ACK_URL.length).toBeGreaterThanOrEqual(115);
    const ctx = pageCtx({ ackUrl: LONG_ACK_URL, tier: 3, round: 2, brief: brief({ text: EMOJI_POST, followers: 2_300_000 }) });
    const sms = pageSms(ctx);
    expect(isGsm7(sms)).toBe(true);
    expect(septets(sms)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(sms.split('\n').at(-1)).toBe(`Acknowledge: ${LONG_ACK_URL}`);
    // The summary shrank, but is still there, ahead of the link.
    expect(sms).toMatch(/\n""Line 0" - this is 'awful' .*\.\.\."\n/);
    expect(sms).toContain("you're tier 3, round 2");
  });

  it('leads with the alert of a later escalation, in GSM-7, and keeps it when the room runs out', () => {
    const alert = 'New critical post in a case Zoë “Ops” Müller-Ødegård acknowledged ' + 'x'.repeat(200);
    const sms = pageSms(pageCtx({ ackUrl: LONG_ACK_URL, tier: 1, alert, brief: brief({ text: EMOJI_POST, followers: 2_300_000 }) }));
    expect(isGsm7(sms)).toBe(true);
    expect(septets(sms)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    const lines = sms.split('\n');
    expect(lines[1]).toMatch(/^New critical post in a case Zoe "Ops" Müller-Ødegård acknowledged.*\.\.\.$/);
    expect(septets(lines[1]!)).toBeLessThanOrEqual(80);
    expect(lines.at(-1)).toBe(`Acknowledge: ${LONG_ACK_URL}`);
    expect(pageSms(pageCtx())).not.toContain('New critical post');
    const mail = pageEmail(pageCtx({ alert: 'New critical post in a case you acknowledged' }));
    expect(mail.subject).toMatch(/^\[CRITICAL\] New post: /);
    expect(mail.text).toContain('New critical post in a case you acknowledged. A CRITICAL');
    expect(mail.text).toContain('The new post (redacted):');
    expect(mail.html).toContain('New critical post in a case you acknowledged.');
  });

  it('counts extension characters as two septets', () => {
    const text = '[phone] '.repeat(600);
    const sms = pageSms(pageCtx({ ackUrl: LONG_ACK_URL, tier: 2, brief: brief({ text }) }));
    expect(septets(sms)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(sms).toContain('[phone]');
    expect(sms.split('\n').at(-1)).toBe(`Acknowledge: ${LONG_ACK_URL}`);
  });

  it('gives up the summary rather than the link when the link is huge', () => {
    const url = `https://care.example.com/ack/${'z'.repeat(230)}`;
    const sms = pageSms(pageCtx({ ackUrl: url, tier: 2 }));
    expect(septets(sms)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(sms.split('\n').at(-1)).toBe(`Acknowledge: ${url}`);
    expect(sms).not.toContain('allergy');
  });

  it('says nothing about tiers on the first tier of the first round', () => {
    const sms = pageSms(pageCtx());
    expect(sms).not.toMatch(/tier/i);
  });

  it("says who did not answer on later tiers and rounds, in ASCII", () => {
    expect(pageSms(pageCtx({ tier: 2 }))).toContain("\nNo ack from tier 1 - you're tier 2\n");
    expect(pageSms(pageCtx({ tier: 3 }))).toContain("\nNo ack from tiers 1-2 - you're tier 3\n");
    expect(pageSms(pageCtx({ tier: 1, round: 2 }))).toContain("\nNo ack in round 1 - you're tier 1, round 2\n");
  });

  it('leaves out reach when unknown, and says "verified" alone', () => {
    expect(pageSms(pageCtx({ brief: brief({ followers: undefined, verified: undefined }) }))).not.toContain('Reach');
    expect(pageSms(pageCtx({ brief: brief({ followers: undefined, verified: true }) }))).toContain('\nReach: verified\n');
    expect(pageSms(pageCtx({ brief: brief({ followers: 950, verified: false }) }))).toContain('\nReach: 950 followers\n');
  });

  it('shows a post with no plain text as such', () => {
    const sms = pageSms(pageCtx({ brief: brief({ text: '😡😡😡 🔥' }) }));
    expect(sms).toContain('\n"(no text)"\n');
  });
});

describe('pageSms for a post in another script', () => {
  const CJK = '充电器爆炸了，烧伤了我的女儿，我要报警 fire';
  const quoteOf = (sms: string) => sms.split('\n').find((l) => l.startsWith('"'));
  /** No UTF-16 surrogate: every character is in UCS-2 (the Basic Multilingual Plane). */
  const isUcs2 = (s: string) => !/[\ud800-\udfff]/.test(s);

  it('keeps a Chinese quote: sent as UCS-2 (Unicode) within three segments, the ack link whole', () => {
    const sms = pageSms(pageCtx({ brief: brief({ text: CJK }) }));
    expect(quoteOf(sms)).toBe(`"${CJK}"`);
    expect(isGsm7(sms)).toBe(false);
    expect(isUcs2(sms)).toBe(true);
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX_UCS2_UNITS);
    expect(sms.split('\n').at(-1)).toBe('Acknowledge: https://care.example.com/ack/AbCdEf123');
  });

  it('three concatenated UCS-2 segments of 67 characters', () => {
    expect(SMS_MAX_UCS2_UNITS).toBe(3 * 67);
  });

  it.each([
    ['Russian', 'Зарядка взорвалась и обожгла мою дочь, я звоню в полицию'],
    ['Arabic', 'انفجر الشاحن وأحرق ابنتي، سأتصل بالشرطة'],
    ['Greek', 'Ο φορτιστής εξερράγη και έκαψε την κόρη μου'],
    ['Japanese', '充電器が爆発して娘がやけどしました。警察に電話します'],
  ])('keeps a %s quote too', (_script, text) => {
    const sms = pageSms(pageCtx({ brief: brief({ text }) }));
    expect(quoteOf(sms)).toBe(`"${text}"`);
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX_UCS2_UNITS);
  });

  it('clips a long one to fit, with an ellipsis, and drops emoji (outside UCS-2)', () => {
    const long = `${CJK} 😡🔥 `.repeat(200);
    const sms = pageSms(pageCtx({ tier: 3, round: 2, brief: brief({ text: long, followers: 2_300_000 }) }));
    expect(isUcs2(sms)).toBe(true);
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX_UCS2_UNITS);
    expect(quoteOf(sms)).toMatch(/^"充电器爆炸了.*…"$/u);
    expect(sms.split('\n').at(-1)).toBe('Acknowledge: https://care.example.com/ack/AbCdEf123');
    expect(sms).toContain("you're tier 3, round 2");
  });

  it('falls back to the GSM-7 SMS when even three segments leave no room for the quote', () => {
    const url = `https://care.example.com/ack/${'z'.repeat(150)}`;
    const sms = pageSms(pageCtx({ ackUrl: url, tier: 2, brief: brief({ text: CJK }) }));
    expect(isGsm7(sms)).toBe(true);
    expect(septets(sms)).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(sms.split('\n').at(-1)).toBe(`Acknowledge: ${url}`);
  });

  it('still hides the author and defangs links in a UCS-2 quote', () => {
    const sms = pageSms(pageCtx({ brief: brief({ author: '李明华', text: '李明华: 充电器爆炸了 https://evil.example/x 我要报警' }) }));
    expect(sms).not.toContain('李明华');
    expect(sms).toContain('[author]: 充电器爆炸了 hxxps://evil[.]example/x 我要报警');
  });

  it('keeps GSM-7 for a Latin post with a little CJK or emoji in it', () => {
    const sms = pageSms(pageCtx({ brief: brief({ text: 'The charger exploded and burned my daughter 中文 😡, calling the police' }) }));
    expect(isGsm7(sms)).toBe(true);
    expect(sms).toContain('"The charger exploded and burned my daughter , calling the police"');
  });

  it('the SLA warning SMS keeps a Chinese quote the same way', () => {
    const sms = preBreachSms({ brief: brief({ text: CJK }), dueAt: '2026-11-23T03:27:00Z', dueIn: '6 min', ackUrl: 'https://care.example.com/ack/AbCdEf123', contactName: 'Priya Shah', timezone: 'UTC', businessHoursOnly: false });
    expect(quoteOf(sms)).toBe(`"${CJK}"`);
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX_UCS2_UNITS);
  });
});

describe('pageEmail', () => {
  it('has a subject with urgency, platform, kind, case and tier', () => {
    expect(pageEmail(pageCtx()).subject).toBe('[CRITICAL] Facebook comment — case c_abc (tier 1)');
    expect(pageEmail(pageCtx({ tier: 2, round: 2 })).subject).toBe('[CRITICAL] Facebook comment — case c_abc (tier 2, round 2)');
  });

  it('greets the contact, quotes the full post and gives the facts in plain text', () => {
    const long = `${'word '.repeat(300)}END-OF-POST`;
    const { text } = pageEmail(pageCtx({ brief: brief({ text: `First line\n${long}` }) }));
    expect(text.startsWith('Hi Priya,\n')).toBe(true);
    expect(text).toContain('> First line\n> word word');
    expect(text).toContain('END-OF-POST');
    expect(text).toContain('Platform: Facebook comment');
    expect(text).toContain('Author: @dan_p');
    expect(text).toContain('Reach: 12.4k followers, verified');
    expect(text).toContain('Received: 23 Nov 2026, 03:12 (Europe/London)');
    expect(text).toContain('Post: https://www.facebook.com/dan_p/posts/123');
    expect(text).toContain('Case: c_abc');
    expect(text).toContain('Why it was flagged:\n- threat: going to the press\n- safety: allergic reaction');
    expect(text).toContain('https://care.example.com/ack/AbCdEf123');
    expect(text).not.toMatch(/<[a-z]/i);
  });

  it('shows the received time in the policy zone', () => {
    const ny = pageEmail(pageCtx({ timezone: 'America/New_York' }));
    expect(ny.text).toContain('Received: 22 Nov 2026, 22:12 (America/New_York)');
    expect(ny.html).toContain('22 Nov 2026, 22:12 (America/New_York)');
    expect(pageEmail(pageCtx()).html).toContain('23 Nov 2026, 03:12 (Europe/London)');
  });

  it('says what happens when nobody acknowledges', () => {
    expect(pageEmail(pageCtx()).text).toContain('If nobody acknowledges within 15 minutes, the next tier (tier 2 of 3) is paged.');
    expect(pageEmail(pageCtx({ tier: 2, ackWithinMinutes: 2.5 })).text).toContain('within 2.5 minutes, the next tier (tier 3 of 3) is paged');
    expect(pageEmail(pageCtx({ tier: 1, ackWithinMinutes: 0.5 })).text).toContain('within 30 seconds');
    const last = pageEmail(pageCtx({ tier: 3, round: 2 })).text;
    expect(last).toContain('This is the last tier');
    expect(last).not.toContain('the next tier');
    expect(pageEmail(pageCtx({ tier: 1, tierCount: 1 })).text).toContain('This is the last tier (tier 1 of 1)');
  });

  it('explains a later tier or round', () => {
    const t2 = pageEmail(pageCtx({ tier: 2, tierName: 'Customer care manager' })).text;
    expect(t2).toContain("You're being paged as tier 2 (Customer care manager).");
    expect(t2).toContain('Nobody at tier 1 has acknowledged it.');
    expect(pageEmail(pageCtx({ round: 2 })).text).toContain('Nobody acknowledged it in round 1, so the pages have started again.');
  });

  it('has one big Acknowledge link in simple, self-contained HTML', () => {
    const { html } = pageEmail(pageCtx());
    expect(html).toMatch(/<a href="https:\/\/care\.example\.com\/ack\/AbCdEf123" style="[^"]*font-size:18px[^"]*">Acknowledge<\/a>/);
    expect(html).toContain('<li>threat: going to the press</li>');
    expect(html).toContain('href="https://www.facebook.com/dan_p/posts/123"');
    expect(html).not.toMatch(/<script|<img|<link|<style|<iframe|src=|url\(/i);
  });

  it('escapes everything that came from data', () => {
    const ctx = pageCtx({
      contactName: 'Priya <b>Shah</b>',
      tierName: 'Lead "A" & co',
      brief: brief({
        text: `Hi <script>alert("x")</script> & "quoted" 'single'\n<img src=x onerror=alert(1)>`,
        author: '<evil>',
        reasons: ['threat: <going> & "press"'],
        url: 'javascript:alert(1)',
      }),
    });
    const { html, text } = pageEmail(ctx);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<evil>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;');
    expect(html).toContain('&lt;evil&gt;');
    expect(html).toContain('threat: &lt;going&gt; &amp; &quot;press&quot;');
    expect(html).toContain('Lead &quot;A&quot; &amp; co');
    // A non-http post URL is never a link.
    expect(html).not.toContain('javascript:');
    expect(text).not.toContain('javascript:');
    // The plain-text part keeps the words as written.
    expect(text).toContain('> Hi <script>alert("x")</script> & "quoted"');
  });

  it('greets by the whole name when it does not look like "First Last", and says Hello when there is none', () => {
    expect(pageEmail(pageCtx({ contactName: 'Priya' })).text.startsWith('Hi Priya,')).toBe(true);
    expect(pageEmail(pageCtx({ contactName: '' })).text.startsWith('Hello,')).toBe(true);
  });
});

describe('offerEmail', () => {
  it('greets by first name, names the post with a short quote and its date, and signs with the business name', () => {
    const { subject, text } = offerEmail(offerCtx());
    expect(subject).toBe('About your comment on Facebook — how would you like us to help?');
    // A generic source's id is no name to show a customer ("About your review", not "on Reviews"), and it has no
    // private messages to offer; a long link in the fallback line breaks anywhere rather than overflow a phone.
    const review = offerEmail(offerCtx({ brief: brief({ platform: 'reviews', kind: 'review', category: 'complaint' }) }));
    expect(review.text).not.toMatch(/Reviews|private message/);
    expect(review.html).not.toMatch(/Reviews|private message/);
    expect(review.html).toMatch(/<p style="[^"]*overflow-wrap:anywhere;word-break:break-all;">If the button does not work/);
    expect(offerEmail(offerCtx({ brief: brief({ platform: 'reviews', kind: 'review', category: 'complaint' }) })).subject).toBe('About your review — how would you like us to help?');
    // With the name the business gave the source (SOURCE_NAMES), the customer reads the site they wrote on, and still
    // no private message; a social platform keeps its own name whatever is configured.
    const named = offerEmail(offerCtx({ brief: brief({ platform: 'reviews', kind: 'review', category: 'complaint' }), sourceName: 'Trustpilot' }));
    expect(named.subject).toBe('About your review on Trustpilot — how would you like us to help?');
    expect(named.text).toContain('You wrote on Trustpilot on 23 Nov 2026:');
    expect(named.text).not.toMatch(/Reviews|private message/);
    expect(offerEmail(offerCtx({ sourceName: 'Trustpilot' })).subject).toBe('About your comment on Facebook — how would you like us to help?');
    expect(text.startsWith('Hi Daniel,\n')).toBe(true);
    expect(text).toContain('You wrote on Facebook on 23 Nov 2026:');
    expect(text).toContain('"Waited 2 hours on hold and the order still has not arrived. Not good enough."');
    expect(text).toMatch(/sorry/i);
    expect(text.trimEnd().endsWith('Acme Support')).toBe(true);
  });

  it('offers all four choices through one link, with business hours and the expiry', () => {
    const { text, html } = offerEmail(offerCtx());
    expect(text).toContain('a phone call');
    expect(text).toContain('an email');
    expect(text).toContain('a private message on Facebook');
    expect(text).toContain("no thanks, I'm fine");
    expect(text).toContain('https://care.example.com/offer/Zx9Yw8');
    expect(text).toContain('Mon–Fri 09:00–17:30 (Europe/London)');
    expect(text).toContain('The link works until 30 Nov 2026, 14:00 (Europe/London)');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(hrefs)).toEqual(new Set(['https://care.example.com/offer/Zx9Yw8']));
    expect(html).toMatch(/<a href="https:\/\/care\.example\.com\/offer\/Zx9Yw8" style="[^"]*display:inline-block[^"]*">[^<]+<\/a>/);
  });

  it('uses no internal words: no case, no case id, no reasons, no tracking', () => {
    const ctx = offerCtx();
    for (const part of Object.values(offerEmail(ctx))) {
      expect(part).not.toMatch(/\bcase\b/i);
      expect(part).not.toContain('c_abc');
      expect(part).not.toMatch(/tier|urgency|critical/i);
      for (const reason of ctx.brief.reasons) expect(part).not.toContain(reason);
    }
    const threat = offerEmail(offerCtx({ brief: brief({ text: 'Calling my lawyer about this.' }) }));
    for (const part of Object.values(threat)) {
      expect(part).not.toMatch(/\bcase\b/i);
      expect(part).not.toContain('going to the press');
    }
    expect(offerEmail(ctx).html).not.toMatch(/<script|<img|src=|url\(/i);
  });

  it('quotes at most about 120 characters, cut at a word', () => {
    const text = `${'The delivery was late again and nobody answered the phone '.repeat(10)}SECRET-TAIL`;
    const email = offerEmail(offerCtx({ brief: brief({ category: 'complaint', text }) }));
    const quote = email.text.match(/\n"(.*)"\n/)![1]!;
    expect(quote.length).toBeLessThanOrEqual(120);
    expect(quote.length).toBeGreaterThan(80);
    expect(quote.endsWith('…')).toBe(true);
    expect(email.text).not.toContain('SECRET-TAIL');
    expect(email.html).not.toContain('SECRET-TAIL');
  });

  it('says Hello without a name, or with one that is not a name', () => {
    expect(offerEmail(offerCtx({ customerName: undefined })).text.startsWith('Hello,\n')).toBe(true);
    expect(offerEmail(offerCtx({ customerName: '  ' })).text.startsWith('Hello,\n')).toBe(true);
    expect(offerEmail(offerCtx({ customerName: 'dan_p' })).text.startsWith('Hello,\n')).toBe(true);
    expect(offerEmail(offerCtx({ customerName: 'Zoë' })).text.startsWith('Hi Zoë,\n')).toBe(true);
    expect(offerEmail(offerCtx({ customerName: "Siobhán O'Brien" })).text.startsWith('Hi Siobhán,\n')).toBe(true);
  });

  it('words a threat differently, and leaves out business hours when there are none', () => {
    const email = offerEmail(offerCtx({ brief: brief({ category: 'threat' }), businessHours: undefined }));
    expect(email.subject).toBe('About your comment on Facebook — can we talk it through?');
    expect(email.text).not.toMatch(/Our team is around/);
    // No hours to take a zone from: dates in UTC, said so.
    expect(email.text).toContain('The link works until 30 Nov 2026, 14:00 (UTC)');
  });

  it('escapes the quote, the name and the business in HTML', () => {
    const email = offerEmail(
      offerCtx({ customerName: 'Tom', businessName: 'Smith & Sons <Ltd>', brief: brief({ category: 'complaint', text: 'Bad <script>x</script> & "worse"' }) }),
    );
    expect(email.html).not.toContain('<script');
    expect(email.html).toContain('Bad &lt;script&gt;x&lt;/script&gt; &amp; &quot;worse&quot;');
    expect(email.html).toContain('Smith &amp; Sons &lt;Ltd&gt;');
  });

  it('does not mention a public thread for a private message', () => {
    const email = offerEmail(offerCtx({ brief: brief({ category: 'complaint', kind: 'dm', platform: 'messenger' }) }));
    expect(email.subject).toBe('About your message on Messenger — how would you like us to help?');
    expect(email.text).not.toContain('public');
  });
});

describe('choiceEmail', () => {
  it.each<[OfferChannel, string]>([
    ['phone', 'Customer chose a phone call — case c_abc'],
    ['email', 'Customer chose an email — case c_abc'],
    ['dm', 'Customer chose a private message on facebook — case c_abc'],
    ['none', 'Customer said no thanks — case c_abc'],
  ])('%s → "%s"', (channel, subject) => {
    expect(choiceEmail(choiceCtx({ channel })).subject).toBe(subject);
  });

  it('gives the phone number and preferred time for a call', () => {
    const { text, html } = choiceEmail(choiceCtx());
    expect(text.startsWith('Hi Sam,\n')).toBe(true);
    expect(text).toContain('Daniel Price chose a phone call');
    expect(text).toContain('Phone: +44 7700 900412');
    expect(text).toContain('Preferred time: after 6pm please');
    expect(html).toContain('href="tel:+447700900412"');
    expect(html).toContain('after 6pm please');
  });

  it.each<OfferChannel>(['email', 'dm', 'none'])('never shows a phone number or time for %s', (channel) => {
    const { text, html } = choiceEmail(choiceCtx({ channel }));
    for (const part of [text, html]) {
      expect(part).not.toContain('7700');
      expect(part).not.toContain('after 6pm');
      expect(part).not.toContain('tel:');
    }
  });

  it('carries the redacted post, platform and case', () => {
    const { text } = choiceEmail(choiceCtx({ channel: 'dm' }));
    expect(text).toContain('> Your staff ignored my allergy warning');
    expect(text).toContain('Platform: Facebook comment');
    expect(text).toContain('Case: c_abc');
    expect(text).toContain('Chose: 23 Nov 2026, 10:05 (Europe/London)');
    expect(text).toContain('Please send them a private message on facebook.');
  });

  it('says when it is outside business hours, and not when inside', () => {
    const outside = choiceEmail(choiceCtx({ withinBusinessHours: false }));
    const line = "It's outside business hours (Mon–Fri 09:00–17:30 (Europe/London)); this is in the morning queue unless you pick it up now.";
    expect(outside.text).toContain(line);
    expect(outside.html).toContain(escapeHtml(line));
    expect(choiceEmail(choiceCtx({ withinBusinessHours: false, businessHours: undefined })).text).toContain(
      "It's outside business hours; this is in the morning queue",
    );
    expect(choiceEmail(choiceCtx({ withinBusinessHours: true })).text).not.toContain('outside business hours');
  });

  it('says nobody has acknowledged the case when it goes to tier 1 unowned', () => {
    expect(choiceEmail(choiceCtx({ unowned: true })).text).toContain('Nobody has acknowledged case c_abc yet');
    expect(choiceEmail(choiceCtx({ unowned: false })).text).not.toContain('Nobody has acknowledged');
  });

  it('names "the customer" when the name is unknown, and escapes HTML', () => {
    const { text, html } = choiceEmail(choiceCtx({ customerName: undefined, brief: brief({ text: '<b>bold</b> & "x"' }) }));
    expect(text).toContain('The customer chose a phone call');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;x&quot;');
    expect(html).not.toMatch(/<script|<img|src=/i);
  });
});

describe('platform names in what staff read', () => {
  it('names the platform as people write it, and a review source without saying review twice', () => {
    expect(pageEmail(pageCtx({ brief: brief({ platform: 'x', kind: 'mention' }) })).subject).toMatch(/^\[CRITICAL\] X mention — /);
    expect(pageEmail(pageCtx({ brief: brief({ platform: 'x', kind: 'mention' }) })).text).toContain(' on X needs someone now.');
    const choice = choiceEmail(choiceCtx({ brief: brief({ platform: 'reviews', kind: 'review' }) }));
    expect(choice.text).toContain('about their review on Reviews.');
    expect(choice.text).toContain('Platform: review on Reviews');
    expect(choice.text).not.toMatch(/reviews review/i);
  });
});
