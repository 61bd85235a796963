/**
 * What a post carries besides words reaches the people who read about it: the page SMS and email, the SLA warning,
 * the ack page, the customer's offer email and page show the one-line description (lambdas/domain/attachments.ts)
 * in place of an empty text and beside a text, as shown text (shown-text.ts), and never a link that is not http(s)
 * nor an attachment's url or id at all.
 */
import { caseBrief, pageBrief } from '../../../lambdas/domain/escalation/flow';
import { offerEmail, pageEmail, pageSms } from '../../../lambdas/domain/escalation/messages';
import { shownBrief } from '../../../lambdas/domain/escalation/shown-text';
import type { CaseBrief, PageContext } from '../../../lambdas/domain/escalation/views';
import { renderAckPage } from '../../../lambdas/domain/pages/ack';
import { renderOfferPage } from '../../../lambdas/domain/pages/offer';
import { preBreachEmail } from '../../../lambdas/domain/sla/messages';
import { pageContext, storedCase } from './fakes';

const voiceCase = () =>
  storedCase({
    platform: 'whatsapp',
    kind: 'dm',
    text: '',
    author: { id: '447700900123', name: 'Dana' },
    url: undefined,
    attachments: [{ type: 'voice', mediaId: 'MEDIA_VOICE_1', url: 'https://lookaside.example/voice.ogg' }],
  });

const pageCtx = (brief: CaseBrief): PageContext => pageContext(brief, { tierName: 'Duty lead', tierCount: 2 });

describe('the brief of a case whose post carries something', () => {
  it('describes it, without its links or ids', () => {
    expect(caseBrief(voiceCase())).toMatchObject({ text: '', carries: 'voice note' });
    expect(JSON.stringify(caseBrief(voiceCase()))).not.toMatch(/MEDIA_VOICE_1|lookaside/);
    expect(caseBrief(storedCase())).not.toHaveProperty('carries');
  });

  it('describes the newest critical post when the pages quote it, not the first post', () => {
    const c = storedCase({
      attachments: [{ type: 'image' }],
      latestCritical: { eventId: 'facebook:evt-2', at: '2026-03-10T10:05:00.000Z', kind: 'comment', text: 'this is what your product did', reasons: [], attachments: [{ type: 'video', caption: 'burn marks' }] },
    });
    expect(pageBrief(c)).toMatchObject({ text: 'this is what your product did', carries: 'video: "burn marks"' });
    expect(pageBrief(storedCase({ attachments: [{ type: 'image' }], latestCritical: { eventId: 'e2', at: 'x', kind: 'dm', text: 'help', reasons: [] } }))).not.toHaveProperty('carries');
  });

  it('shows it in place of an empty text and beside a text, cleaned like the text, once', () => {
    expect(shownBrief(caseBrief(voiceCase())).text).toBe('[voice note]');
    const b = { ...caseBrief(voiceCase()), text: 'see https://evil.example', carries: 'photo: "call 020 7946 0018 \u202eor https://evil.example/x"' };
    const shown = shownBrief(b);
    expect(shown.text).toBe('see hxxps://evil[.]example\n[photo: "call [phone] or hxxps://evil[.]example/x"]');
    expect(shown).not.toHaveProperty('carries');
    expect(shownBrief(shown)).toEqual(shown);
  });
});

describe('the messages and pages', () => {
  const brief = caseBrief(voiceCase());

  it('the page SMS says what the post is instead of "(no text)"', () => {
    const sms = pageSms(pageCtx(brief));
    expect(sms).toContain('voice note');
    expect(sms).not.toContain('(no text)');
    expect(sms).not.toMatch(/MEDIA_VOICE_1|lookaside/);
  });

  it('the page email quotes it in both parts', () => {
    const email = pageEmail(pageCtx(brief));
    expect(email.text).toContain('> [voice note]');
    expect(email.html).toContain('[voice note]');
    expect(email.html).not.toMatch(/MEDIA_VOICE_1|lookaside/);
  });

  it('the page email shows a caption beside the text, with no link but http(s) ones it already had', () => {
    const c = storedCase({ text: 'look at this', attachments: [{ type: 'image', caption: 'javascript:alert(1) 😡', url: 'https://cdn.example/a.jpg' }] });
    const email = pageEmail(pageCtx(pageBrief(c)));
    expect(email.text).toContain('> look at this\n> [photo: "javascript:alert(1) 😡"]');
    expect(email.html).not.toMatch(/href="javascript/i);
    expect(email.html).not.toContain('cdn.example');
  });

  it('the SLA warning', () => {
    const email = preBreachEmail({ brief, dueAt: '2026-11-23T03:27:00Z', dueIn: '6 min', ackUrl: 'https://care.example.com/ack/x', contactName: 'Priya Shah', timezone: 'UTC', businessHoursOnly: false });
    expect(email.text).toContain('[voice note]');
  });

  it('the ack page staff open', () => {
    const html = renderAckPage({ state: 'confirm', brief, contactName: 'Priya Shah', tier: 1, tierName: 'Duty lead', formAction: '/ack/x', timezone: 'UTC' });
    expect(html).toContain('<blockquote>[voice note]</blockquote>');
  });

  it('the customer offer email and page, for a customer from the directory', () => {
    const ctx = { brief: { ...brief, category: 'complaint' as const }, addressFrom: 'directory' as const, offerUrl: 'https://care.example.com/offer/x', businessName: 'Acme', expiresAt: '2026-11-30T00:00:00Z' };
    expect(offerEmail(ctx).text).toContain('"[voice note]"');
    const page = renderOfferPage({ state: 'choose', brief: ctx.brief, businessName: 'Acme', formAction: '/offer/x' });
    expect(page).toContain('[voice note]');
  });

  it('but nothing the author wrote, captions included, for an address from elsewhere', () => {
    const b = { ...brief, category: 'complaint' as const, carries: 'photo: "my secret words"' };
    const email = offerEmail({ brief: b, addressFrom: 'elsewhere', offerUrl: 'https://care.example.com/offer/x', businessName: 'Acme', expiresAt: '2026-11-30T00:00:00Z' });
    expect(email.text).not.toContain('secret');
    expect(email.html).not.toContain('secret');
  });
});
