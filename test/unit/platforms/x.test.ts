import { normaliseX } from '../../../lambdas/domain/platforms/x';
import { UNKNOWN_AUTHOR_ID } from '../../../schemas/social-event';
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

/**
 * `user_event` (app access revoked) is published without `for_user_id`
 * (xdevplatform/docs x-api/account-activity/introduction.mdx, "user_event"): accepted, nothing queued.
 */
describe('normaliseX: bodies without for_user_id', () => {
  it('ignores the documented user_event revoke, which has no for_user_id', () => {
    expect(normaliseFixture('x-user-event-revoke.json')).toEqual({ events: [], ignored: 1, invalid: [] });
  });

  it('ignores a body that is only other activity', () => {
    const body = { favorite_events: [{}, {}], follow_events: [{}], user_event: { revoke: {} }, apps: {} };
    expect(normaliseX(body, ctx)).toEqual({ events: [], ignored: 4, invalid: [] });
  });

  it.each([
    ['tweets', { tweet_create_events: [TWEET] }],
    ['DMs', { direct_message_events: [DM] }],
    ['deletions', { tweet_delete_events: [{ status: { id: '1', user_id: '2' } }] }],
    ['tweets beside a user_event', { user_event: { revoke: {} }, tweet_create_events: [TWEET] }],
    ['nothing at all', {}],
    ['only a users map', { users: {} }],
  ])('still requires for_user_id of a body with %s (the brand is unknown)', (_label, body) => {
    expect(payloadErrorOf(() => normaliseX(body, ctx)).message).toBe('x webhook: for_user_id is required');
  });

  it('rejects a malformed for_user_id even beside a user_event', () => {
    const body = { for_user_id: 1700000000000000001, user_event: { revoke: {} } };
    expect(payloadErrorOf(() => normaliseX(body, ctx)).message).toBe('x webhook: for_user_id must be a string');
  });
});

/** Media objects and quote tweets as published in xdevplatform/docs x-api/enterprise-gnip-2.0/fundamentals/data-dictionary.mdx. */
describe('normaliseX: tweet attachments', () => {
  const { events } = normaliseFixture('x-tweet-media.json');

  it('makes one attachment per extended_entities.media item', () => {
    expect(eventById(events, 'x:1800000000000000060').attachments).toEqual([
      { type: 'photo', url: 'https://pbs.twimg.com/media/C_UdnvPUwAE3Dnn.jpg' },
      { type: 'photo', url: 'https://pbs.twimg.com/media/C_UdnvTUwAE5yXK.jpg' },
    ]);
  });

  it('falls back to entities.media without extended_entities', () => {
    expect(eventById(events, 'x:1800000000000000061').attachments).toEqual([
      { type: 'photo', url: 'https://pbs.twimg.com/media/DOhM30VVwAEpIHq.jpg' },
    ]);
  });

  it('takes the real type (video) from extended_entities, not the photo of entities.media', () => {
    expect(eventById(events, 'x:1800000000000000062').attachments).toEqual([
      { type: 'video', url: 'https://pbs.twimg.com/media/ext_tw_video_thumb.jpg' },
    ]);
  });

  it("turns the documented quote tweet into a quote attachment and keeps the quote's own words as text", () => {
    expect(eventById(events, 'x:831586333415976960')).toMatchObject({
      kind: 'mention',
      text: 'Definitely quotable! https://t.co/J1LKrbHpWR',
      attachments: [{ type: 'quote', refersTo: 'x:831569219296882688' }],
    });
  });

  it('reads the quoted id from quoted_status when quoted_status_id_str is absent', () => {
    const { events: mixed } = normaliseFixture('x-tweet-mixed.json');
    expect(eventById(mixed, 'x:1800000000000000034').attachments).toEqual([{ type: 'quote', refersTo: 'x:1800000000000000032' }]);
  });

  it('prefers the media of extended_tweet for a long tweet', () => {
    const media = [{ type: 'animated_gif', media_url_https: 'https://pbs.twimg.com/tweet_video_thumb/x.jpg' }];
    const tweet = { ...TWEET, extended_tweet: { full_text: 'long', extended_entities: { media } }, entities: { media: [{ type: 'photo' }] } };
    expect(normaliseX(tweets(tweet), ctx).events[0]!.attachments).toEqual([
      { type: 'animated_gif', url: 'https://pbs.twimg.com/tweet_video_thumb/x.jpg' },
    ]);
  });

  it('skips media items that are not objects, keeps odd ones untyped, and drops non-http links', () => {
    const media = ['junk', null, { type: 7, media_url_https: 'javascript:alert(1)' }, { type: 'Photo' }];
    const event = SocialEventSchema.parse(normaliseX(tweets({ ...TWEET, extended_entities: { media } }), ctx).events[0]);
    expect(event.attachments).toEqual([{ type: 'media' }, { type: 'photo' }]);
  });

  it('keeps the tweet when its media list or quote id is malformed', () => {
    const tweet = { ...TWEET, extended_entities: { media: 'nope' }, entities: 3, quoted_status_id_str: 42, quoted_status: 'x' };
    const result = normaliseX(tweets(tweet), ctx);
    expect(result.invalid).toEqual([]);
    expect(result.events[0]!.attachments).toBeUndefined();
  });
});

