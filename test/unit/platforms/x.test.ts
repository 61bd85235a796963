import { normaliseX, UNKNOWN_AUTHOR_ID } from '../../../lambdas/domain/platforms/x';
import { MAX_TEXT_CHARS, SocialEventSchema } from '../../../schemas/social-event';
import { PayloadError } from '../../../lambdas/domain/platforms/types';
import { clone, ctx, eventById, expectNotQuoted, fixture, normaliseFixture, onlyInvalid, payloadErrorOf, RECEIVED_AT } from './support';

/** X Account Activity deliveries → SocialEvents. Fixtures follow reference/platforms.md §2.4. */

const BRAND = '1700000000000000001';

/** A customer's tweet as delivered in tweet_create_events. */
const TWEET = {
  created_at: 'Wed Jun 12 09:14:03 +0000 2024',
  id_str: '1800000000000000002',
  text: '@AcmeSupport my refund hasn\'t arrived',
  timestamp_ms: '1718183643000',
  user: { id_str: '1600000000000000003', name: 'Lee Park', screen_name: 'leepark', followers_count: 2310, verified: false },
};

function tweets(...items: unknown[]): unknown {
  return { for_user_id: BRAND, tweet_create_events: items };
}

const DM = {
  type: 'message_create',
  id: '1800000000000000010',
  created_timestamp: '1718183700000',
  message_create: {
    target: { recipient_id: BRAND },
    sender_id: '1600000000000000003',
    message_data: { text: 'Order #A-77 still missing' },
  },
};

