import type { AckPageView } from '../../../lambdas/domain/escalation/views';
import { renderAckPage } from '../../../lambdas/domain/pages/ack';
import { HOSTILE, brief, count, expectNoRawMarkup, h1, title, visibleText } from './helpers';

const TZ = 'Europe/London';
const ACTION = '/ack/AbC123-xyz_987';

const confirm: AckPageView = {
  state: 'confirm',
  brief: brief(),
  contactName: 'Priya Shah',
  tier: 2,
  tierName: 'Customer care manager',
  formAction: ACTION,
  timezone: TZ,
};

const views: Record<AckPageView['state'], AckPageView> = {
  confirm,
  acknowledged: { state: 'acknowledged', brief: brief(), contactName: 'Priya Shah', at: '2025-11-23T03:14:00Z', timezone: TZ },
  'already-acknowledged': { state: 'already-acknowledged', brief: brief(), by: 'Sam Okafor', at: '2025-11-23T03:13:00Z', timezone: TZ },
  used: { state: 'used', brief: brief(), at: '2025-11-23T04:00:00Z', timezone: TZ },
  expired: { state: 'expired', brief: brief(), timezone: TZ },
  unknown: { state: 'unknown' },
};

const expected: Record<AckPageView['state'], { h1: RegExp; text: string }> = {
  confirm: { h1: /^Can you take this case\?$/, text: "Acknowledge — I'm on it" },
  acknowledged: { h1: /^Acknowledged/, text: "Thanks, Priya Shah. You've got it — no more pages will go out for this case." },
  'already-acknowledged': { h1: /^Already acknowledged$/, text: 'Sam Okafor acknowledged this at 23 Nov, 03:13 Europe/London — no more pages go out.' },
  used: { h1: /already been used/, text: 'This link has already been used' },
  expired: { h1: /expired/, text: 'This link has expired. If the case still needs someone, check the queue or your latest page.' },
  unknown: { h1: /isn't valid/, text: "This link isn't valid." },
};

describe('renderAckPage: every state', () => {
  it.each(Object.keys(views) as AckPageView['state'][])('%s: plain h1, its own message, no scripts, phone viewport', (state) => {
    const html = renderAckPage(views[state]);
    expect(h1(html)).toMatch(expected[state].h1);
    expect(visibleText(html)).toContain(expected[state].text);
    expect(count(html, /<h1>/)).toBe(1);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('gives each state its own <title>', () => {
    const titles = Object.values(views).map((v) => title(renderAckPage(v)));
    expect(new Set(titles).size).toBe(titles.length);
    titles.forEach((t) => expect(t.length).toBeGreaterThan(0));
  });

  it('only the confirm page has a form', () => {
    for (const [state, view] of Object.entries(views)) {
      expect(count(renderAckPage(view), /<form\b/)).toBe(state === 'confirm' ? 1 : 0);
    }
  });
});

describe('renderAckPage: confirm', () => {
  const html = renderAckPage(confirm);
  const text = visibleText(html);

  it('has exactly one POST form to formAction whose only control is the submit button', () => {
    const forms = html.match(/<form\b[^>]*>/g) ?? [];
    expect(forms).toEqual([`<form method="post" action="${ACTION}">`]);
    const inner = /<form\b[^>]*>([\s\S]*?)<\/form>/.exec(html)![1]!;
    expect(inner.trim()).toBe(`<button type="submit">Acknowledge — I'm on it</button>`);
    expect(html).not.toMatch(/<input|<select|<textarea/);
    expect(count(html, /<button/)).toBe(1);
  });

  it('shows urgency (red badge), category, source, reach, the post, time, reasons and tier', () => {
    expect(html).toContain('<span class="badge badge-critical">CRITICAL</span>');
    expect(text).toContain('threat');
    expect(text).toContain('X · mention');
    expect(text).toContain('@dan_p');
    expect(text).toContain('12.4k followers · verified');
    expect(html).toMatch(/<blockquote>My daughter had an allergic reaction after your &quot;nut-free&quot; bar\./);
    expect(text).toContain('Received 23 Nov, 03:12 Europe/London');
    expect(html).toContain('<li>threat: going to the press</li>');
    expect(html).toContain('<li>safety: allergic reaction</li>');
    expect(text).toContain("You're tier 2 (Customer care manager).");
    expect(text).toContain('case_01JDXK3M9Q7ZP2');
  });

  it('leaves out reach when unknown and says "follower" for one', () => {
    const none = visibleText(renderAckPage({ ...confirm, brief: brief({ followers: undefined, verified: false }) }));
    expect(none).not.toMatch(/followers?|verified/);
    expect(visibleText(renderAckPage({ ...confirm, brief: brief({ followers: 1, verified: false }) }))).toContain('1 follower');
  });

  it('escapes hostile text in the post, author, reasons, tier name and form action', () => {
    const evil = renderAckPage({
      ...confirm,
      tierName: HOSTILE,
      formAction: '/ack/x"><script>alert(1)</script>',
      brief: brief({ text: HOSTILE, author: HOSTILE, reasons: [HOSTILE], category: 'other' }),
    });
    expectNoRawMarkup(evil);
    expect(evil).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &quot;double&quot;');
    expect(evil).toContain('action="/ack/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(visibleText(evil)).toContain(HOSTILE);
  });

  it('keeps a multi-line post with emoji intact and caps a very long one', () => {
    const multi = visibleText(renderAckPage({ ...confirm, brief: brief({ text: 'line one 😡\nline two' }) }));
    expect(multi).toContain('line one 😡 line two');
    const long = renderAckPage({ ...confirm, brief: brief({ text: 'word '.repeat(2000) }) });
    const quoted = /<blockquote>([\s\S]*?)<\/blockquote>/.exec(long)![1]!;
    expect(quoted.length).toBeLessThanOrEqual(2000);
    expect(quoted.endsWith('…')).toBe(true);
  });

  it('badges lower urgencies without the red style', () => {
    const high = renderAckPage({ ...confirm, brief: brief({ urgency: 'high' }) });
    expect(high).toContain('<span class="badge badge-high">HIGH</span>');
    expect(high.split('</head>')[1]).not.toContain('badge-critical');
  });
});

describe('renderAckPage: after the button', () => {
  it('acknowledged: the next step is replying on the platform, with a link to the post and the reference', () => {
    const html = renderAckPage(views.acknowledged);
    const text = visibleText(html);
    expect(text).toContain('Reply to them on X.');
    expect(html).toContain('<a href="https://x.com/dan_p/status/1860000000000000000" rel="noopener noreferrer">Open the mention on X</a>');
    expect(text).toContain('Case reference: case_01JDXK3M9Q7ZP2');
    expect(text).toContain('Acknowledged at 23 Nov, 03:14 Europe/London.');
  });

  it('acknowledged: no link without a URL, and never a non-http one', () => {
    expect(renderAckPage({ ...views.acknowledged, brief: brief({ url: undefined }) } as AckPageView)).not.toContain('<a ');
    expect(renderAckPage({ ...views.acknowledged, brief: brief({ url: 'javascript:alert(1)' }) } as AckPageView)).not.toContain('<a ');
  });

  it('escapes the names of who acknowledged', () => {
    expectNoRawMarkup(renderAckPage({ state: 'acknowledged', brief: brief(), contactName: HOSTILE, at: '2025-11-23T03:14:00Z', timezone: TZ }));
    const by = renderAckPage({ state: 'already-acknowledged', brief: brief(), by: HOSTILE, at: '2025-11-23T03:14:00Z', timezone: TZ });
    expectNoRawMarkup(by);
    expect(visibleText(by)).toContain(`${HOSTILE} acknowledged this at`);
  });

  it('used and expired render without a brief', () => {
    expect(h1(renderAckPage({ state: 'used', timezone: TZ }))).toMatch(/already been used/);
    expect(h1(renderAckPage({ state: 'expired', timezone: TZ }))).toMatch(/expired/);
  });
});

describe('renderAckPage: unknown', () => {
  const html = renderAckPage({ state: 'unknown' });

  it('reveals nothing about any case', () => {
    const text = visibleText(html);
    expect(text).not.toMatch(/CRITICAL|HIGH|tier|follower|Received|Case reference|mention|allergic|@dan_p|case_/i);
    expect(html).not.toMatch(/<blockquote|<ul|<form|<a /);
  });
});
