import { SocialEventSchema } from '../../../schemas/social-event';
import { deepFreeze, fixture, fixtureNames, normaliseFixtureBody } from './support';

/**
 * Every fixture, through its normaliser: the output must be valid SocialEvents whatever the platform, the
 * same on every run, and the input must be left alone (bodies are also kept raw for the audit trail).
 */

const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const names = fixtureNames();

it('has fixtures for every normaliser', () => {
  expect(names.filter((n) => n.startsWith('meta-')).length).toBeGreaterThanOrEqual(10);
  expect(names.filter((n) => n.startsWith('x-')).length).toBeGreaterThanOrEqual(5);
  expect(names.filter((n) => n.startsWith('generic-')).length).toBeGreaterThanOrEqual(3);
});

describe.each(names)('%s', (name) => {
  const body = deepFreeze(fixture(name));
  const result = normaliseFixtureBody(name, body);

  it('gives events that pass SocialEventSchema.parse', () => {
    for (const event of result.events) expect(() => SocialEventSchema.parse(event)).not.toThrow();
  });

  it('gives ISO 8601 UTC millisecond times and <platform>:<id> ids, each id once', () => {
    for (const event of result.events) {
      expect(event.createdAt).toMatch(ISO_MS_UTC);
      expect(event.receivedAt).toMatch(ISO_MS_UTC);
      expect(event.id.startsWith(`${event.platform}:`)).toBe(true);
      expect(event.conversationId.startsWith(`${event.platform}:`)).toBe(true);
    }
    expect(new Set(result.events.map((e) => e.id)).size).toBe(result.events.length);
  });

  it('gives the same result every time and survives a JSON round trip (one SQS message per event)', () => {
    expect(normaliseFixtureBody(name, body)).toEqual(result);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('accounts for every item: at least one event or one ignored item', () => {
    expect(result.events.length + result.ignored).toBeGreaterThan(0);
  });

  it('finds no invalid item in a well-formed fixture', () => {
    expect(result.invalid).toEqual([]);
  });
});