describe('normaliseX: DM attachments', () => {
  it('keeps an attachment without media as its own type, and a malformed one drops while the words stay', () => {
    const bare = { ...DM, message_create: { ...DM.message_create, message_data: { text: 'see', attachment: { type: 'location' } } } };
    expect(normaliseX({ for_user_id: BRAND, direct_message_events: [bare] }, ctx).events[0]!.attachments).toEqual([{ type: 'location' }]);
    const broken = { ...DM, message_create: { ...DM.message_create, message_data: { text: 'see', attachment: 'photo.jpg' } } };
    const event = normaliseX({ for_user_id: BRAND, direct_message_events: [broken] }, ctx).events[0]!;
    expect(event.text).toBe('see');
    expect(event.attachments).toBeUndefined();
  });
});

/**
 * `tweet_delete_events` as published in xdevplatform/docs x-api/account-activity/introduction.mdx; edit metadata as
 * published in x-api/enterprise-gnip-2.0/fundamentals/edit-tweets.mdx.
 */
describe('normaliseX: deletions and edits', () => {
  it('turns the documented tweet_delete_events item into a deletion of x:<id>', () => {
    expect(normaliseFixture('x-tweet-delete.json')).toEqual({
      events: [
        {
          id: 'x:1045405559317569537:deleted',
          platform: 'x',
          kind: 'mention',
          text: '',
          author: { id: '930524282358325248' },
          conversationId: 'x:thread:930524282358325248',
          createdAt: '2015-05-21T17:09:15.593Z',
          receivedAt: RECEIVED_AT,
          // The documented example deletes the subscribed account's own tweet.
          isEcho: true,
          accountId: '930524282358325248',
          revision: { action: 'deleted', of: 'x:1045405559317569537' },
        },
      ],
      ignored: 0,
      invalid: [],
    });
  });

  it("marks a customer's deletion as not an echo, and falls back to receivedAt without timestamp_ms", () => {
    const body = { for_user_id: BRAND, tweet_delete_events: [{ status: { id: '55', user_id: '1600000000000000003' } }] };
    expect(normaliseX(body, ctx).events[0]).toMatchObject({
      isEcho: false,
      createdAt: RECEIVED_AT,
      conversationId: 'x:thread:1600000000000000003',
      revision: { action: 'deleted', of: 'x:55' },
    });
  });

  it.each([
    ['a numeric id', { status: { id: 1045405559317569537, user_id: '9' } }, 'x webhook: tweet_delete_events[0].status.id must be a string'],
    ['no status', { timestamp_ms: '1' }, 'x webhook: tweet_delete_events[0].status is required'],
    ['no user_id', { status: { id: '1' } }, 'x webhook: tweet_delete_events[0].status.user_id is required'],
  ])('returns a deletion with %s as invalid', (_label, item, problem) => {
    expect(onlyInvalid(normaliseX({ for_user_id: BRAND, tweet_delete_events: [item] }, ctx))).toEqual({ problem, item });
  });

  it('rejects tweet_delete_events that is not a list', () => {
    const body = { for_user_id: BRAND, tweet_delete_events: {} };
    expect(payloadErrorOf(() => normaliseX(body, ctx)).message).toBe('x webhook: tweet_delete_events must be an array');
  });

  describe('the documented edited tweet', () => {
    const { events } = normaliseFixture('x-tweet-edited.json');

    it('keeps its own id and new text, and points the revision at the first id of edit_history', () => {
      expect(eventById(events, 'x:1557445923210514432')).toMatchObject({
        text: 'I wonder if I will ever use the edit button',
        revision: { action: 'edited', of: 'x:1557433858676740098' },
      });
    });

    it('gives the unedited original (a history of itself) no revision', () => {
      expect(eventById(events, 'x:1557433858676740098').revision).toBeUndefined();
    });
  });

  it('reads the v2 spelling edit_history_tweet_ids too', () => {
    const tweet = { ...TWEET, edit_history_tweet_ids: ['1', TWEET.id_str] };
    expect(normaliseX(tweets(tweet), ctx).events[0]!.revision).toEqual({ action: 'edited', of: 'x:1' });
  });

  it('keeps a tweet with a malformed edit history as a new post', () => {
    for (const history of [{ edit_tweet_ids: [1557433858676740098] }, { edit_tweet_ids: 'x' }, 'x', { edit_tweet_ids: ['a\nb'] }]) {
      const result = normaliseX(tweets({ ...TWEET, edit_history: history }), ctx);
      expect(result.invalid).toEqual([]);
      expect(result.events[0]!.revision).toBeUndefined();
    }
  });
});

