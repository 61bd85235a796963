import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseGeneric } from '../../../lambdas/domain/platforms/generic';
import { normaliseMeta } from '../../../lambdas/domain/platforms/meta';
import {
  PayloadError,
  type InvalidItem,
  type NormaliseContext,
  type NormalisedDelivery,
} from '../../../lambdas/domain/platforms/types';
import { normaliseX } from '../../../lambdas/domain/platforms/x';
import { SocialEventSchema, type SocialEvent } from '../../../schemas/social-event';

/** Shared by the platform normaliser tests: fixtures, a fixed delivery time, and assertions on results. */

export const FIXTURE_DIR = join(__dirname, '../../fixtures/platforms');

/** When every test delivery "reached us"; later than every fixture's own time so fallbacks are visible. */
export const RECEIVED_AT = '2024-06-12T12:00:00.000Z';
export const ctx: NormaliseContext = { receivedAt: RECEIVED_AT };

/** The generic source used with `generic-*.json` fixtures. */
export const GENERIC_SOURCE = 'reviews';

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8'));
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** Runs the normaliser a fixture's name prefix (`meta-`, `x-`, `generic-`) says it is for. */
export function normaliseFixtureBody(name: string, body: unknown): NormalisedDelivery {
  if (name.startsWith('meta-')) return normaliseMeta(body, ctx);
  if (name.startsWith('x-')) return normaliseX(body, ctx);
  if (name.startsWith('generic-')) return normaliseGeneric(GENERIC_SOURCE, body, ctx);
  throw new Error(`no normaliser for fixture ${name}`);
}

/** Normalises a fixture and checks every event against the SocialEvent schema, returning the parsed events. */
export function normaliseFixture(name: string): { events: SocialEvent[]; ignored: number; invalid: InvalidItem[] } {
  const result = normaliseFixtureBody(name, fixture(name));
  return { events: result.events.map((e) => SocialEventSchema.parse(e)), ignored: result.ignored, invalid: result.invalid };
}

/**
 * The one invalid item of a delivery whose only handled item fails its schema: no event came out of it, and the
 * problem never quotes the payload (checked against every string in the item that is not a plain schema word).
 */
export function onlyInvalid(result: NormalisedDelivery): InvalidItem {
  expect(result.events).toEqual([]);
  expect(result.invalid).toHaveLength(1);
  const found = result.invalid[0]!;
  expectNotQuoted(found);
  return found;
}

/**
 * Fails when an invalid item's problem contains any longer piece of text from the item itself. Short strings
 * and ids are skipped: they may well coincide with schema key names or indices in the path.
 */
export function expectNotQuoted(found: InvalidItem): void {
  expect(typeof found.problem).toBe('string');
  for (const text of stringsOf(found.item)) {
    if (text.length >= 12 && /\s/.test(text)) expect(found.problem).not.toContain(text);
  }
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(stringsOf);
}

/** The single event with this id (fails the test when absent). */
export function eventById(events: readonly SocialEvent[], id: string): SocialEvent {
  const found = events.find((e) => e.id === id);
  if (!found) throw new Error(`no event ${id}; have ${events.map((e) => e.id).join(', ')}`);
  return found;
}

/** Runs `fn` and returns the PayloadError it throws (fails the test on success or on another error type). */
export function payloadErrorOf(fn: () => unknown): PayloadError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PayloadError) return err;
    throw new Error(`expected a PayloadError, got ${String(err)}`);
  }
  throw new Error('expected a PayloadError, but the call returned');
}

/** A deep copy, so tests can edit a fixture without touching the shared one. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Freezes a body all the way down, so a normaliser that mutates its input throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
