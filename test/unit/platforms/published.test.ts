/**
 * The published-payload corpus through the normalisers: every real payload others published (platform docs, client
 * libraries' fixtures) must become exactly the SocialEvents the platform table of docs/platforms.md promises, answer 400 only when it is truly
 * not a delivery, and give events that pass SocialEventSchema. See test/fixtures/platforms/published/README.md.
 */
import { normaliseGeneric } from '../../../lambdas/domain/platforms/generic';
import { normaliseMeta } from '../../../lambdas/domain/platforms/meta';
import { type NormalisedDelivery, PayloadError } from '../../../lambdas/domain/platforms/types';
import { normaliseX } from '../../../lambdas/domain/platforms/x';
import { SocialEventSchema } from '../../../schemas/social-event';
import { type CorpusEntry, genericSource, loadPublishedCorpus, matchKey, withMatchers } from '../../helpers/published-corpus';

const RECEIVED_AT = '2026-01-15T09:30:00.000Z';
const corpus = loadPublishedCorpus();

function normalise(entry: CorpusEntry): NormalisedDelivery {
  const ctx = { receivedAt: RECEIVED_AT };
  if (entry.route === 'meta') return normaliseMeta(entry.body, ctx);
  if (entry.route === 'x') return normaliseX(entry.body, ctx);
  const source = genericSource(entry.route);
  if (source) return normaliseGeneric(source, entry.body, ctx);
  throw new Error(`unknown route ${entry.route}`);
}

/** The status the intake answers for a delivery (lambdas/domain/intake.ts): 400 when nothing usable came out of it. */
function outcome(entry: CorpusEntry): { status: 200 | 400; delivery?: NormalisedDelivery; error?: string } {
  let delivery: NormalisedDelivery;
  try {
    delivery = normalise(entry);
  } catch (err) {
    if (err instanceof PayloadError) return { status: 400, error: err.message };
    throw err;
  }
  const valid = delivery.events.filter((e) => SocialEventSchema.safeParse(e).success);
  const invalid = delivery.invalid.length + delivery.events.length - valid.length;
  return { status: valid.length === 0 && invalid > 0 ? 400 : 200, delivery };
}

it('holds a corpus of published payloads for every platform', () => {
  const dirs = new Set(corpus.map((e) => e.name.split('/')[0]));
  for (const d of ['whatsapp', 'messenger', 'instagram', 'facebook', 'x', 'generic']) expect(dirs).toContain(d);
  expect(corpus.length).toBeGreaterThanOrEqual(80);
});

describe.each(corpus.map((e) => [e.name, e] as const))('%s', (_name, entry) => {
  it('names its source and licence and says how it was edited', () => {
    expect(entry.source).toEqual(expect.objectContaining('url' in entry.source ? { url: expect.stringMatching(/^https:\/\//) } : { repo: expect.any(String), path: expect.any(String), commit: expect.stringMatching(/^[0-9a-f]{40}$/) }));
    expect(typeof entry.licence).toBe('string');
    expect(Array.isArray(entry.edits)).toBe(true);
  });

  it(`answers ${entry.expect.status}`, () => {
    const result = outcome(entry);
    expect({ status: result.status, error: result.error }).toEqual({ status: entry.expect.status, error: result.error });
  });

  if (entry.expect.status !== 200) return;

  it('becomes the expected SocialEvents, each passing SocialEventSchema', () => {
    const result = outcome(entry);
    const delivery = result.delivery;
    if (!delivery) throw new Error(`expected 200, the normaliser refused it: ${result.error}`);
    // Nothing may be parked: a payload in this corpus is one the platform really sends.
    expect(delivery.invalid.map((i) => i.problem)).toEqual([]);
    const produced = delivery.events.map((e) => SocialEventSchema.parse(e));
    const expected = entry.expect.events ?? [];
    const byKey = new Map(produced.map((e) => [matchKey(e), e]));
    for (const want of expected) {
      const key = matchKey(want);
      const got = byKey.get(key);
      if (!got) throw new Error(`no event for ${key}; produced: ${produced.map((e) => matchKey(e)).join(', ') || 'none'}`);
      expect(got).toMatchObject(withMatchers(want) as Record<string, unknown>);
    }
    expect(produced.map(matchKey)).toHaveLength(expected.length);
    if (entry.expect.ignored !== undefined) expect(delivery.ignored).toBe(entry.expect.ignored);
  });
});
