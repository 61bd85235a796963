/**
 * The local stack's pages for a browser (local/home-page.ts, local/outbox-page.ts): what customers wrote is escaped,
 * and the only links are the stack's own.
 */
import { homePage } from '../../local/home-page';
import { outboxPage } from '../../local/outbox-page';

const BASE = 'http://127.0.0.1:3000';

describe('the outbox page', () => {
  const outbox = {
    sms: [
      { to: '+447700900001', body: 'CRITICAL threat\n"<script>alert(1)</script> see https://evil.example/x"\nAcknowledge: http://127.0.0.1:3000/ack/AbC-123_x', at: '2026-12-07T10:00:00.000Z' },
      { to: '+447700900002', body: 'second', at: '2026-12-07T10:01:00.000Z' },
    ],
    email: [{ to: ['oncall@example.com'], subject: 'Case c_1 <b>', text: 'Choose: http://127.0.0.1:3000/offer/Zz9\nhttp://127.0.0.1:3000.evil.example/ack/x', html: '<p>x</p>', at: '2026-12-07T10:02:00.000Z' }],
  };
  const html = outboxPage(outbox, BASE);

  it('shows every SMS and email, newest first, with their counts', () => {
    expect(html).toContain('<title>Outbox: 2 SMS, 1 emails</title>');
    expect(html.indexOf('+447700900002')).toBeLessThan(html.indexOf('+447700900001'));
    expect(html).toContain('to oncall@example.com');
  });

  it('escapes what customers wrote, and links only this stack\'s acknowledge and offer pages', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Case c_1 &lt;b&gt;');
    expect(html).toContain('<a href="http://127.0.0.1:3000/ack/AbC-123_x">');
    expect(html).toContain('<a href="http://127.0.0.1:3000/offer/Zz9">');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.every((h) => h === `${BASE}/` || /^http:\/\/127\.0\.0\.1:3000\/(ack|offer)\/[\w-]+$/.test(h!))).toBe(true);
    expect(hrefs).not.toContain('https://evil.example/x');
  });

  it('says when nothing has been sent', () => {
    expect(outboxPage({ sms: [], email: [] }, BASE)).toContain('None yet.');
  });
});

describe('the start page', () => {
  it('links health, the outbox and the SES inbox, escaped, with no script', () => {
    const html = homePage({ url: BASE, sesInbox: 'http://127.0.0.1:4567/?a=1&b=2' });
    expect(html).toContain(`href="${BASE}/healthz"`);
    expect(html).toContain(`href="${BASE}/_local/outbox"`);
    expect(html).toContain('href="http://127.0.0.1:4567/?a=1&amp;b=2"');
    expect(html).not.toMatch(/<script/i);
  });
});