describe('normaliseX: tweets', () => {
  it("turns the documented reply to the brand into a comment in the customer's thread", () => {
    const { events, ignored, invalid } = normaliseFixture('x-tweet-reply.json');
    expect(ignored).toBe(0);
    expect(invalid).toEqual([]);
    expect(events).toEqual([
      {
        id: 'x:1800000000000000002',
        platform: 'x',
        kind: 'comment',
        text: "@AcmeSupport my refund hasn't arrived",
        author: { id: '1600000000000000003', handle: 'leepark', name: 'Lee Park', followers: 2310, verified: false },
        conversationId: 'x:thread:1600000000000000003',
        inReplyTo: 'x:1799999999999999999',
        createdAt: '2024-06-12T09:14:03.000Z',
        receivedAt: RECEIVED_AT,
        url: 'https://x.com/leepark/status/1800000000000000002',
        isEcho: false,
        accountId: BRAND,
      },
    ]);
  });

  describe('a mixed delivery', () => {
    const { events, ignored } = normaliseFixture('x-tweet-mixed.json');

    it('keeps five tweets and the deletion, skips the retweet, and ignores likes and follows', () => {
      expect(events.map((e) => [e.id, e.kind, e.isEcho])).toEqual([
        ['x:1800000000000000030', 'mention', false],
        ['x:1800000000000000031', 'comment', true],
        ['x:1800000000000000032', 'post', true],
        ['x:1800000000000000034', 'mention', false],
        ['x:1800000000000000035', 'mention', false],
        ['x:1800000000000000029:deleted', 'mention', false],
      ]);
      // retweet 1 + favorites 2 + follow 1
      expect(ignored).toBe(4);
    });

    it('uses extended_tweet.full_text for a truncated tweet, id_str rather than the rounded numeric id', () => {
      const long = eventById(events, 'x:1800000000000000030');
      expect(long.text).toMatch(/I am cancelling\.$/);
      expect(long.truncated).toBeUndefined();
    });

    it('reads created_at when timestamp_ms is absent, and a numeric timestamp_ms', () => {
      expect(eventById(events, 'x:1800000000000000030').createdAt).toBe('2024-06-12T10:00:00.000Z');
      expect(eventById(events, 'x:1800000000000000031').createdAt).toBe('2024-06-12T10:05:00.000Z');
    });

    it('counts verified_type blue as verified and verified_type none as not', () => {
      expect(eventById(events, 'x:1800000000000000030').author).toEqual({
        id: '1600000000000000004',
        handle: 'jblake',
        name: 'Jordan Blake',
        followers: 58000,
        verified: true,
      });
      expect(eventById(events, 'x:1800000000000000034').author.verified).toBe(false);
    });

    it("files the brand's reply under the customer it answers", () => {
      expect(eventById(events, 'x:1800000000000000031')).toMatchObject({
        conversationId: 'x:thread:1600000000000000004',
        inReplyTo: 'x:1800000000000000030',
        author: { id: BRAND, handle: 'AcmeSupport' },
      });
    });

    it("makes the brand's own top-level tweet its own thread", () => {
      expect(eventById(events, 'x:1800000000000000032').conversationId).toBe('x:thread:1800000000000000032');
    });

    it('treats a reply to someone else that tags the brand as a mention', () => {
      expect(eventById(events, 'x:1800000000000000035')).toMatchObject({
        kind: 'mention',
        inReplyTo: 'x:1800000000000000099',
        conversationId: 'x:thread:1600000000000000007',
      });
    });

    it('keeps right-to-left and emoji text intact', () => {
      const quote = eventById(events, 'x:1800000000000000034');
      expect(quote.author.name).toBe('مريم');
      expect(quote.text).toBe('Again?! Third time this week 🙄🔥 https://t.co/q1');
    });
  });

  it('accepts the signature test-vector body, which has no user', () => {
    const { events } = normaliseFixture('x-signature-vector.json');
    expect(events).toEqual([
      {
        id: 'x:1800000000000000002',
        platform: 'x',
        kind: 'mention',
        text: "@AcmeSupport my refund hasn't arrived",
        author: { id: UNKNOWN_AUTHOR_ID },
        conversationId: 'x:thread:1800000000000000002',
        createdAt: RECEIVED_AT,
        receivedAt: RECEIVED_AT,
        url: 'https://x.com/i/web/status/1800000000000000002',
        isEcho: false,
        accountId: BRAND,
      },
    ]);
  });

  it('treats a brand self-reply (a thread of its own tweets) as its own conversation', () => {
    const selfReply = {
      ...TWEET,
      id_str: '2',
      user: { id_str: BRAND, screen_name: 'AcmeSupport' },
      in_reply_to_status_id_str: '1',
      in_reply_to_user_id_str: BRAND,
    };
    expect(normaliseX(tweets(selfReply), ctx).events[0]).toMatchObject({ kind: 'comment', isEcho: true, conversationId: 'x:thread:2' });
  });

  it('falls back to receivedAt when neither timestamp_ms nor created_at can be read', () => {
    const event = normaliseX(tweets({ ...TWEET, timestamp_ms: 'later', created_at: 'yesterday' }), ctx).events[0];
    expect(event!.createdAt).toBe(RECEIVED_AT);
  });

  it('drops malformed author decorations instead of failing', () => {
    const user = { ...TWEET.user, followers_count: -3, verified: 'yes', name: 12 };
    const event = normaliseX(tweets({ ...TWEET, user }), ctx).events[0];
    expect(event!.author).toEqual({ id: '1600000000000000003', handle: 'leepark', verified: false });
  });

  it('truncates text longer than MAX_TEXT_CHARS and marks it', () => {
    const event = normaliseX(tweets({ ...TWEET, extended_tweet: { full_text: 'z'.repeat(MAX_TEXT_CHARS * 2) } }), ctx).events[0];
    expect(event!.text).toHaveLength(MAX_TEXT_CHARS);
    expect(event!.truncated).toBe(true);
    expect(SocialEventSchema.safeParse(event).success).toBe(true);
  });

  it('keeps the first copy of a tweet repeated within one delivery', () => {
    const result = normaliseX(tweets(TWEET, { ...TWEET, text: 'copy' }), ctx);
    expect(result.events.map((e) => e.text)).toEqual([TWEET.text]);
    expect(result.ignored).toBe(1);
  });

  it('treats null reply fields as absent', () => {
    const event = normaliseX(tweets({ ...TWEET, in_reply_to_status_id_str: null, in_reply_to_user_id_str: null }), ctx).events[0];
    expect(event).toMatchObject({ kind: 'mention' });
    expect(event!.inReplyTo).toBeUndefined();
  });
});

