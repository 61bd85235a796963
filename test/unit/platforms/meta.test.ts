import { normaliseMeta } from '../../../lambdas/domain/platforms/meta';
import { UNKNOWN_AUTHOR_ID } from '../../../schemas/social-event';
import { MAX_TEXT_CHARS, SocialEventSchema } from '../../../schemas/social-event';
import { clone, ctx, eventById, expectNotQuoted, fixture, normaliseFixture, onlyInvalid, payloadErrorOf, RECEIVED_AT } from './support';

/**
 * Meta webhooks (Facebook Page feed and mentions, Messenger, Instagram, WhatsApp) → SocialEvents.
 * Fixtures follow the shapes in reference/platforms.md §1; the single-item ones are the doc's own examples.
 */

/** Builds a minimal Page feed delivery around one change value. */
function feedBody(value: Record<string, unknown>, pageId = '104857600000001'): unknown {
  return { object: 'page', entry: [{ id: pageId, time: 1718000000, changes: [{ field: 'feed', value }] }] };
}

const COMMENT = {
  item: 'comment',
  verb: 'add',
  post_id: '104857600000001_900000000000002',
  comment_id: '104857600000001_900000000000002_800000000000003',
  parent_id: '104857600000001_900000000000002',
  from: { id: '6000000000000004', name: 'Dana Reyes' },
  message: 'My order #4411 arrived damaged',
  created_time: 1717999990,
};