/** X's own published emoji tweet: the PowerTrack sample payload, xdevplatform/docs x-api/enterprise-gnip-2.0/powertrack-api.mdx. */
describe('normaliseX: emoji and astral text', () => {
  const { events } = normaliseFixture('x-tweet-emoji.json');
  const event = eventById(events, 'x:1050118621198921728');

  it('keeps skin-tone emoji, zero-width joiners and the whole extended text intact', () => {
    expect(event.text).toBe(
      'To make room for more expression, we will now count all emojis as equal—including those with gender\u200d\u200d\u200d \u200d\u200dand ' +
        'skin tone modifiers 👍🏻👍🏽👍🏿. This is now reflected in Twitter-Text, our Open Source library. \n\nUsing Twitter-Text? See the ' +
        'forum post for detail: https://t.co/Nx1XZmRCXA',
    );
    expect(event.text).toContain('\u{1F44D}\u{1F3FB}');
    expect(event.createdAt).toBe('2018-10-10T20:19:24.211Z');
    expect(event.author).toEqual({ id: '6253282', handle: 'API', name: 'X API', followers: 6172196, verified: true });
  });

  it('never cuts an emoji in half when truncating', () => {
    const text = `${'a'.repeat(MAX_TEXT_CHARS - 1)}👍🏻`;
    const cut = normaliseX(tweets({ ...TWEET, extended_tweet: { full_text: text } }), ctx).events[0]!;
    expect(cut.truncated).toBe(true);
    expect(cut.text).toBe('a'.repeat(MAX_TEXT_CHARS - 1));
  });
});

/**
 * The X Activity API: `{data: {event_uuid, filter, event_type, tag, payload, includes}}`. Every fixture is a published
 * example from xdevplatform/docs x-api/activity/event-payloads.mdx (docs.x.com/x-api/activity/event-payloads).
 */
