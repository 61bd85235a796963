/**
 * Links in quoted posts are broken so no mail or SMS client links them (lambdas/domain/defang.ts), and the offer
 * limit's address key ignores what does not change the inbox (lambdas/domain/escalation/offer-recipient.ts).
 */
import { defangLinks } from '../../lambdas/domain/defang';
import { pageEmail, pageSms } from '../../lambdas/domain/escalation/messages';
import { normaliseAddress, recipientKey } from '../../lambdas/domain/escalation/offer-recipient';

describe('defangLinks', () => {
  it.each([
    ['verify now at https://acme-verify.example/login', 'verify now at hxxps://acme-verify[.]example/login'],
    ['HTTP://EVIL.COM and ftp://files.example.org', 'HxxP://EVIL[.]COM and fxp://files[.]example[.]org'],
    ['bare www.evil.example and evil.co.uk/path', 'bare www[.]evil[.]example and evil[.]co[.]uk/path'],
    ['hidden evil\u200b.com and full-width evil\uFF0Ecom', 'hidden evil[.]com and full-width evil[.]com'],
    ['server 192.168.10.1 is down', 'server 192[.]168[.]10[.]1 is down'],
    ['order #4411 cost £3.50. Really.', 'order #4411 cost £3.50. Really.'],
    // Ideographic and full-width full stops end sentences in CJK text; next to ASCII they can join a host name.
    ['娘がやけどしました。警察に電話します。', '娘がやけどしました。警察に電話します。'],
    ['https://evil\u3002example/dot and evil\uff61com and 例え\u3002jp', 'hxxps://evil[.]example/dot and evil[.]com and 例え[.]jp'],
    ['full-width ｅｖｉｌ．ｃｏｍ', 'full-width ｅｖｉｌ[.]ｃｏｍ'],
  ])('%s', (text, expected) => {
    expect(defangLinks(text)).toBe(expected);
  });

  it('leaves nothing a linkifier would take for a URL or a host name', () => {
    const out = defangLinks('a https://x.example/y b www.z.example c q.example');
    expect(out).not.toMatch(/https?:\/\/|\b[a-z0-9-]+\.[a-z]{2,}\b/i);
  });
});

describe('the pages to staff quote the post with its links broken', () => {
  const brief = {
    caseId: 'c_1',
    urgency: 'critical' as const,
    category: 'threat' as const,
    sentiment: 'negative' as const,
    platform: 'x',
    kind: 'mention',
    text: 'verify now at https://evil.example/login or www.evil.example',
    receivedAt: '2026-11-23T10:00:00Z',
    reasons: [],
  };
  const ctx = { brief, ackUrl: 'https://care.example.com/ack/abc', contactName: 'Priya Shah', tier: 1, tierName: 'Duty lead', tierCount: 2, round: 1, ackWithinMinutes: 15, timezone: 'Europe/London' };

  it('in the SMS and in both parts of the email, while the acknowledgement link stays a link', () => {
    const email = pageEmail(ctx);
    for (const part of [pageSms(ctx), email.text, email.html]) {
      expect(part).not.toMatch(/https?:\/\/evil|evil\.example|www\.evil/);
      expect(part).toContain('https://care.example.com/ack/abc');
    }
    expect(email.text).toContain('hxxps://evil[.]example/login');
  });
});

describe('normaliseAddress and recipientKey', () => {
  it('trim, lower-case and drop a +tag: one key per inbox; only a hash is kept', () => {
    expect(normaliseAddress(' Victim+care@Example.NET ')).toBe('victim@example.net');
    expect(recipientKey('VICTIM@example.net')).toBe(recipientKey('victim+x@EXAMPLE.net'));
    expect(recipientKey('victim@example.net')).not.toBe(recipientKey('victim2@example.net'));
    expect(recipientKey('victim@example.net')).toMatch(/^[0-9a-f]{64}$/);
    expect(normaliseAddress('+only@example.net')).toBe('+only@example.net');
  });
});