describe('normaliseX: direct messages', () => {
  it('turns the documented DM into a dm with the author from the users map', () => {
    const { events } = normaliseFixture('x-dm.json');
    expect(events).toEqual([
      {
        id: 'x:1800000000000000010',
        platform: 'x',
        kind: 'dm',
        text: 'Order #A-77 still missing',
        author: { id: '1600000000000000003', handle: 'leepark', name: 'Lee Park', followers: 2310, verified: false },
        conversationId: 'x:dm:1600000000000000003',
        createdAt: '2024-06-12T09:15:00.000Z',
        receivedAt: RECEIVED_AT,
        isEcho: false,
        accountId: BRAND,
      },
    ]);
  });

  describe('a mixed delivery', () => {
    const { events, ignored } = normaliseFixture('x-dm-mixed.json');

    it('keeps three DMs and ignores typing and read indicators', () => {
      expect(events.map((e) => e.id)).toEqual(['x:1800000000000000040', 'x:1800000000000000042', 'x:1800000000000000043']);
      expect(ignored).toBe(2);
    });

    it('turns message_data.attachment.media into a typed attachment and counts verified_type business as verified', () => {
      expect(eventById(events, 'x:1800000000000000040')).toMatchObject({
        attachments: [
          { type: 'photo', url: 'https://ton.twitter.com/1.1/ton/data/dm/1800000000000000040/1800000000000000041/router.jpg' },
        ],
        author: { handle: 'jblake', verified: true, followers: 58000 },
      });
    });

    it("marks the brand's own DM as an echo in the customer's conversation", () => {
      expect(eventById(events, 'x:1800000000000000042')).toMatchObject({
        isEcho: true,
        author: { id: BRAND, handle: 'AcmeSupport' },
        conversationId: 'x:dm:1600000000000000004',
      });
    });

    it('leaves a bare author for a sender missing from the users map', () => {
      expect(eventById(events, 'x:1800000000000000043').author).toEqual({ id: '1600000000000000050' });
    });
  });

  it('ignores DM events of other types without checking them', () => {
    const body = { for_user_id: BRAND, direct_message_events: [{ type: 'message_delete', id: 5 }] };
    expect(normaliseX(body, ctx)).toEqual({ events: [], ignored: 1, invalid: [] });
  });

  it('keeps a bare author when the users entry is malformed or the sender id names a prototype member', () => {
    const broken = { for_user_id: BRAND, direct_message_events: [DM], users: { [DM.message_create.sender_id]: 'not a user' } };
    expect(normaliseX(broken, ctx).events[0]!.author).toEqual({ id: DM.message_create.sender_id });
    const proto = { ...DM, message_create: { ...DM.message_create, sender_id: 'constructor' } };
    expect(normaliseX({ for_user_id: BRAND, direct_message_events: [proto], users: {} }, ctx).events[0]!.author).toEqual({
      id: 'constructor',
    });
  });

  it('ignores a users entry or envelope key named __proto__ (as JSON.parse creates them)', () => {
    const body = JSON.parse(
      `{"for_user_id":"${BRAND}","__proto__":{"tweet_create_events":[1]},"users":{"__proto__":{"name":"Mallory"}},` +
        `"direct_message_events":[{"type":"message_create","id":"9","message_create":{"target":{"recipient_id":"${BRAND}"},"sender_id":"__proto__"}}]}`,
    );
    expect(normaliseX(body, ctx)).toEqual({
      events: [expect.objectContaining({ id: 'x:9', author: { id: '__proto__' } })],
      ignored: 0,
      invalid: [],
    });
  });

  it('falls back to receivedAt without created_timestamp and keeps an empty DM', () => {
    const { created_timestamp: _dropped, ...noTime } = DM;
    const bare = { ...noTime, message_create: { ...DM.message_create, message_data: null } };
    expect(normaliseX({ for_user_id: BRAND, direct_message_events: [bare] }, ctx).events[0]).toMatchObject({
      text: '',
      createdAt: RECEIVED_AT,
    });
  });
});

