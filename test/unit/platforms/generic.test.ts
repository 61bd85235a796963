import { genericKind, normaliseGeneric } from '../../../lambdas/domain/platforms/generic';
import { PayloadError } from '../../../lambdas/domain/platforms/types';
import { MAX_TEXT_CHARS, SocialEventSchema } from '../../../schemas/social-event';
import { ctx, GENERIC_SOURCE, normaliseFixture, payloadErrorOf, RECEIVED_AT } from './support';

/** Standard Webhooks bodies `{type, data}` from any other source → one SocialEvent under the source's name. */

const DATA = {
  id: 'rev_1',
  text: 'Fine',
  author: { id: 'a-1' },
  createdAt: '2024-06-12T09:14:03Z',
};

function body(data: Record<string, unknown>, type = 'item.created'): unknown {
  return { type, data: { ...DATA, ...data } };
}

function normalise(b: unknown, source = GENERIC_SOURCE) {
  const { events, ignored, invalid } = normaliseGeneric(source, b, ctx);
  expect(events).toHaveLength(1);
  expect(ignored).toBe(0);
  expect(invalid).toEqual([]);
  return SocialEventSchema.parse(events[0]);
}

describe('normaliseGeneric', () => {
  it('turns a review into a review event with rating, email and url', () => {
    const { events } = normaliseFixture('generic-review.json');
    expect(events).toEqual([
      {
        id: 'reviews:rev_8812',
        platform: 'reviews',
        kind: 'review',
        text: 'Two weeks late and the box was crushed. Never again.',
        author: { id: 'cust-993', name: 'Hannah Schmidt', email: 'hannah@example.com' },
        conversationId: 'reviews:rev_8812',
        createdAt: '2024-06-12T09:14:03.250Z',
        receivedAt: RECEIVED_AT,
        url: 'https://reviews.example.com/r/rev_8812',
        rating: 1,
        isEcho: false,
        accountId: 'reviews',
      },
    ]);
  });

  it('turns numeric ids into strings and namespaces conversation and reply ids by source', () => {
    const { events } = normaliseFixture('generic-comment.json');
    expect(events[0]).toMatchObject({
      id: 'reviews:4411',
      kind: 'comment',
      author: { id: '77', handle: 'tkoenig', followers: 140, verified: false },
      conversationId: 'reviews:post-19',
      inReplyTo: 'reviews:4400',
      createdAt: '2024-06-10T06:13:20.000Z',
    });
  });

  it('honours a declared kind, reads ms timestamps, and treats null optionals as absent', () => {
    const { events } = normaliseFixture('generic-dm.json');
    expect(events[0]).toEqual({
      id: 'reviews:msg-1',
      platform: 'reviews',
      kind: 'dm',
      text: 'Can someone call me back? 📞',
      author: { id: 'u-5' },
      conversationId: 'reviews:msg-1',
      createdAt: '2024-06-10T06:13:20.123Z',
      receivedAt: RECEIVED_AT,
      isEcho: false,
      accountId: 'reviews',
    });
  });

  it('makes anything else a post', () => {
    expect(normaliseFixture('generic-blog-post.json').events[0]).toMatchObject({ kind: 'post', id: 'reviews:p-77' });
  });

  it('uses the source as platform and account', () => {
    expect(normalise(body({}), 'trustpilot')).toMatchObject({
      id: 'trustpilot:rev_1',
      platform: 'trustpilot',
      accountId: 'trustpilot',
      conversationId: 'trustpilot:rev_1',
    });
  });

  it.each([
    ['an unreadable string', 'last Tuesday'],
    ['a negative number', -5],
    ['an empty string', ''],
  ])('falls back to receivedAt for %s as createdAt', (_label, createdAt) => {
    expect(normalise(body({ createdAt })).createdAt).toBe(RECEIVED_AT);
  });

  it('reads a seconds string and an offset time', () => {
    expect(normalise(body({ createdAt: '1718000000' })).createdAt).toBe('2024-06-10T06:13:20.000Z');
    expect(normalise(body({ createdAt: '2024-06-12T11:14:03+02:00' })).createdAt).toBe('2024-06-12T09:14:03.000Z');
  });

  it('truncates text over MAX_TEXT_CHARS', () => {
    const event = normalise(body({ text: 'é'.repeat(MAX_TEXT_CHARS + 1) }));
    expect(event.text).toHaveLength(MAX_TEXT_CHARS);
    expect(event.truncated).toBe(true);
  });

  it('accepts a rating of 0 and of 10', () => {
    expect(normalise(body({ rating: 0 })).rating).toBe(0);
    expect(normalise(body({ rating: 10 })).rating).toBe(10);
  });

  it('refuses a source that is not a slug, as a caller error rather than a PayloadError', () => {
    const call = () => normaliseGeneric('Bad Source', body({}), ctx);
    expect(call).toThrow('normaliseGeneric: source must be a lower-case slug');
    expect(call).not.toThrow(PayloadError);
  });
});

