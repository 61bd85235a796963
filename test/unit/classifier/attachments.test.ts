/**
 * The classifier on posts that carry more than words (lambdas/domain/classifier/index.ts): captions and titles are
 * judged with the text, their PII counted; a post without words keeps the defaults but says what it carries.
 * Text posts are untouched: labelled-sets.test.ts holds their measured accuracy.
 */
import { classify } from '../../../lambdas/domain/classifier';
import { type SocialEventInput, SocialEventSchema } from '../../../schemas/social-event';

const event = (over: Partial<SocialEventInput> = {}) =>
  SocialEventSchema.parse({
    id: 'whatsapp:wamid.1', platform: 'whatsapp', kind: 'dm', text: '', author: { id: '447700900123' }, conversationId: 'whatsapp:dm:447700900123',
    createdAt: '2026-11-23T10:00:00Z', receivedAt: '2026-11-23T10:00:00Z', ...over,
  });

describe('classifying what a post carries', () => {
  it('gives a post without words the defaults, and reasons that say what it carries', () => {
    const bare = classify(event());
    for (const [attachments, reason] of [
      [[{ type: 'audio', mediaId: 'm1' }], 'audio: listen to it'],
      [[{ type: 'voice', mediaId: 'm1' }], 'voice note: listen to it'],
      [[{ type: 'image', mediaId: 'm2' }], 'photo: look at it'],
      [[{ type: 'sticker' }], 'sticker: no words'],
      [[{ type: 'story_mention', url: 'https://cdn.example/s.jpg' }], 'story mention: look at the story'],
      [[{ type: 'hologram' }], 'unknown type hologram: open it on the platform'],
    ] as const) {
      const c = classify(event({ attachments: [...attachments] }));
      expect(c).toMatchObject({ category: bare.category, urgency: bare.urgency, sentiment: bare.sentiment, redactedText: '' });
      expect(c.reasons).toEqual([reason]);
    }
  });

  it('judges a caption as words when the text is empty', () => {
    const c = classify(event({ attachments: [{ type: 'image', caption: 'The parcel arrived smashed and I want a refund' }] }));
    expect(c.category).toBe('complaint');
    expect(c.reasons).toContain('photo: look at it');
    expect(c.redactedText).toBe('');
  });

  it('judges the text and the captions together, and adds what it carries after the grounds', () => {
    const c = classify(event({ kind: 'comment', text: 'Look what arrived today', attachments: [{ type: 'image', caption: 'the glass is cracked, totally unacceptable' }] }));
    expect(c.category).toBe('complaint');
    expect(c.reasons.at(-1)).toBe('photo: look at it');
  });

  it('never reads urls or ids', () => {
    const quiet = classify(event({ attachments: [{ type: 'image', url: 'https://cdn.example/refund-scam-lawyer-press.jpg', mediaId: 'lawsuit', refersTo: 'x:press' }] }));
    expect(quiet).toMatchObject({ category: 'other', urgency: 'low' });
  });

  it('counts PII in captions and titles into the post, and keeps it out of the reasons', () => {
    const c = classify(event({ kind: 'comment', attachments: [{ type: 'document', title: 'statement for jane.doe@example.com' }, { type: 'image', caption: 'ring me 020 7946 0018' }] }));
    expect(c.pii).toEqual(['email', 'phone']);
    expect(c.reasons.join(' ')).not.toMatch(/jane|7946/);
    expect(c.reasons).toContain('pii: email address and phone number posted publicly');
  });

  it('leaves a text post exactly as it was', () => {
    const text = "@AcmeSupport fix this today or I'm going to the press";
    expect(classify(event({ kind: 'mention', text, attachments: [] }))).toEqual(classify(event({ kind: 'mention', text })));
  });

  it('keeps a post with an emoji and a photo readable: what it carries, not "tags or emoji only"', () => {
    const c = classify(event({ text: '🙂', attachments: [{ type: 'image' }] }));
    expect(c.category).toBe('other');
    expect(c.reasons).toEqual(['photo: look at it']);
  });
});
