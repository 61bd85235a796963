import fc from 'fast-check';
import { normaliseGeneric } from '../../../lambdas/domain/platforms/generic';
import { normaliseMeta } from '../../../lambdas/domain/platforms/meta';
import { PayloadError, type NormalisedDelivery } from '../../../lambdas/domain/platforms/types';
import { normaliseX } from '../../../lambdas/domain/platforms/x';
import { SocialEventSchema } from '../../../schemas/social-event';
import { clone, ctx, fixture, fixtureNames, GENERIC_SOURCE, normaliseFixtureBody } from './support';

/**
 * The one promise the intake handlers rely on: for any JSON value a normaliser either returns valid
 * SocialEvents (plus the items that failed their schema, each with a problem string, to be parked) or throws
 * PayloadError (→ 400). Anything else (a TypeError, a ZodError, an event that fails the schema downstream) would
 * be a 500 and a retry storm from the platform.
 */

const normalisers: [string, (body: unknown) => NormalisedDelivery][] = [
  ['meta', (body) => normaliseMeta(body, ctx)],
  ['x', (body) => normaliseX(body, ctx)],
  ['generic', (body) => normaliseGeneric(GENERIC_SOURCE, body, ctx)],
];

const LABELS = /^(meta|x|generic) webhook: /;

/**
 * Fails the property on any outcome other than valid events (plus invalid items, each with a problem string
 * naming a part of the body) or a PayloadError. Returns the result, or undefined when the body was rejected.
 */
function checkOutcome(run: () => NormalisedDelivery): NormalisedDelivery | undefined {
  let result: NormalisedDelivery;
  try {
    result = run();
  } catch (err) {
    if (err instanceof PayloadError) return undefined;
    throw err;
  }
  for (const event of result.events) {
    // Every event is valid but for length: an id too long to store is refused by the intake's per-item check (and
    // parked), which is the only place lengths are bounded.
    const checked = SocialEventSchema.safeParse(event);
    if (!checked.success && checked.error.issues.some((i) => i.code !== 'too_big')) throw checked.error;
  }
  if (!Number.isInteger(result.ignored) || result.ignored < 0) throw new Error(`bad ignored count ${result.ignored}`);
  if (!Array.isArray(result.invalid)) throw new Error('invalid must be an array');
  for (const found of result.invalid) {
    if (typeof found.problem !== 'string' || !LABELS.test(found.problem)) throw new Error(`bad problem ${String(found.problem)}`);
    if (!('item' in found)) throw new Error('an invalid item must carry the raw item');
  }
  return result;
}

/** checkOutcome for fast-check, whose predicates must return nothing (or a boolean). */
function assertReturnsValidOrPayloadError(run: () => NormalisedDelivery): void {
  checkOutcome(run);
}

/**
 * Any value, with keys biased towards the ones the schemas read and towards prototype names, and some
 * null-prototype objects (JSON.parse never makes those, but nothing should depend on that).
 */
const anyValue = fc.anything({
  withNullPrototype: true,
  key: fc.oneof(
    fc.string(),
    fc.constantFrom('__proto__', 'constructor', 'object', 'entry', 'id', 'changes', 'messaging', 'for_user_id', 'type', 'data', 'text', 'author', 'createdAt'),
  ),
});

/** Values that have broken parsers before: prototype names, line breaks, unsafe and odd numbers, empties. */
const nastyValue = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    '',
    '\n',
    'a\u2028b',
    'constructor',
    '__proto__',
    'toString',
    -1,
    0,
    1.5,
    1e21,
    2 ** 53 + 2,
    Number.MAX_VALUE,
    '9'.repeat(40),
    '1718000000',
    'Wed Jun 12 09:14:03 +0000 2024',
    '9999-12-31T23:59:59.999-14:00',
    null,
    true,
    [],
    {},
  ),
);

describe.each(normalisers)('%s normaliser, for any input', (_name, normalise) => {
  it('returns valid events (and invalid items) or throws PayloadError for fc.anything()', () => {
    fc.assert(fc.property(anyValue, (body) => assertReturnsValidOrPayloadError(() => normalise(body))), {
      numRuns: 300,
    });
  });

  it('returns valid events (and invalid items) or throws PayloadError for any JSON text, parsed', () => {
    fc.assert(
      fc.property(fc.json(), (text) => assertReturnsValidOrPayloadError(() => normalise(JSON.parse(text)))),
      { numRuns: 300 },
    );
  });
});