describe('normaliseMeta: Facebook Page feed', () => {
  it('turns the documented top-level comment into a comment event', () => {
    const { events, ignored, invalid } = normaliseFixture('meta-feed-comment.json');
    expect(ignored).toBe(0);
    expect(invalid).toEqual([]);
    expect(events).toEqual([
      {
        id: 'facebook:104857600000001_900000000000002_800000000000003',
        platform: 'facebook',
        kind: 'comment',
        text: 'My order #4411 arrived damaged',
        author: { id: '6000000000000004', name: 'Dana Reyes' },
        conversationId: 'facebook:thread:104857600000001_900000000000002_800000000000003',
        inReplyTo: 'facebook:104857600000001_900000000000002',
        createdAt: '2024-06-10T06:13:10.000Z',
        receivedAt: RECEIVED_AT,
        url: 'https://www.facebook.com/104857600000001_900000000000002',
        isEcho: false,
        accountId: '104857600000001',
      },
    ]);
  });

  describe('a mixed delivery from two Pages', () => {
    const { events, ignored } = normaliseFixture('meta-feed-mixed.json');

    it('keeps the five new posts and comments in order, turns the edit and the removal into revisions, and ignores reaction and ratings', () => {
      expect(events.map((e) => e.id)).toEqual([
        'facebook:104857600000001_900000000000002_800000000000005',
        'facebook:104857600000001_900000000000002_800000000000006',
        'facebook:104857600000001_900000000000020',
        'facebook:104857600000001_900000000000021',
        expect.stringMatching(/^facebook:104857600000001_900000000000002_800000000000003:edited:[\w-]{12}$/),
        'facebook:104857600000001_900000000000002_800000000000004:deleted',
        'facebook:104857600000077_900000000000031_800000000000032',
      ]);
      expect(events[4]!.revision).toEqual({ action: 'edited', of: 'facebook:104857600000001_900000000000002_800000000000003' });
      expect(events[5]).toMatchObject({ text: '', revision: { action: 'deleted', of: 'facebook:104857600000001_900000000000002_800000000000004' } });
      expect(ignored).toBe(2);
    });

    it('threads a reply under its top-level comment', () => {
      const reply = eventById(events, 'facebook:104857600000001_900000000000002_800000000000005');
      expect(reply).toMatchObject({
        kind: 'comment',
        conversationId: 'facebook:thread:104857600000001_900000000000002_800000000000003',
        inReplyTo: 'facebook:104857600000001_900000000000002_800000000000003',
        isEcho: false,
      });
    });

    it("marks the Page's own reply as an echo in the same thread", () => {
      const echo = eventById(events, 'facebook:104857600000001_900000000000002_800000000000006');
      expect(echo).toMatchObject({
        isEcho: true,
        author: { id: '104857600000001', name: 'Acme' },
        conversationId: 'facebook:thread:104857600000001_900000000000002_800000000000003',
      });
    });

    it('turns a visitor status into a post that is its own thread, without a name when none is sent', () => {
      const post = eventById(events, 'facebook:104857600000001_900000000000020');
      expect(post).toMatchObject({ kind: 'post', conversationId: 'facebook:thread:104857600000001_900000000000020' });
      expect(post.author).toEqual({ id: '6000000000000010' });
      expect(post.inReplyTo).toBeUndefined();
    });

    it('keeps a photo without a message as an empty-text post with the photo as attachment', () => {
      const photo = eventById(events, 'facebook:104857600000001_900000000000021');
      expect(photo).toMatchObject({ kind: 'post', text: '', attachments: [{ type: 'photo' }] });
    });

    it('uses each entry as the account and keeps unicode text intact', () => {
      const other = eventById(events, 'facebook:104857600000077_900000000000031_800000000000032');
      expect(other.accountId).toBe('104857600000077');
      expect(other.text).toBe('Still waiting 😡🙄 — ¿dónde está mi pedido?');
      expect(other.author.name).toBe('Zoë Kowalczyk');
    });
  });

  it.each(['post', 'status', 'video', 'share'])('turns an added %s into a post', (item) => {
    const body = feedBody({ item, verb: 'add', post_id: '1_2', from: { id: '9' }, message: 'hi', created_time: 1718000000 });
    const [event] = normaliseMeta(body, ctx).events;
    expect(event).toMatchObject({ id: 'facebook:1_2', kind: 'post', conversationId: 'facebook:thread:1_2' });
  });

  it('keeps video and share as attachments even with a message', () => {
    const body = feedBody({ item: 'video', verb: 'add', post_id: '1_2', from: { id: '9' }, message: 'watch this' });
    expect(normaliseMeta(body, ctx).events[0]).toMatchObject({ text: 'watch this', attachments: [{ type: 'video' }] });
  });

  it('notes a photo attached to a comment', () => {
    const body = feedBody({ ...COMMENT, photo: 'https://scontent.example/p.jpg' });
    expect(normaliseMeta(body, ctx).events[0]!.attachments).toEqual([{ type: 'photo', url: 'https://scontent.example/p.jpg' }]);
  });

  it('names the item as attachment when a comment has no words', () => {
    const { message: _dropped, ...noMessage } = COMMENT;
    expect(normaliseMeta(feedBody(noMessage), ctx).events[0]).toMatchObject({ text: '', attachments: [{ type: 'comment' }] });
  });

  it.each([
    ['a reaction', { item: 'reaction', verb: 'add', reaction_type: 'like' }],
    ['a like', { item: 'like', verb: 'add' }],
    ['a hide', { ...COMMENT, verb: 'hide' }],
    ['an item without a verb', { item: 'comment' }],
  ])('ignores %s without checking its other fields', (_label, value) => {
    const body = feedBody({ ...value, from: 42, post_id: { not: 'an id' } });
    expect(normaliseMeta(body, ctx)).toEqual({ events: [], ignored: 1, invalid: [] });
  });

  describe('edits and removals', () => {
    it('turns an edited comment into an edit of the comment, with the new words, in its thread', () => {
      const body = feedBody({ ...COMMENT, verb: 'edited', message: 'Sorry, order #4412 arrived damaged' });
      const [edit] = normaliseMeta(body, ctx).events;
      expect(edit).toMatchObject({
        kind: 'comment',
        text: 'Sorry, order #4412 arrived damaged',
        conversationId: `facebook:thread:${COMMENT.comment_id}`,
        revision: { action: 'edited', of: `facebook:${COMMENT.comment_id}` },
      });
      expect(edit!.id).not.toBe(`facebook:${COMMENT.comment_id}`);
    });

    it('gives two different edits different ids, and a redelivered edit the same one', () => {
      const idOf = (message: string) => normaliseMeta(feedBody({ ...COMMENT, verb: 'edited', message }), ctx).events[0]!.id;
      expect(idOf('one')).not.toBe(idOf('two'));
      expect(idOf('one')).toBe(idOf('one'));
    });

    it('turns a removed comment or post into a deletion with no words, even without `from`', () => {
      const comment = normaliseMeta(feedBody({ item: 'comment', verb: 'remove', post_id: '1_2', comment_id: '1_2_3', parent_id: '1_2' }), ctx).events[0];
      expect(comment).toMatchObject({ id: 'facebook:1_2_3:deleted', text: '', author: { id: 'unknown' }, revision: { action: 'deleted', of: 'facebook:1_2_3' } });
      const post = normaliseMeta(feedBody({ item: 'status', verb: 'remove', post_id: '1_9', from: { id: '7' } }), ctx).events[0];
      expect(post).toMatchObject({ revision: { action: 'deleted', of: 'facebook:1_9' } });
    });

    it('parks a removal that names no comment id, and answers 400-worthy only when it is alone', () => {
      const result = normaliseMeta(feedBody({ item: 'comment', verb: 'remove', post_id: '1_2' }), ctx);
      expect(result.events).toEqual([]);
      expect(result.invalid[0]!.problem).toContain('comment_id is required for a comment');
    });
  });

  describe('an item without `from` (Meta withholds non-role authors from apps lacking some permissions)', () => {
    const { from: _dropped, ...noFrom } = COMMENT;

    it('becomes an event by the unknown author, not an invalid item', () => {
      expect(normaliseMeta(feedBody(noFrom), ctx)).toEqual({
        events: [
          {
            id: `facebook:${COMMENT.comment_id}`,
            platform: 'facebook',
            kind: 'comment',
            text: COMMENT.message,
            author: { id: UNKNOWN_AUTHOR_ID },
            conversationId: `facebook:thread:${COMMENT.comment_id}`,
            inReplyTo: `facebook:${COMMENT.post_id}`,
            createdAt: '2024-06-10T06:13:10.000Z',
            receivedAt: RECEIVED_AT,
            url: `https://www.facebook.com/${COMMENT.post_id}`,
            isEcho: false,
            accountId: '104857600000001',
          },
        ],
        ignored: 0,
        invalid: [],
      });
    });

    it('treats from: null the same, and a from-less post too', () => {
      expect(normaliseMeta(feedBody({ ...COMMENT, from: null }), ctx).events[0]).toMatchObject({
        author: { id: UNKNOWN_AUTHOR_ID },
        isEcho: false,
      });
      const post = normaliseMeta(feedBody({ item: 'status', verb: 'add', post_id: '1_2', message: 'hi' }), ctx);
      expect(post.events[0]).toMatchObject({ kind: 'post', author: { id: UNKNOWN_AUTHOR_ID }, isEcho: false });
      expect(post.invalid).toEqual([]);
    });

    it('is never an echo, even for an account whose id is the placeholder itself', () => {
      const result = normaliseMeta(feedBody(noFrom, UNKNOWN_AUTHOR_ID), ctx);
      expect(result.events[0]).toMatchObject({ author: { id: UNKNOWN_AUTHOR_ID }, accountId: UNKNOWN_AUTHOR_ID, isEcho: false });
    });

    it('still requires an id when `from` is there', () => {
      const found = onlyInvalid(normaliseMeta(feedBody({ ...COMMENT, from: {} }), ctx));
      expect(found.problem).toBe('meta webhook: entry[0].changes[0].value.from.id is required');
    });
  });

  it('treats a comment without parent_id as top-level', () => {
    const { parent_id: _dropped, ...noParent } = COMMENT;
    const [event] = normaliseMeta(feedBody(noParent), ctx).events;
    expect(event!.conversationId).toBe(`facebook:thread:${COMMENT.comment_id}`);
    expect(event!.inReplyTo).toBeUndefined();
  });

  it('falls back to entry.time, then to receivedAt, when created_time is absent or unreadable', () => {
    const { created_time: _dropped, ...noTime } = COMMENT;
    expect(normaliseMeta(feedBody(noTime), ctx).events[0]!.createdAt).toBe('2024-06-10T06:13:20.000Z');
    const body = { object: 'page', entry: [{ id: '1', changes: [{ field: 'feed', value: { ...COMMENT, created_time: 'soon' } }] }] };
    expect(normaliseMeta(body, ctx).events[0]!.createdAt).toBe(RECEIVED_AT);
  });

  it('truncates a very long comment and marks it', () => {
    const body = feedBody({ ...COMMENT, message: '🔥'.repeat(MAX_TEXT_CHARS) });
    const [event] = normaliseMeta(body, ctx).events;
    expect(event!.text).toHaveLength(MAX_TEXT_CHARS);
    expect(event!.truncated).toBe(true);
    expect(SocialEventSchema.safeParse(event).success).toBe(true);
  });

  it('keeps the first of two copies of the same comment in one delivery', () => {
    const body = {
      object: 'page',
      entry: [
        { id: '104857600000001', changes: [{ field: 'feed', value: COMMENT }] },
        { id: '104857600000001', changes: [{ field: 'feed', value: { ...COMMENT, message: 'copy' } }] },
      ],
    };
    const result = normaliseMeta(body, ctx);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]!.text).toBe(COMMENT.message);
    expect(result.ignored).toBe(1);
  });
});