describe('normaliseX: other activity', () => {
  it('ignores favorites (the documented example)', () => {
    expect(normaliseFixture('x-favorite.json')).toEqual({ events: [], ignored: 1, invalid: [] });
  });

  it('counts every item of other *_events lists and a user_event, but not metadata keys', () => {
    const body = {
      for_user_id: BRAND,
      user_has_blocked: 'false',
      block_events: [{}, {}],
      mute_events: [{}],
      user_event: { revoke: { date_time: '2024-06-12T09:00:00Z' } },
      apps: { '1': { id: '1' } },
      users: {},
    };
    expect(normaliseX(body, ctx)).toEqual({ events: [], ignored: 4, invalid: [] });
  });

  it('does not modify the body it is given', () => {
    const body = fixture('x-tweet-mixed.json');
    const before = clone(body);
    normaliseX(body, ctx);
    expect(body).toEqual(before);
  });
});

describe('normaliseX: rejects bodies that break the schema', () => {
  it.each([
    ['null', null, 'x webhook: body must be an object'],
    ['no for_user_id', { tweet_create_events: [] }, 'x webhook: for_user_id is required'],
    ['a numeric for_user_id', { for_user_id: 1700000000000000001 }, 'x webhook: for_user_id must be a string'],
    ['an empty for_user_id', { for_user_id: '' }, 'x webhook: for_user_id has an invalid format'],
    ['tweet_create_events as an object', { for_user_id: BRAND, tweet_create_events: {} }, 'x webhook: tweet_create_events must be an array'],
    ['a tweet that is not an object', { for_user_id: BRAND, tweet_create_events: ['hi'] }, 'x webhook: tweet_create_events[0] must be an object'],
    ['users as a list', { for_user_id: BRAND, users: [] }, 'x webhook: users must be a record'],
  ])('rejects %s', (_label, body, message) => {
    expect(payloadErrorOf(() => normaliseX(body, ctx)).message).toBe(message);
  });

  it('rejects the whole delivery when the brand id is missing, even with valid tweets', () => {
    const { for_user_id: _dropped, ...noBrand } = tweets(TWEET) as Record<string, unknown>;
    expect(payloadErrorOf(() => normaliseX(noBrand, ctx)).message).toBe('x webhook: for_user_id is required');
  });

  it('fails without echoing any of the body text', () => {
    const err = payloadErrorOf(() => normaliseX({ for_user_id: 'call me at +1 555 0100\n' }, ctx));
    expect(err).toBeInstanceOf(PayloadError);
    expect(err.message).toBe('x webhook: for_user_id has an invalid format');
    expect(err.message).not.toMatch(/555|call/);
  });
});

/**
 * A tweet or DM that fails its schema inside a valid envelope comes back in `invalid` (raw, with the path) and
 * does not sink the other items of the delivery.
 */
