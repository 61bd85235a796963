/**
 * What a post carries besides words (lambdas/domain/attachments.ts): redacted for storage like the text, and described
 * in one short line for people.
 */
import {
  attachmentReason,
  attachmentWords,
  DESCRIPTION_CHARS,
  describeAttachments,
  redactAttachments,
  withAttachments,
} from '../../lambdas/domain/attachments';
import { LIMITS } from '../../schemas/bounded';
import { ATTACHMENTS_BYTES as STORED_ATTACHMENTS_BYTES, SocialEventSchema } from '../../schemas/social-event';

describe('redactAttachments', () => {
  it('redacts PII in a caption with the text detector and counts its type', () => {
    const r = redactAttachments([{ type: 'image', caption: 'the box was crushed, call me on 020 7946 0018', mediaId: 'wamid-media-1' }]);
    expect(r.attachments).toEqual([{ type: 'image', caption: 'the box was crushed, call me on [phone]', mediaId: 'wamid-media-1' }]);
    expect(r.types).toEqual(['phone']);
    expect(r.values).toEqual(['020 7946 0018']);
  });

  it('redacts an email address inside a file name', () => {
    const r = redactAttachments([{ type: 'document', title: 'refund request from jane.doe@example.com', mediaId: '1234567890' }]);
    expect(r.attachments[0]).toEqual({ type: 'document', title: 'refund request from [email]', mediaId: '1234567890' });
    expect(r.types).toEqual(['email']);
    expect(JSON.stringify(r.attachments)).not.toContain('jane.doe');
  });

  it('keeps http(s) urls and id-shaped ids, and drops javascript:, data: and other links', () => {
    const r = redactAttachments([
      { type: 'share', url: 'javascript:alert(1)', refersTo: 'javascript:alert(document.cookie)', mediaId: 'javascript:void0' },
      { type: 'image', url: 'data:image/png;base64,AAAA', refersTo: 'data:text/html,<script>x</script>', mediaId: 'has spaces in it' },
      { type: 'quote', url: 'https://cdn.example/p.jpg', refersTo: 'x:1234567890' },
      { type: 'story_reply', url: 'http://cdn.example/s.mp4', refersTo: 'https://instagram.example/stories/1' },
      { type: 'file', url: ' https://cdn.example/lead-space', refersTo: 'JavaScript:alert(1)' },
    ]);
    expect(r.attachments).toEqual([
      { type: 'share' },
      { type: 'image' },
      { type: 'quote', url: 'https://cdn.example/p.jpg', refersTo: 'x:1234567890' },
      { type: 'story_reply', url: 'http://cdn.example/s.mp4', refersTo: 'https://instagram.example/stories/1' },
      { type: 'file' },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/javascript|data:/i);
  });

  it('keeps at most LIMITS.attachments items of a list of 25, each a slug type', () => {
    const list = Array.from({ length: 25 }, (_, i) => ({ type: i === 3 ? 'Weird Type!!' : 'image', caption: `photo ${i}` }));
    const r = redactAttachments(list);
    expect(r.attachments).toHaveLength(LIMITS.attachments);
    expect(r.attachments[3]!.type).toBe('weird_type_');
    expect(r.types).toEqual([]);
  });

  it('keeps an emoji caption whole, and clips an over-long one without splitting an emoji', () => {
    expect(redactAttachments([{ type: 'sticker', caption: '😡🔥💔' }]).attachments).toEqual([{ type: 'sticker', caption: '😡🔥💔' }]);
    const long = redactAttachments([{ type: 'image', caption: '😡'.repeat(LIMITS.captionChars) }]).attachments[0]!.caption!;
    expect(long.length).toBeLessThanOrEqual(LIMITS.captionChars);
    expect(long.endsWith('…')).toBe(true);
    expect(Buffer.from(long, 'utf8').toString('utf8')).toBe(long); // no lone surrogate
  });

  it('returns nothing for no attachments, and survives junk read back from storage', () => {
    expect(redactAttachments(undefined)).toEqual({ attachments: [], types: [], values: [] });
    expect(redactAttachments([null as never, { type: undefined } as never]).attachments).toEqual([{ type: 'unknown' }]);
  });

  it('is what the SocialEvent schema already allows, so a normalised event passes through unchanged but for PII', () => {
    const event = SocialEventSchema.parse({
      id: 'whatsapp:w1', platform: 'whatsapp', kind: 'dm', text: '', author: { id: '447700900123' }, conversationId: 'whatsapp:dm:447700900123',
      createdAt: '2026-11-23T10:00:00Z', receivedAt: '2026-11-23T10:00:00Z',
      attachments: [{ type: 'location', title: 'Café Central, Vienna', url: 'https://maps.example/?q=48.2,16.3' }],
    });
    expect(redactAttachments(event.attachments).attachments).toEqual(event.attachments);
  });
});

describe('describeAttachments', () => {
  it.each([
    [[{ type: 'voice' }], 'voice note'],
    [[{ type: 'audio' }], 'audio'],
    [[{ type: 'image' }], 'photo'],
    [[{ type: 'image', caption: 'the crack' }, { type: 'image' }, { type: 'image' }], '3 photos: "the crack"'],
    [[{ type: 'location', title: 'Café Central, Vienna' }], 'location: Café Central, Vienna'],
    [[{ type: 'sticker' }], 'sticker'],
    [[{ type: 'story_mention', url: 'https://cdn.example/story.jpg' }], 'story mention'],
    [[{ type: 'order', title: '3 items' }], 'order (3 items)'],
    [[{ type: 'document', title: 'invoice.pdf' }], 'document invoice.pdf'],
    [[{ type: 'contacts', title: 'Anna Berger' }], 'contact card: Anna Berger'],
    [[{ type: 'foo' }], 'unknown type foo'],
    [[{ type: 'video' }, { type: 'image' }], 'video, photo'],
    [[{ type: 'image', caption: 'oops 😡🔥' }], 'photo: "oops 😡🔥"'],
  ])('%j → %s', (list, expected) => {
    expect(describeAttachments(list)).toBe(expected);
  });

  it('says nothing for nothing', () => {
    expect(describeAttachments(undefined)).toBeUndefined();
    expect(describeAttachments([])).toBeUndefined();
  });

  it('does not repeat a caption that is the post text already', () => {
    expect(describeAttachments([{ type: 'image', caption: 'my kettle\nbroke' }], 'my kettle broke')).toBe('photo');
    expect(describeAttachments([{ type: 'image', caption: 'see this' }], 'my kettle broke')).toBe('photo: "see this"');
  });

  it('never shows a url, a media id or a reference', () => {
    const line = describeAttachments([
      { type: 'image', url: 'https://cdn.example/secret.jpg', mediaId: 'MEDIA123', refersTo: 'x:999' },
      { type: 'share', url: 'javascript:alert(1)' },
    ])!;
    expect(line).toBe('photo, shared post');
  });

  it('shortens long captions on one line, never inside an emoji', () => {
    const line = describeAttachments([{ type: 'image', caption: `${'word '.repeat(11)}😡😡😡😡😡😡\nsecond line` }])!;
    expect(line).not.toContain('\n');
    expect(line.length).toBeLessThan(80);
    expect(line).toMatch(/…"$/);
    expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
  });

  it('sums up 20+ attachments of many kinds in one bounded line', () => {
    const types = ['image', 'video', 'audio', 'sticker', 'document', 'location', 'foo'];
    const line = describeAttachments(Array.from({ length: 25 }, (_, i) => ({ type: types[i % types.length]!, title: i % 7 === 4 ? `file-${i}.pdf` : undefined })))!;
    expect(line).toBe('4 photos, 4 videos, 4 audio clips, 4 stickers, and 3 more kinds');
    expect(line.length).toBeLessThanOrEqual(DESCRIPTION_CHARS);
    const files = describeAttachments(Array.from({ length: 20 }, (_, i) => ({ type: 'document', title: `file-${i}.pdf` })))!;
    expect(files).toBe('20 documents file-0.pdf, file-1.pdf, file-2.pdf, …');
  });

  it('names an unknown type as it comes, made a slug', () => {
    expect(describeAttachments([{ type: 'Hologram' }, { type: 'hologram' }])).toBe('2 items of unknown type hologram');
  });
});

describe('withAttachments', () => {
  it('puts the description in place of an empty text and beside a text', () => {
    expect(withAttachments('', 'voice note')).toBe('[voice note]');
    expect(withAttachments('  ', 'voice note')).toBe('[voice note]');
    expect(withAttachments('look at this', 'photo')).toBe('look at this\n[photo]');
    expect(withAttachments('just words', undefined)).toBe('just words');
  });
});

describe('attachmentWords and attachmentReason', () => {
  it('gives the classifier captions and titles, never urls or ids, and no caption twice', () => {
    const list = [
      { type: 'image', caption: 'broken on arrival', url: 'https://cdn.example/a.jpg', mediaId: 'M1' },
      { type: 'image', caption: 'broken on arrival' },
      { type: 'document', title: 'receipt.pdf', refersTo: 'x:1' },
      { type: 'image', caption: 'the text itself' },
    ];
    expect(attachmentWords(list, 'the text itself')).toBe('broken on arrival\nreceipt.pdf');
    expect(attachmentWords(undefined)).toBe('');
  });

  it.each([
    [[{ type: 'voice' }], 'voice note: listen to it'],
    [[{ type: 'image' }, { type: 'image' }, { type: 'image' }], '3 photos: look at them'],
    [[{ type: 'sticker' }], 'sticker: no words'],
    [[{ type: 'location', title: 'my home at 1 Main St' }], 'location: see where'],
    [[{ type: 'image' }, { type: 'location' }], 'photo and location: open them'],
    [[{ type: 'foo' }], 'unknown type foo: open it on the platform'],
  ])('reasons from the types alone: %j → %s', (list, reason) => {
    expect(attachmentReason(list)).toBe(reason);
  });
});

describe('stored size', () => {
  it('keeps a list of 20 huge items within STORED_ATTACHMENTS_BYTES, every item\'s type kept, the first ones whole', () => {
    const huge = Array.from({ length: 20 }, (_, i) => ({
      type: 'image',
      caption: `${i} ${'😡'.repeat(480)}`,
      title: 'é'.repeat(1000),
      url: `https://cdn.example/${'a'.repeat(2000)}`,
      refersTo: `https://ref.example/${'b'.repeat(2000)}`,
      mediaId: 'M'.repeat(256),
    }));
    const { attachments } = redactAttachments(huge);
    expect(attachments).toHaveLength(20);
    expect(attachments.every((a) => a.type === 'image')).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(attachments), 'utf8')).toBeLessThanOrEqual(STORED_ATTACHMENTS_BYTES);
    expect(attachments[0]!.caption).toMatch(/^0 😡/);
    expect(attachments.at(-1)).toEqual({ type: 'image' });
  });

  it('keeps an ordinary list whole', () => {
    const list = [{ type: 'image', caption: 'a', mediaId: 'M1' }, { type: 'location', title: 'Café Central, Vienna', url: 'https://maps.example/x' }];
    expect(redactAttachments(list).attachments).toEqual(list);
  });
});