describe('normaliseMeta: Facebook Page mentions', () => {
  const { events, ignored } = normaliseFixture('meta-page-mention.json');

  it('turns a mention in a comment into a mention keyed by the comment', () => {
    expect(eventById(events, 'facebook:300000000000002_300000000000003')).toEqual({
      id: 'facebook:300000000000002_300000000000003',
      platform: 'facebook',
      kind: 'mention',
      text: '@Acme your courier left my parcel in the rain',
      author: { id: '6000000000000014', name: 'Priya Nair' },
      conversationId: 'facebook:thread:300000000000002_300000000000003',
      createdAt: '2024-06-10T06:18:10.000Z',
      receivedAt: RECEIVED_AT,
      url: 'https://www.facebook.com/300000000000001_300000000000002',
      isEcho: false,
      accountId: '104857600000001',
    });
  });

  it('keys a mention in a post by the post, and turns a removed mention into its deletion', () => {
    expect(eventById(events, 'facebook:300000000000005_300000000000006').kind).toBe('mention');
    expect(eventById(events, 'facebook:300000000000005_300000000000006:deleted')).toMatchObject({
      text: '',
      revision: { action: 'deleted', of: 'facebook:300000000000005_300000000000006' },
    });
    expect(events).toHaveLength(3);
    expect(ignored).toBe(0);
  });

  it('accepts the older `from` form of the author', () => {
    const body = {
      object: 'page',
      entry: [{ id: '1', changes: [{ field: 'mention', value: { verb: 'add', post_id: '5_6', from: { id: '77', name: 'Old Style' } } }] }],
    };
    expect(normaliseMeta(body, ctx).events[0]).toMatchObject({ author: { id: '77', name: 'Old Style' }, text: '' });
  });
});