describe('normaliseX: items that break their schema', () => {
  it('returns a tweet that carries only the numeric id as invalid', () => {
    const { id_str: _dropped, ...numericOnly } = { ...TWEET, id: 1800000000000000002 };
    expect(normaliseX(tweets(numericOnly), ctx)).toEqual({
      events: [],
      ignored: 0,
      invalid: [{ problem: 'x webhook: tweet_create_events[0].id_str is required', item: numericOnly }],
    });
  });

  it('returns a tweet whose user has no id_str as invalid and keeps the valid tweet before it', () => {
    const broken = { ...TWEET, id_str: '3', user: { screen_name: 'x' } };
    const result = normaliseX(tweets(TWEET, broken), ctx);
    expect(result.events.map((e) => e.id)).toEqual([`x:${TWEET.id_str}`]);
    expect(result.ignored).toBe(0);
    expect(result.invalid).toEqual([{ problem: 'x webhook: tweet_create_events[1].user.id_str is required', item: broken }]);
  });

  it('returns a message_create DM without sender as invalid', () => {
    const { sender_id: _dropped, ...noSender } = DM.message_create;
    const item = { ...DM, message_create: noSender };
    const body = { for_user_id: BRAND, direct_message_events: [item] };
    expect(onlyInvalid(normaliseX(body, ctx))).toEqual({
      problem: 'x webhook: direct_message_events[0].message_create.sender_id is required',
      item,
    });
  });

  it('returns a message_create DM without a message_create object as invalid', () => {
    const item = { type: 'message_create', id: '1' };
    const body = { for_user_id: BRAND, direct_message_events: [item] };
    expect(onlyInvalid(normaliseX(body, ctx))).toEqual({
      problem: 'x webhook: direct_message_events[0].message_create is required',
      item,
    });
  });

  it('reports an invalid tweet without quoting the tweet text', () => {
    const item = { ...TWEET, id_str: 42, text: 'call me at +1 555 0100' };
    const found = onlyInvalid(normaliseX(tweets(item), ctx));
    expect(found.problem).toBe('x webhook: tweet_create_events[0].id_str must be a string');
    expect(found.problem).not.toMatch(/555|call/);
    expect(found.item).toMatchObject({ text: 'call me at +1 555 0100' });
  });

  it('keeps the valid tweets of a mixed delivery around a broken one, and still counts the other activity', () => {
    const body = clone(fixture('x-tweet-mixed.json')) as { tweet_create_events: Record<string, unknown>[] };
    const broken = body.tweet_create_events[1]!;
    broken['id_str'] = '';
    const result = normaliseX(body, ctx);
    expect(result.events.map((e) => e.id)).toEqual([
      'x:1800000000000000030',
      'x:1800000000000000032',
      'x:1800000000000000034',
      'x:1800000000000000035',
      'x:1800000000000000029:deleted',
    ]);
    expect(result.ignored).toBe(4);
    expect(result.invalid).toEqual([{ problem: 'x webhook: tweet_create_events[1].id_str has an invalid format', item: broken }]);
    expectNotQuoted(result.invalid[0]!);
  });

  it('keeps the valid DMs of a mixed delivery around a broken one', () => {
    const body = clone(fixture('x-dm-mixed.json')) as { direct_message_events: { message_create: Record<string, unknown> }[] };
    const broken = body.direct_message_events[0]!;
    delete broken.message_create['target'];
    const result = normaliseX(body, ctx);
    expect(result.events.map((e) => e.id)).toEqual(['x:1800000000000000042', 'x:1800000000000000043']);
    expect(result.ignored).toBe(2);
    expect(result.invalid).toEqual([
      { problem: 'x webhook: direct_message_events[0].message_create.target is required', item: broken },
    ]);
    expect(result.invalid[0]!.problem).not.toMatch(/Account|router/);
    expectNotQuoted(result.invalid[0]!);
  });

  it('returns broken tweets and DMs of one delivery together, tweets first', () => {
    const badTweet = { text: 'no id here at all' };
    const badDm = { type: 'message_create', id: '\n' };
    const body = { for_user_id: BRAND, direct_message_events: [badDm, DM], tweet_create_events: [TWEET, badTweet] };
    const result = normaliseX(body, ctx);
    expect(result.events.map((e) => e.id)).toEqual([`x:${TWEET.id_str}`, `x:${DM.id}`]);
    expect(result.invalid.map((i) => i.problem)).toEqual([
      'x webhook: tweet_create_events[1].id_str is required',
      // No message_create either: the first problem is named, the others counted.
      'x webhook: direct_message_events[0].id has an invalid format (and 1 more problem)',
    ]);
  });
});