describe('genericKind', () => {
  it.each([
    ['review.created', {}, 'review'],
    ['service-review-updated', {}, 'review'],
    ['item.created', { rating: 4 }, 'review'],
    ['comment.created', {}, 'comment'],
    ['ticket.reply', {}, 'comment'],
    ['user.mentioned', {}, 'mention'],
    ['dm.received', {}, 'dm'],
    ['direct_message.created', {}, 'dm'],
    ['PrivateMessage', {}, 'dm'],
    ['admin.created', {}, 'post'],
    ['post.published', {}, 'post'],
    ['review.comment.created', {}, 'review'],
    ['anything', { kind: 'mention' }, 'mention'],
    ['review.created', { kind: 'dm' }, 'dm'],
    ['comment.created', { kind: 'story' }, 'comment'],
  ] as const)('reads type %s with %j as %s', (type, data, expected) => {
    expect(genericKind(type, data)).toBe(expected);
  });
});

describe('normaliseGeneric: rejects bodies that break the schema', () => {
  it.each([
    ['null', null, 'generic webhook: body must be an object'],
    ['no type', { data: DATA }, 'generic webhook: type is required'],
    ['no data', { type: 'review.created' }, 'generic webhook: data is required'],
    ['no text', { type: 't', data: { ...DATA, text: undefined } }, 'generic webhook: data.text is required'],
    ['no author id', { type: 't', data: { ...DATA, author: { name: 'X' } } }, 'generic webhook: data.author.id is required'],
    ['a fractional id', { type: 't', data: { ...DATA, id: 1.5 } }, 'generic webhook: data.id has the wrong type'],
    ['an empty id', { type: 't', data: { ...DATA, id: '' } }, 'generic webhook: data.id has an invalid format'],
    ['no createdAt', { type: 't', data: { ...DATA, createdAt: undefined } }, 'generic webhook: data.createdAt is required'],
    ['a rating above 10', { type: 't', data: { ...DATA, rating: 11 } }, 'generic webhook: data.rating is too large'],
    ['a negative follower count', { type: 't', data: { ...DATA, author: { id: 'a', followers: -1 } } }, 'generic webhook: data.author.followers is too small'],
    ['a string verified flag', { type: 't', data: { ...DATA, author: { id: 'a', verified: 'yes' } } }, 'generic webhook: data.author.verified must be a boolean'],
  ])('rejects %s', (_label, b, message) => {
    expect(payloadErrorOf(() => normaliseGeneric(GENERIC_SOURCE, b, ctx)).message).toBe(message);
  });

  it('throws for an invalid data rather than returning it as an invalid item (a delivery carries one item)', () => {
    const b = { type: 't', data: { ...DATA, author: {} } };
    expect(payloadErrorOf(() => normaliseGeneric(GENERIC_SOURCE, b, ctx)).message).toBe('generic webhook: data.author.id is required');
  });

  it('fails without echoing the text', () => {
    const b = { type: 't', data: { ...DATA, id: null, text: 'my password is hunter2' } };
    expect(payloadErrorOf(() => normaliseGeneric(GENERIC_SOURCE, b, ctx)).message).not.toContain('hunter2');
  });
});