describe('normaliseMeta: Messenger', () => {
  it('turns the documented message into a DM keyed by mid, conversation by the customer PSID', () => {
    const { events, ignored, invalid } = normaliseFixture('meta-messenger-text.json');
    expect(ignored).toBe(0);
    expect(invalid).toEqual([]);
    expect(events).toEqual([
      {
        id: 'facebook:m_AbCdEf0123456789',
        platform: 'facebook',
        kind: 'dm',
        text: 'Where is my parcel?',
        author: { id: '7100000000000005' },
        conversationId: 'facebook:dm:7100000000000005',
        createdAt: '2024-06-10T06:15:23.000Z',
        receivedAt: RECEIVED_AT,
        isEcho: false,
        accountId: '104857600000001',
      },
    ]);
  });

  describe('a mixed delivery', () => {
    const { events, ignored } = normaliseFixture('meta-messenger-mixed.json');

    it('keeps messages from both Pages and ignores delivery, read, postback and the standby copy', () => {
      expect(events.map((e) => e.id)).toEqual([
        'facebook:m_photo0001',
        'facebook:m_echo0001',
        'facebook:m_reply0001',
        'facebook:m_other0001',
      ]);
      expect(ignored).toBe(4);
      expect(eventById(events, 'facebook:m_other0001').accountId).toBe('104857600000077');
    });

    it('keeps an attachment-only message with the attachment types', () => {
      expect(eventById(events, 'facebook:m_photo0001')).toMatchObject({ text: '', attachments: [{ type: 'image' }] });
    });

    it("marks the Page's echo and files it under the customer's conversation", () => {
      expect(eventById(events, 'facebook:m_echo0001')).toMatchObject({
        isEcho: true,
        author: { id: '104857600000001' },
        conversationId: 'facebook:dm:7100000000000005',
      });
    });

    it('links a reply to the message replied to', () => {
      expect(eventById(events, 'facebook:m_reply0001')).toMatchObject({
        inReplyTo: 'facebook:m_echo0001',
        text: "It's been 2 weeks 😤",
      });
    });
  });

  it('reads numeric ids as strings and ms timestamps by magnitude', () => {
    const { events } = normaliseFixture('meta-numeric-ids.json');
    expect(events.map((e) => [e.id, e.author.id, e.accountId, e.createdAt])).toEqual([
      ['facebook:104857600000001_900000000000040', '6000000000000004', '104857600000001', '2024-06-10T05:56:40.000Z'],
      ['facebook:m_numeric0001', '7100000000000005', '104857600000001', '2024-06-10T06:13:20.500Z'],
    ]);
  });

  it('writes large numeric ids in full (digits JSON.parse already rounded cannot be recovered)', () => {
    const body = JSON.parse(
      '{"object":"instagram","entry":[{"id":17841400000000001,"messaging":[{"sender":{"id":1e21},"recipient":{"id":17841400000000001},' +
        '"message":{"mid":"m1","text":"x"}}]}]}',
    );
    expect(normaliseMeta(body, ctx).events[0]).toMatchObject({
      accountId: '17841400000000000',
      author: { id: '1000000000000000000000' },
      conversationId: 'instagram:dm:1000000000000000000000',
    });
  });

  it('treats a message sent by the Page itself as an echo even without is_echo', () => {
    const body = {
      object: 'page',
      entry: [{ id: '42', messaging: [{ sender: { id: '42' }, recipient: { id: '7' }, timestamp: 1718000000000, message: { mid: 'm1', text: 'x' } }] }],
    };
    expect(normaliseMeta(body, ctx).events[0]).toMatchObject({ isEcho: true, conversationId: 'facebook:dm:7' });
  });
});

describe('normaliseMeta: Instagram', () => {
  it('turns the documented comment into a comment event (time from entry.time)', () => {
    const { events } = normaliseFixture('meta-instagram-comment.json');
    expect(events).toEqual([
      {
        id: 'instagram:17890000000000002',
        platform: 'instagram',
        kind: 'comment',
        text: '@acme is this back in stock?',
        author: { id: '17840000000000003', handle: 'kim.travels' },
        conversationId: 'instagram:thread:17890000000000002',
        createdAt: '2024-06-10T06:16:40.000Z',
        receivedAt: RECEIVED_AT,
        isEcho: false,
        accountId: '17841400000000001',
      },
    ]);
  });

  describe('flat Instagram-Login entries, replies, echoes and live comments', () => {
    const { events, ignored } = normaliseFixture('meta-instagram-flat.json');

    it("reads the flat {field, value} entry, the account's own reply being an echo", () => {
      expect(eventById(events, 'instagram:17890000000000005')).toMatchObject({
        isEcho: true,
        author: { id: '17841400000000001', handle: 'acme' },
        conversationId: 'instagram:thread:17890000000000002',
        inReplyTo: 'instagram:17890000000000002',
      });
    });

    it('threads replies under the parent comment and live comments on their own', () => {
      expect(eventById(events, 'instagram:17890000000000011').conversationId).toBe('instagram:thread:17890000000000002');
      expect(eventById(events, 'instagram:17890000000000006')).toMatchObject({
        kind: 'comment',
        conversationId: 'instagram:thread:17890000000000006',
      });
    });

    it('ignores fields it does not handle', () => {
      expect(events).toHaveLength(3);
      expect(ignored).toBe(1);
    });
  });

  it('turns thin mentions into text-less mentions with a placeholder author', () => {
    const { events } = normaliseFixture('meta-instagram-mention.json');
    expect(events).toEqual([
      {
        id: 'instagram:17890000000000010',
        platform: 'instagram',
        kind: 'mention',
        text: '',
        author: { id: UNKNOWN_AUTHOR_ID },
        conversationId: 'instagram:thread:17890000000000010',
        createdAt: '2024-06-10T06:16:41.000Z',
        receivedAt: RECEIVED_AT,
        isEcho: false,
        accountId: '17841400000000001',
        attachments: [{ type: 'mention-without-text', refersTo: '17900000000000009' }],
      },
      expect.objectContaining({ id: 'instagram:17900000000000014', conversationId: 'instagram:thread:17900000000000014' }),
    ]);
  });

  describe('DMs', () => {
    const { events, ignored } = normaliseFixture('meta-instagram-dm.json');

    it('turns the documented DM into an instagram DM keyed by the customer IGSID', () => {
      expect(eventById(events, 'instagram:aWdfZAG1faXRlbTo6MTIz')).toEqual({
        id: 'instagram:aWdfZAG1faXRlbTo6MTIz',
        platform: 'instagram',
        kind: 'dm',
        text: 'Hi, need help with a return',
        author: { id: '680000000000000011' },
        conversationId: 'instagram:dm:680000000000000011',
        createdAt: '2024-06-10T06:18:20.000Z',
        receivedAt: RECEIVED_AT,
        isEcho: false,
        accountId: '17841400000000001',
      });
    });

    it('marks is_echo sends and files them under the customer', () => {
      expect(eventById(events, 'instagram:aWdfZAG1faXRlbTo6MTI0')).toMatchObject({
        isEcho: true,
        conversationId: 'instagram:dm:680000000000000011',
      });
    });

    it('keeps reels and unsupported messages as attachments, turns the unsend notice into a deletion, and ignores reactions', () => {
      expect(eventById(events, 'instagram:aWdfZAG1faXRlbTo6MTI1').attachments).toEqual([
        { type: 'ig_reel' },
      ]);
      expect(eventById(events, 'instagram:aWdfZAG1faXRlbTo6MTI2').attachments).toEqual([{ type: 'unsupported' }]);
      expect(eventById(events, 'instagram:aWdfZAG1faXRlbTo6MTIz:deleted')).toMatchObject({
        text: '',
        revision: { action: 'deleted', of: 'instagram:aWdfZAG1faXRlbTo6MTIz' },
      });
      expect(events).toHaveLength(5);
      expect(ignored).toBe(1);
      // The unsend notice reuses the first message's mid; the first message must stay as it was.
      expect(eventById(events, 'instagram:aWdfZAG1faXRlbTo6MTIz').text).toBe('Hi, need help with a return');
    });
  });
});