/** Every [path] in a JSON value, objects and arrays included, root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((k) => {
    const path = [...prefix, k];
    return [path, ...pathsOf((value as Record<string | number, unknown>)[k], path)];
  });
}

const REMOVE = Symbol('remove');

/** Returns a copy of `body` with the value at `path` replaced (or the key removed). */
function mutate(body: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = clone(body);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === REMOVE) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/** A fixture with one to three of its values replaced by nasty ones or removed: deep, realistic breakage. */
const mutatedFixture = fc.constantFrom(...fixtureNames()).chain((name) => {
  const paths = pathsOf(fixture(name));
  const edit = fc.tuple(fc.constantFrom(...paths), fc.oneof(nastyValue, fc.constant(REMOVE)));
  return fc.tuple(fc.constant(name), fc.array(edit, { minLength: 1, maxLength: 3 }));
});

describe('every normaliser, for fixtures with values broken deep inside', () => {
  it('returns valid events (and invalid items) or throws PayloadError', () => {
    fc.assert(
      fc.property(mutatedFixture, ([name, edits]) => {
        let body = fixture(name);
        for (const [path, replacement] of edits) {
          // An earlier edit may have removed or replaced this path's parent; skip edits that no longer apply.
          if (pathsOf(body).some((p) => p.length === path.length && p.every((k, i) => k === path[i]))) {
            body = mutate(body, path, replacement);
          }
        }
        assertReturnsValidOrPayloadError(() => normaliseFixtureBody(name, body));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('Meta normaliser, for well-formed envelopes around arbitrary items', () => {
  const metaId = fc.oneof(fc.string(), fc.nat(), fc.constantFrom('104857600000001', '17841400000000001'));
  const change = fc.record({
    field: fc.constantFrom('feed', 'mention', 'comments', 'live_comments', 'mentions', 'messages', 'smb_message_echoes', 'other'),
    value: fc.oneof(
      nastyValue,
      fc.record(
        {
          item: fc.constantFrom('comment', 'post', 'photo', 'reaction'),
          verb: fc.constantFrom('add', 'edited', 'remove'),
          post_id: metaId,
          comment_id: metaId,
          parent_id: metaId,
          id: metaId,
          media_id: metaId,
          from: fc.oneof(nastyValue, fc.record({ id: metaId, name: fc.string(), username: fc.string() })),
          sender_id: metaId,
          message: fc.string(),
          text: fc.string(),
          created_time: nastyValue,
          metadata: fc.record({ phone_number_id: metaId }),
          messages: fc.array(fc.record({ from: metaId, id: fc.string(), type: fc.string(), timestamp: nastyValue })),
          statuses: fc.array(nastyValue),
        },
        { requiredKeys: [] },
      ),
    ),
  });
  const messaging = fc.oneof(
    nastyValue,
    fc.record(
      {
        sender: fc.record({ id: metaId }),
        recipient: fc.record({ id: metaId }),
        timestamp: nastyValue,
        message: fc.oneof(nastyValue, fc.record({ mid: fc.string(), text: fc.string(), is_echo: fc.boolean() }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    ),
  );
  const body = fc.record({
    object: fc.constantFrom('page', 'instagram', 'whatsapp_business_account', 'user'),
    entry: fc.array(
      fc.record(
        {
          id: metaId,
          time: nastyValue,
          changes: fc.array(change, { maxLength: 4 }),
          messaging: fc.array(messaging, { maxLength: 4 }),
          standby: fc.array(messaging, { maxLength: 2 }),
        },
        { requiredKeys: ['id'] },
      ),
      { maxLength: 3 },
    ),
  });

  it('returns valid events (and invalid items) or throws PayloadError', () => {
    fc.assert(fc.property(body, (b) => assertReturnsValidOrPayloadError(() => normaliseMeta(b, ctx))), { numRuns: 1000 });
  });

  it('never rejects such an envelope: a broken item is returned as invalid instead', () => {
    const envelope = body.map((b) => ({ ...b, entry: b.entry.map((e) => ({ ...e, id: '104857600000001' })) }));
    fc.assert(
      fc.property(envelope, (b) => {
        const result = checkOutcome(() => normaliseMeta(b, ctx));
        if (result === undefined) throw new Error('a well-formed envelope was rejected');
      }),
      { numRuns: 500 },
    );
  });
});