describe('normaliseX: X Activity API deliveries', () => {
  const FILTERED = '1111111111111111111';
  const OTHER = '2222222222222222222';

  it('turns the documented post.mention.create into a mention from the customer', () => {
    expect(normaliseFixture('x-activity-post-mention-create.json')).toEqual({
      events: [
        {
          id: 'x:2080765813578191303',
          platform: 'x',
          kind: 'mention',
          text: 'hey @ExampleUser',
          author: { id: OTHER, handle: 'OtherUser', name: 'OtherUser', followers: 97, verified: false },
          conversationId: `x:thread:${OTHER}`,
          createdAt: '2026-07-24T21:23:23.000Z',
          receivedAt: RECEIVED_AT,
          url: 'https://x.com/OtherUser/status/2080765813578191303',
          isEcho: false,
          accountId: FILTERED,
        },
      ],
      ignored: 0,
      invalid: [],
    });
  });

  it('turns the documented post.reply.create into a comment on the brand post', () => {
    expect(normaliseFixture('x-activity-post-reply-create.json').events).toEqual([
      expect.objectContaining({
        id: 'x:2090000000000000001',
        kind: 'comment',
        inReplyTo: 'x:2080761390344937796',
        conversationId: `x:thread:${OTHER}`,
        author: { id: OTHER },
        isEcho: false,
      }),
    ]);
  });

  it('turns the documented post.quote.create into a mention with a quote attachment', () => {
    expect(normaliseFixture('x-activity-post-quote-create.json').events).toEqual([
      expect.objectContaining({
        id: 'x:2090000000000000002',
        kind: 'mention',
        text: 'Adding some context to this. https://t.co/xxxxxxxx',
        attachments: [{ type: 'quote', refersTo: 'x:2080761390344937796' }],
      }),
    ]);
  });

  it("turns the documented post.create (the filtered user's own post) into an echo in its own thread", () => {
    expect(normaliseFixture('x-activity-post-create.json').events).toEqual([
      expect.objectContaining({
        id: 'x:2080761390344937796',
        kind: 'post',
        isEcho: true,
        text: 'Hello from the Activity API',
        conversationId: 'x:thread:2080761390344937796',
        author: { id: FILTERED, handle: 'ExampleUser', name: 'Example User', followers: 5502, verified: true },
      }),
    ]);
  });

  it('ignores the documented post.repost.create and a repost by the brand', () => {
    expect(normaliseFixture('x-activity-post-repost-create.json')).toEqual({ events: [], ignored: 1, invalid: [] });
    const body = clone(fixture('x-activity-post-repost-create.json')) as { data: Record<string, unknown> };
    body.data['event_type'] = 'post.create';
    expect(normaliseX(body, ctx)).toEqual({ events: [], ignored: 1, invalid: [] });
  });

  it('turns the documented post.delete into a deletion', () => {
    expect(normaliseFixture('x-activity-post-delete.json').events).toEqual([
      expect.objectContaining({
        id: 'x:2080761269309813134:deleted',
        kind: 'mention',
        text: '',
        author: { id: FILTERED },
        conversationId: `x:thread:${FILTERED}`,
        isEcho: true,
        revision: { action: 'deleted', of: 'x:2080761269309813134' },
      }),
    ]);
  });

  it('turns the documented dm.received into a dm, the author from the {data: user} map', () => {
    expect(normaliseFixture('x-activity-dm-received.json').events).toEqual([
      {
        id: 'x:2080765901528535096',
        platform: 'x',
        kind: 'dm',
        text: 'hello!',
        author: { id: OTHER, handle: 'OtherUser', name: 'OtherUser', followers: 97, verified: false },
        conversationId: `x:dm:${OTHER}`,
        createdAt: '2026-07-24T21:23:44.372Z',
        receivedAt: RECEIVED_AT,
        isEcho: false,
        accountId: FILTERED,
      },
    ]);
  });

  it("turns the documented dm.sent into the brand's echo in the recipient's conversation", () => {
    expect(normaliseFixture('x-activity-dm-sent.json').events).toEqual([
      expect.objectContaining({ id: 'x:2080763914820927863', isEcho: true, conversationId: 'x:dm:2244994945', text: 'Thanks for the update!' }),
    ]);
  });

  it.each([
    'x-activity-like-create.json',
    'x-activity-follow-follow.json',
    'x-activity-profile-update-bio.json',
    'x-activity-chat-received.json',
    'x-activity-oauth-revoke.json',
    'x-activity-news-new.json',
    'x-activity-broadcast-chat.json',
  ])('counts the documented %s as ignored', (name) => {
    expect(normaliseFixture(name)).toEqual({ events: [], ignored: 1, invalid: [] });
  });

  it.each([
    ['an event type added later', { event_type: 'post.bookmark.create', filter: { user_id: FILTERED }, payload: { id: 1 } }],
    ['an ignored type with a broken filter and payload', { event_type: 'dm.read', filter: 'x', payload: null }],
    ['an empty event type', { event_type: '' }],
  ])('counts %s as ignored, never a 400', (_label, data) => {
    expect(normaliseX({ data }, ctx)).toEqual({ events: [], ignored: 1, invalid: [] });
  });

  it('gives a post the same event id through either API, so it is queued once downstream', () => {
    const viaActivity = normaliseFixture('x-activity-post-mention-create.json').events[0]!;
    const v11 = { id_str: '2080765813578191303', text: 'hey @ExampleUser', user: { id_str: OTHER } };
    const viaAccount = normaliseX({ for_user_id: FILTERED, tweet_create_events: [v11] }, ctx).events[0]!;
    expect(viaAccount.id).toBe(viaActivity.id);
    expect(viaAccount.conversationId).toBe(viaActivity.conversationId);
  });

  describe('v2 post details', () => {
    function post(payload: Record<string, unknown>, includes?: unknown): unknown {
      const base = { id: '30', author_id: OTHER, text: 'short', created_at: '2026-08-12T18:00:00.000Z' };
      return { data: { event_type: 'post.mention.create', filter: { user_id: FILTERED }, payload: { ...base, ...payload }, includes } };
    }

    it('makes one attachment per media key from includes.media: url for photos, preview for videos, untyped when unexpanded', () => {
      const includes = {
        media: [
          { media_key: '3_1', type: 'photo', url: 'https://pbs.twimg.com/media/a.jpg' },
          { media_key: '7_2', type: 'video', preview_image_url: 'https://pbs.twimg.com/ext_tw_video_thumb/b.jpg' },
          'junk',
        ],
      };
      const event = normaliseX(post({ attachments: { media_keys: ['3_1', '7_2', '3_9', 5] } }, includes), ctx).events[0]!;
      expect(event.attachments).toEqual([
        { type: 'photo', url: 'https://pbs.twimg.com/media/a.jpg' },
        { type: 'video', url: 'https://pbs.twimg.com/ext_tw_video_thumb/b.jpg' },
        { type: 'media' },
      ]);
    });

    it('reads long-form text from note_tweet and an edit from edit_history_tweet_ids', () => {
      const event = normaliseX(post({ note_tweet: { text: 'the whole long text' }, edit_history_tweet_ids: ['29', '30'] }), ctx).events[0]!;
      expect(event).toMatchObject({ text: 'the whole long text', revision: { action: 'edited', of: 'x:29' } });
    });

    it('takes the reply target from referenced_tweets when in_reply_to_tweet_id is absent', () => {
      const refs = [{ type: 'replied_to', id: '10' }, 'junk', { type: 'quoted' }];
      const event = normaliseX(post({ referenced_tweets: refs, in_reply_to_user_id: FILTERED }), ctx).events[0]!;
      expect(event).toMatchObject({ kind: 'comment', inReplyTo: 'x:10' });
      expect(event.attachments).toBeUndefined();
    });
  });

  describe('bad inputs', () => {
    it.each([
      ['data that is not an object', { data: null }, 'x webhook: data must be an object'],
      ['no event_type', { data: { filter: {} } }, 'x webhook: data.event_type is required'],
      ['a numeric event_type', { data: { event_type: 7 } }, 'x webhook: data.event_type must be a string'],
      ['a post event without filter', { data: { event_type: 'post.create', payload: {} } }, 'x webhook: data.filter is required'],
      [
        'a post event whose filter has no user_id',
        { data: { event_type: 'dm.received', filter: { keyword: 'acme' }, payload: {} } },
        'x webhook: data.filter.user_id is required',
      ],
      [
        'a numeric filter user_id',
        { data: { event_type: 'post.create', filter: { user_id: 1111111111111111111 }, payload: {} } },
        'x webhook: data.filter.user_id must be a string',
      ],
    ])('rejects %s', (_label, body, message) => {
      expect(payloadErrorOf(() => normaliseX(body, ctx)).message).toBe(message);
    });

    it.each([
      ['post.mention.create', { text: 'no id', author_id: OTHER }, 'x webhook: data.payload.id is required'],
      ['post.create', { id: '1', text: 'no author' }, 'x webhook: data.payload.author_id is required'],
      ['post.delete', { id: 5, author_id: OTHER }, 'x webhook: data.payload.id must be a string'],
      ['dm.received', { direct_message_events: {} }, 'x webhook: data.payload.direct_message_events must be an array'],
      [
        'dm.sent',
        { direct_message_events: [{ type: 'message_create', id: '1', message_create: { target: { recipient_id: '2' } } }] },
        'x webhook: data.payload.direct_message_events[0].message_create.sender_id is required',
      ],
    ])('returns a broken %s payload as invalid, without quoting it', (eventType, payload, problem) => {
      const body = { data: { event_type: eventType, filter: { user_id: FILTERED }, payload } };
      expect(onlyInvalid(normaliseX(body, ctx)).problem).toBe(problem);
    });

    it('treats a body with for_user_id and data as Account Activity', () => {
      const body = { for_user_id: BRAND, data: { event_type: 'post.create' }, tweet_create_events: [TWEET] };
      expect(normaliseX(body, ctx).events.map((e) => e.id)).toEqual([`x:${TWEET.id_str}`]);
    });
  });
});