describe('normaliseMeta: WhatsApp', () => {
  it('turns the documented text message into a DM routed by phone_number_id', () => {
    const { events, ignored, invalid } = normaliseFixture('meta-whatsapp-text.json');
    expect(ignored).toBe(0);
    expect(invalid).toEqual([]);
    expect(events).toEqual([
      {
        id: 'whatsapp:wamid.HBgMOTE5ODAwMDAwMDAxFQIAEhgUM0FCQzEyMwA=',
        platform: 'whatsapp',
        kind: 'dm',
        text: 'Order 8812 not delivered',
        author: { id: '919800000001', name: 'Ravi Menon' },
        conversationId: 'whatsapp:dm:919800000001',
        createdAt: '2024-06-10T06:20:00.000Z',
        receivedAt: RECEIVED_AT,
        isEcho: false,
        accountId: '106540000000002',
      },
    ]);
  });

  describe('a mixed batch', () => {
    const { events, ignored } = normaliseFixture('meta-whatsapp-mixed.json');

    it('reads the words of every message type', () => {
      expect(events.map((e) => [e.id, e.text, e.attachments?.map((a) => a.type)])).toEqual([
        ['whatsapp:wamid.IMG001', 'This is how it arrived', ['image']],
        ['whatsapp:wamid.DOC001', '', ['document']],
        ['whatsapp:wamid.BTN001', 'Talk to an agent', undefined],
        ['whatsapp:wamid.LST001', 'Refund status', undefined],
        ['whatsapp:wamid.TPL001', 'Stop promotions', undefined],
        ['whatsapp:wamid.AUD001', '', ['voice']],
        ['whatsapp:wamid.UNS001', '', ['unsupported']],
        ['whatsapp:wamid.JP0001', '荷物がまだ届きません 📦', undefined],
      ]);
    });

    it('matches contact names by wa_id and routes each business number separately', () => {
      expect(eventById(events, 'whatsapp:wamid.BTN001')).toMatchObject({
        author: { id: '5511900000002', name: 'Maria Souza' },
        conversationId: 'whatsapp:dm:5511900000002',
        inReplyTo: 'whatsapp:wamid.OUT001',
        accountId: '106540000000002',
      });
      expect(eventById(events, 'whatsapp:wamid.JP0001')).toMatchObject({
        author: { name: 'Kenji Watanabe' },
        accountId: '106540000000099',
        createdAt: '2024-06-10T06:20:20.000Z',
      });
    });

    it('ignores statuses (3), the reaction and the template update', () => {
      expect(ignored).toBe(5);
    });
  });

  it('turns Business-app echoes into echo DMs in the customer conversation', () => {
    const { events } = normaliseFixture('meta-whatsapp-echo.json');
    expect(events).toEqual([
      {
        id: 'whatsapp:wamid.ECHO001',
        platform: 'whatsapp',
        kind: 'dm',
        text: 'Hi Ravi, your replacement ships today.',
        author: { id: '15550001111' },
        conversationId: 'whatsapp:dm:919800000001',
        createdAt: '2024-06-10T06:20:30.000Z',
        receivedAt: RECEIVED_AT,
        isEcho: true,
        accountId: '106540000000002',
      },
    ]);
  });

  it('counts an empty messages value as one ignored item', () => {
    const body = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: '2' } } }] }] };
    expect(normaliseMeta(body, ctx)).toEqual({ events: [], ignored: 1, invalid: [] });
  });

  it('ignores messaging items on a WhatsApp entry', () => {
    const body = { object: 'whatsapp_business_account', entry: [{ id: '1', messaging: [{ anything: true }] }] };
    expect(normaliseMeta(body, ctx)).toEqual({ events: [], ignored: 1, invalid: [] });
  });
});

