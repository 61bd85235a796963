import * as z from 'zod';
import {
  DeliveryCollector,
  formatPath,
  limitText,
  parseOrThrow,
  toEvent,
} from '../../../lambdas/domain/platforms/delivery';
import { PayloadError } from '../../../lambdas/domain/platforms/types';
import { MAX_TEXT_CHARS, SocialEventSchema, type SocialEventInput } from '../../../schemas/social-event';
import { RECEIVED_AT } from './support';

/** Shared normaliser helpers: text limit, error messages, dedupe and ignore counting. */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('limitText', () => {
  it('keeps text up to MAX_TEXT_CHARS untouched and unmarked', () => {
    const text = 'a'.repeat(MAX_TEXT_CHARS);
    expect(limitText(text)).toEqual({ text });
  });

  it('cuts longer text to MAX_TEXT_CHARS and marks it truncated', () => {
    const result = limitText('b'.repeat(MAX_TEXT_CHARS + 5));
    expect(result.text).toHaveLength(MAX_TEXT_CHARS);
    expect(result.truncated).toBe(true);
  });

  it('never leaves half of an emoji at the cut', () => {
    // The emoji's high surrogate is the last unit that would fit.
    const text = 'c'.repeat(MAX_TEXT_CHARS - 1) + '😡' + 'tail';
    const result = limitText(text);
    expect(result.text).toBe('c'.repeat(MAX_TEXT_CHARS - 1));
    expect(result.truncated).toBe(true);
    expect(result.text).not.toMatch(LONE_SURROGATE);
  });

  it('keeps an emoji that ends exactly at the limit', () => {
    const text = 'd'.repeat(MAX_TEXT_CHARS - 2) + '🙂' + 'tail';
    expect(limitText(text).text.endsWith('🙂')).toBe(true);
  });
});

describe('formatPath', () => {
  it('renders keys and indices like JavaScript accessors', () => {
    expect(formatPath(['entry', 0, 'changes', 12, 'value', 'from', 'id'])).toBe('entry[0].changes[12].value.from.id');
    expect(formatPath([])).toBe('body');
    expect(formatPath([3, 'id'])).toBe('[3].id');
  });
});

describe('parseOrThrow', () => {
  const schema = z.object({ id: z.string(), list: z.array(z.object({ n: z.number() })) });

  it('returns the parsed value', () => {
    expect(parseOrThrow(schema, { id: 'a', list: [] }, 'test')).toEqual({ id: 'a', list: [] });
  });

  it('fails with a PayloadError naming the path, relative to the prefix', () => {
    const fn = () => parseOrThrow(schema, { id: 'a', list: [{ n: 'x' }] }, 'test webhook', ['entry', 2]);
    expect(fn).toThrow(PayloadError);
    expect(fn).toThrow('test webhook: entry[2].list[0].n must be a number');
  });

  it('says "is required" for an absent field and counts further problems', () => {
    expect(() => parseOrThrow(schema, {}, 'test')).toThrow('test: id is required (and 1 more problem)');
  });

  it('fails without quoting the offending value', () => {
    const secret = 'card 4111 1111 1111 1111, call me on +15550001234';
    const err = (() => {
      try {
        parseOrThrow(schema, { id: { secret }, list: secret }, 'test');
      } catch (e) {
        return e as Error;
      }
      throw new Error('no error');
    })();
    expect(err.message).not.toContain('4111');
    expect(err.message).not.toContain('555');
    expect(err.message).toBe('test: id must be a string (and 1 more problem)');
  });
});

describe('toEvent', () => {
  const draft = {
    id: 'facebook:1',
    platform: 'facebook',
    kind: 'comment' as const,
    text: 'hi',
    author: { id: '7', name: undefined, handle: 'h' },
    conversationId: 'facebook:thread:1',
    createdAt: '2024-06-12T09:14:03.000Z',
    url: undefined,
    isEcho: false,
  };

  it('adds receivedAt and drops absent optional fields', () => {
    const event = toEvent(draft, RECEIVED_AT);
    expect(event).toStrictEqual({
      id: 'facebook:1',
      platform: 'facebook',
      kind: 'comment',
      text: 'hi',
      author: { id: '7', handle: 'h' },
      conversationId: 'facebook:thread:1',
      createdAt: '2024-06-12T09:14:03.000Z',
      isEcho: false,
      receivedAt: RECEIVED_AT,
    });
    expect(SocialEventSchema.safeParse(event).success).toBe(true);
  });

  it('applies the text limit', () => {
    const event = toEvent({ ...draft, text: 'x'.repeat(MAX_TEXT_CHARS + 1) }, RECEIVED_AT);
    expect(event.text).toHaveLength(MAX_TEXT_CHARS);
    expect(event.truncated).toBe(true);
    expect(SocialEventSchema.safeParse(event).success).toBe(true);
  });
});

describe('DeliveryCollector', () => {
  const event = (id: string, text: string): SocialEventInput => ({
    id,
    platform: 'x',
    kind: 'dm',
    text,
    author: { id: '1' },
    conversationId: 'x:dm:1',
    createdAt: RECEIVED_AT,
    receivedAt: RECEIVED_AT,
  });

  it('keeps the first event of an id, counts later copies as ignored, and keeps order', () => {
    const out = new DeliveryCollector();
    out.add(event('x:1', 'first'));
    out.add(event('x:2', 'second'));
    out.add(event('x:1', 'copy'));
    out.ignore();
    out.ignore(3);
    const result = out.result();
    expect(result.events.map((e) => [e.id, e.text])).toEqual([
      ['x:1', 'first'],
      ['x:2', 'second'],
    ]);
    expect(result.ignored).toBe(5);
    expect(result.invalid).toEqual([]);
  });

  it('records an item whose handler throws PayloadError as invalid and goes on with the next', () => {
    const out = new DeliveryCollector();
    const bad = { text: 'raw item' };
    out.attempt(bad, () => {
      throw new PayloadError('x webhook: tweet_create_events[0].id_str is required');
    });
    out.attempt({}, () => out.add(event('x:2', 'fine')));
    out.attempt({}, () => out.ignore());
    expect(out.result()).toEqual({
      events: [expect.objectContaining({ id: 'x:2' })],
      ignored: 1,
      invalid: [{ problem: 'x webhook: tweet_create_events[0].id_str is required', item: bad }],
    });
  });

  it('lets any other error through: it is a bug, not a bad item', () => {
    const out = new DeliveryCollector();
    expect(() =>
      out.attempt({}, () => {
        throw new TypeError('boom');
      }),
    ).toThrow(TypeError);
    expect(out.result().invalid).toEqual([]);
  });
});