describe('what an outside attack tried (hostile captions, names and links)', () => {
  it('drops direction overrides and invisible spaces from captions and titles, keeping the joiners emoji need', () => {
    const r = redactAttachments([{ type: 'document', title: 'invoice\u202efdp.exe', caption: 'fam\u200bily 👨\u200d👩\u200d👧' }]);
    expect(r.attachments[0]).toEqual({ type: 'document', title: 'invoicefdp.exe', caption: 'family 👨\u200d👩\u200d👧' });
  });

  it('drops a link with a user name or password before its host, in an attachment and on an event', () => {
    expect(redactAttachments([{ type: 'image', url: 'https://bank.example@evil.example/x.jpg' }]).attachments).toEqual([{ type: 'image' }]);
    const e = SocialEventSchema.parse({
      id: 'x:1',
      platform: 'x',
      kind: 'dm',
      text: 'hi',
      author: { id: '1' },
      conversationId: 'x:dm:1',
      createdAt: '2026-12-07T00:00:00.000Z',
      receivedAt: '2026-12-07T00:00:00.000Z',
      url: 'https://user:pass@evil.example/',
      attachments: [{ type: 'image', url: 'http://a@b.example/' }],
    });
    expect(e.url).toBeUndefined();
    expect(e.attachments).toEqual([{ type: 'image' }]);
  });

  it("names a WhatsApp referral as where the chat came from, not as an unknown type", () => {
    expect(describeAttachments([{ type: 'referral', title: 'Winter sale' }])).toBe('came from an ad or post: Winter sale');
  });
});