describe('normaliseMeta: envelope', () => {
  it('ignores every item of an object type it does not handle', () => {
    const body = { object: 'permissions', entry: [{ id: '1', time: 1, changes: [{ field: 'a', value: 1 }, { field: 'b', value: 2 }] }] };
    expect(normaliseMeta(body, ctx)).toEqual({ events: [], ignored: 2, invalid: [] });
  });

  it('returns nothing for an empty entry list', () => {
    expect(normaliseMeta({ object: 'page', entry: [] }, ctx)).toEqual({ events: [], ignored: 0, invalid: [] });
  });

  it('does not resolve object or field names through the prototype chain', () => {
    const body = { object: 'constructor', entry: [{ id: '1', changes: [{ field: 'toString', value: {} }] }] };
    expect(normaliseMeta(body, ctx)).toEqual({ events: [], ignored: 1, invalid: [] });
    const page = { object: 'page', entry: [{ id: '1', changes: [{ field: '__proto__', value: {} }] }] };
    expect(normaliseMeta(page, ctx)).toEqual({ events: [], ignored: 1, invalid: [] });
  });

  it('reads only own keys, not a __proto__ key from JSON.parse', () => {
    const body = JSON.parse(
      '{"object":"page","__proto__":{"entry":5},"entry":[{"id":"1","changes":[{"field":"feed","value":{"__proto__":{"verb":"add"},"item":"comment"}}]}]}',
    );
    expect(normaliseMeta(body, ctx)).toEqual({ events: [], ignored: 1, invalid: [] });
  });

  it('does not modify the body it is given', () => {
    const body = fixture('meta-feed-mixed.json');
    const before = clone(body);
    normaliseMeta(body, ctx);
    expect(body).toEqual(before);
  });
});

describe('normaliseMeta: rejects bodies that break the schema', () => {
  it.each([
    ['null', null, 'meta webhook: body must be an object'],
    ['an array', [], 'meta webhook: body must be an object'],
    ['a string', 'object=page', 'meta webhook: body must be an object'],
    ['no object', { entry: [] }, 'meta webhook: object is required'],
    ['a numeric object', { object: 1, entry: [] }, 'meta webhook: object must be a string'],
    ['no entry', { object: 'page' }, 'meta webhook: entry is required'],
    ['entry as an object', { object: 'page', entry: {} }, 'meta webhook: entry must be an array'],
  ])('rejects %s', (_label, body, message) => {
    const err = payloadErrorOf(() => normaliseMeta(body, ctx));
    expect(err.message).toBe(message);
  });
});

/**
 * A broken entry or change is one item among others: it is returned as invalid (the intake parks it; alone in its
 * delivery it makes a 400), and the other entries and changes of the delivery still become events.
 */
describe('normaliseMeta: entries and changes that break the schema', () => {
  it.each([
    ['a null id', { object: 'page', entry: [{ id: null }] }, 'meta webhook: entry[0].id has the wrong type'],
    ['an entry without id', { object: 'page', entry: [{ time: 1 }] }, 'meta webhook: entry[0].id is required'],
    ['a fractional id', { object: 'page', entry: [{ id: 1.5 }] }, 'meta webhook: entry[0].id must be a whole number'],
    ['an entry that is a string', { object: 'page', entry: ['feed'] }, 'meta webhook: entry[0] must be an object'],
    ['a change that is not an object', { object: 'page', entry: [{ id: '1', changes: ['feed'] }] }, 'meta webhook: entry[0].changes[0] must be an object'],
    ['a change without field', { object: 'page', entry: [{ id: '1', changes: [{ value: {} }] }] }, 'meta webhook: entry[0].changes[0].field is required'],
  ])('returns %s as an invalid item', (_label, body, problem) => {
    const result = normaliseMeta(body, ctx);
    expect(result.events).toEqual([]);
    expect(result.invalid.map((i) => i.problem)).toEqual([problem]);
  });

  it('accepts changes: null as no changes', () => {
    expect(normaliseMeta({ object: 'page', entry: [{ id: '1', changes: null }] }, ctx)).toEqual({ events: [], ignored: 0, invalid: [] });
  });

  it('parks a broken entry and keeps the valid items of the delivery beside it', () => {
    const body = clone(fixture('meta-feed-mixed.json')) as { entry: Record<string, unknown>[] };
    const whole = normaliseMeta(clone(body), ctx);
    const broken = body.entry[1]!;
    delete broken['id'];
    const result = normaliseMeta(body, ctx);
    expect(result.invalid).toEqual([{ problem: 'meta webhook: entry[1].id is required', item: broken }]);
    expect(result.events.length).toBeGreaterThan(0);
    expect(result.events.every((e) => whole.events.some((w) => w.id === e.id))).toBe(true);
  });

  it('says what is wrong without echoing any of the body text', () => {
    const body = { object: 'page', entry: [{ id: 'card 4111-1111-1111-1111\nDana Reyes +1 555 0100' }] };
    const [invalid] = normaliseMeta(body, ctx).invalid;
    expect(invalid!.problem).toBe('meta webhook: entry[0].id has an invalid format');
    expect(invalid!.problem).not.toMatch(/4111|Dana|555/);
  });
});

/**
 * An item of a kind we handle that fails its schema does not fail the delivery (Meta would retry the whole POST
 * for 36 h, and Messenger unsubscribes an app after an hour of failures): it comes back in `invalid`, raw, with
 * a problem naming the path, and every other item is still normalised.
 */
describe('normaliseMeta: items that break their schema', () => {
  it('returns a new comment without author id as invalid, with the change value as the item', () => {
    const value = { ...COMMENT, from: { name: 'No Id' } };
    expect(normaliseMeta(feedBody(value), ctx)).toEqual({
      events: [],
      ignored: 0,
      invalid: [{ problem: 'meta webhook: entry[0].changes[0].value.from.id is required', item: value }],
    });
  });

  it('returns a new comment without comment_id as invalid', () => {
    const { comment_id: _dropped, ...noId } = COMMENT;
    expect(onlyInvalid(normaliseMeta(feedBody(noId), ctx))).toEqual({
      problem: 'meta webhook: entry[0].changes[0].value.comment_id is required for a comment',
      item: noId,
    });
  });

  it('returns a new post without post_id as invalid', () => {
    const value = { item: 'status', verb: 'add', from: { id: '9' }, message: 'x' };
    expect(onlyInvalid(normaliseMeta(feedBody(value), ctx))).toEqual({
      problem: 'meta webhook: entry[0].changes[0].value.post_id is required',
      item: value,
    });
  });

  it('returns a feed value that is not an object as invalid', () => {
    const body = { object: 'page', entry: [{ id: '1', changes: [{ field: 'feed', value: 'comment' }] }] };
    expect(onlyInvalid(normaliseMeta(body, ctx))).toEqual({
      problem: 'meta webhook: entry[0].changes[0].value must be an object',
      item: 'comment',
    });
  });

  it('returns a mention that names neither post nor comment as invalid', () => {
    const value = { verb: 'add', sender_id: '5' };
    const body = { object: 'page', entry: [{ id: '1', changes: [{ field: 'mention', value }] }] };
    expect(onlyInvalid(normaliseMeta(body, ctx))).toEqual({
      problem: 'meta webhook: entry[0].changes[0].value.post_id is required (or comment_id)',
      item: value,
    });
  });

  it('returns a messaging item that is not an object as invalid', () => {
    const body = { object: 'page', entry: [{ id: '1', messaging: [7] }] };
    expect(onlyInvalid(normaliseMeta(body, ctx))).toEqual({
      problem: 'meta webhook: entry[0].messaging[0] must be an object',
      item: 7,
    });
  });

  it('returns a Messenger message without mid as invalid, naming the standby list when it is there', () => {
    const item = { sender: { id: '7' }, recipient: { id: '1' }, message: { text: 'hi' } };
    const body = { object: 'page', entry: [{ id: '1', messaging: [], standby: [item] }] };
    expect(onlyInvalid(normaliseMeta(body, ctx))).toEqual({
      problem: 'meta webhook: entry[0].standby[0].message.mid is required',
      item,
    });
  });

  it('returns an Instagram comment without an id of any kind as invalid', () => {
    const value = { from: { id: '3' }, text: 'x' };
    const body = { object: 'instagram', entry: [{ id: '1', field: 'comments', value }] };
    expect(onlyInvalid(normaliseMeta(body, ctx))).toEqual({
      problem: 'meta webhook: entry[0].value.id is required (or comment_id)',
      item: value,
    });
  });

  it('returns an Instagram mention without media_id as invalid', () => {
    const body = { object: 'instagram', entry: [{ id: '1', changes: [{ field: 'mentions', value: { comment_id: '5' } }] }] };
    expect(onlyInvalid(normaliseMeta(body, ctx))).toEqual({
      problem: 'meta webhook: entry[0].changes[0].value.media_id is required',
      item: { comment_id: '5' },
    });
  });

  it('returns a WhatsApp value without metadata as invalid', () => {
    const body = clone(fixture('meta-whatsapp-text.json')) as { entry: { changes: { value: Record<string, unknown> }[] }[] };
    delete body.entry[0]!.changes[0]!.value['metadata'];
    expect(onlyInvalid(normaliseMeta(body, ctx))).toEqual({
      problem: 'meta webhook: entry[0].changes[0].value.metadata is required',
      item: body.entry[0]!.changes[0]!.value,
    });
  });

  it('returns a WhatsApp message whose id contains a line break as invalid, without quoting the id', () => {
    const body = clone(fixture('meta-whatsapp-text.json')) as { entry: { changes: { value: { messages: { id: string }[] } }[] }[] };
    body.entry[0]!.changes[0]!.value.messages[0]!.id = 'wamid.A\nB';
    const found = onlyInvalid(normaliseMeta(body, ctx));
    expect(found).toEqual({
      problem: 'meta webhook: entry[0].changes[0].value.messages[0].id has an invalid format',
      item: body.entry[0]!.changes[0]!.value.messages[0],
    });
    expect(found.problem).not.toContain('wamid');
  });

  it('reports an invalid item without quoting any of the customer text', () => {
    const body = feedBody({ ...COMMENT, message: 'my card is 4111-1111-1111-1111', from: 'Dana Reyes +1 555 0100' });
    const result = normaliseMeta(body, ctx);
    const found = onlyInvalid(result);
    expect(found.problem).toBe('meta webhook: entry[0].changes[0].value.from must be an object');
    expect(found.problem).not.toMatch(/4111|Dana|555/);
    // The raw item is kept whole, to be parked for a person to look at.
    expect(found.item).toMatchObject({ message: 'my card is 4111-1111-1111-1111' });
  });

  it('keeps the good WhatsApp messages of a value and parks only the broken one', () => {
    const body = clone(fixture('meta-whatsapp-text.json')) as { entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[] };
    const value = body.entry[0]!.changes[0]!.value;
    const good = value.messages[0]!;
    value.messages = [{ ...good, id: 'wamid.GOOD1' }, { ...good, id: 'wamid.BAD', from: undefined }, { ...good, id: 'wamid.GOOD2' }];
    // Two people in `contacts`: the message without a sender cannot be told to be either's.
    (value as unknown as { contacts: unknown[] }).contacts.push({ profile: { name: 'Someone else' }, wa_id: '5511999999999' });
    const result = normaliseMeta(body, ctx);
    expect(result.events.map((e) => e.id)).toEqual(['whatsapp:wamid.GOOD1', 'whatsapp:wamid.GOOD2']);
    expect(result.invalid).toEqual([{ problem: 'meta webhook: entry[0].changes[0].value.messages[1].from is required (or from_user_id)', item: value.messages[1] }]);
  });

  it('lists several invalid items of one delivery in body order, each with its own path', () => {
    const { comment_id: _dropped, ...noId } = COMMENT;
    const body = {
      object: 'page',
      entry: [
        { id: '1', changes: [{ field: 'feed', value: noId }], messaging: [{ sender: { id: '7' }, recipient: { id: '1' }, message: {} }] },
        { id: '2', changes: [{ field: 'mention', value: { verb: 'add' } }] },
      ],
    };
    const result = normaliseMeta(body, ctx);
    expect(result.events).toEqual([]);
    expect(result.invalid.map((i) => i.problem)).toEqual([
      'meta webhook: entry[0].changes[0].value.comment_id is required for a comment',
      'meta webhook: entry[0].messaging[0].message.mid is required',
      'meta webhook: entry[1].changes[0].value.post_id is required (or comment_id)',
    ]);
    for (const found of result.invalid) expectNotQuoted(found);
  });

  describe('keeps the valid items of the same delivery', () => {
    it('Facebook feed: one broken comment among the mixed Page delivery', () => {
      const body = clone(fixture('meta-feed-mixed.json')) as { entry: { changes: { value: Record<string, unknown> }[] }[] };
      const broken = body.entry[0]!.changes[1]!.value;
      delete broken['post_id'];
      const result = normaliseMeta(body, ctx);
      expect(result.events.map((e) => e.id)).toEqual([
        'facebook:104857600000001_900000000000002_800000000000005',
        'facebook:104857600000001_900000000000020',
        'facebook:104857600000001_900000000000021',
        expect.stringMatching(/:edited:/),
        'facebook:104857600000001_900000000000002_800000000000004:deleted',
        'facebook:104857600000077_900000000000031_800000000000032',
      ]);
      expect(result.ignored).toBe(2);
      expect(result.invalid).toEqual([{ problem: 'meta webhook: entry[0].changes[1].value.post_id is required', item: broken }]);
      expectNotQuoted(result.invalid[0]!);
    });

    it('Messenger: a message without mid between valid messages and the standby copy', () => {
      const body = clone(fixture('meta-messenger-mixed.json')) as { entry: { messaging: { message?: Record<string, unknown> }[] }[] };
      const broken = body.entry[0]!.messaging[1]!;
      delete broken.message!['mid'];
      const result = normaliseMeta(body, ctx);
      expect(result.events.map((e) => e.id)).toEqual(['facebook:m_photo0001', 'facebook:m_reply0001', 'facebook:m_other0001']);
      expect(result.ignored).toBe(4);
      expect(result.invalid).toEqual([{ problem: 'meta webhook: entry[0].messaging[1].message.mid is required', item: broken }]);
      expect(result.invalid[0]!.problem).not.toMatch(/Thanks|looking/);
    });

    it('Instagram: broken comments, mention and DM next to valid ones', () => {
      const badComment = { from: { id: '3' }, text: 'where is my order please' };
      const badMention = { comment_id: '17890000000000020' };
      const badDm = { sender: { id: '680000000000000011' }, recipient: { id: '17841400000000001' }, message: { text: 'hello there?' } };
      const body = {
        object: 'instagram',
        entry: [
          {
            id: '17841400000000001',
            time: 1718000200,
            changes: [
              { field: 'comments', value: { id: '17890000000000002', from: { id: '17840000000000003' }, text: 'ok' } },
              { field: 'comments', value: badComment },
              { field: 'mentions', value: badMention },
              { field: 'mentions', value: { media_id: '17900000000000014' } },
            ],
            messaging: [
              badDm,
              { sender: { id: '680000000000000011' }, recipient: { id: '17841400000000001' }, message: { mid: 'ig_m1', text: 'hi' } },
            ],
          },
        ],
      };
      const result = normaliseMeta(body, ctx);
      expect(result.events.map((e) => e.id)).toEqual(['instagram:17890000000000002', 'instagram:17900000000000014', 'instagram:ig_m1']);
      expect(result.ignored).toBe(0);
      expect(result.invalid).toEqual([
        { problem: 'meta webhook: entry[0].changes[1].value.id is required (or comment_id)', item: badComment },
        { problem: 'meta webhook: entry[0].changes[2].value.media_id is required', item: badMention },
        { problem: 'meta webhook: entry[0].messaging[0].message.mid is required', item: badDm },
      ]);
      for (const found of result.invalid) expectNotQuoted(found);
    });

    it('WhatsApp: a broken value for one business number leaves the other number and the statuses alone', () => {
      const body = clone(fixture('meta-whatsapp-mixed.json')) as {
        entry: { changes: { value: { messages?: Record<string, unknown>[] } }[] }[];
      };
      const brokenValue = body.entry[1]!.changes[0]!.value as { messages?: Record<string, unknown>[]; contacts?: unknown };
      delete brokenValue.messages![0]!['from'];
      // Without `contacts` nothing names the sender (with one contact, the message would be that contact's).
      delete brokenValue.contacts;
      const result = normaliseMeta(body, ctx);
      expect(result.events.map((e) => e.id)).toEqual([
        'whatsapp:wamid.IMG001',
        'whatsapp:wamid.DOC001',
        'whatsapp:wamid.BTN001',
        'whatsapp:wamid.LST001',
        'whatsapp:wamid.TPL001',
        'whatsapp:wamid.AUD001',
        'whatsapp:wamid.UNS001',
      ]);
      expect(result.ignored).toBe(5);
      // The message is the unit: only it is parked; its siblings (none here) would still become events.
      expect(result.invalid).toEqual([{ problem: 'meta webhook: entry[1].changes[0].value.messages[0].from is required (or from_user_id)', item: brokenValue.messages![0] }]);
      expect(result.invalid[0]!.problem).not.toContain('荷物');
    });
  });
});
