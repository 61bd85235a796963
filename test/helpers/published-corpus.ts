import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Delivery, genericDelivery, metaDelivery, xDelivery } from './deliveries';

/**
 * The corpus of real, published webhook payloads (test/fixtures/platforms/published/<platform>/<name>.json, described
 * in its README.md): each file is one delivery as someone else published it, where it came from, and the SocialEvents
 * docs the platform table of docs/platforms.md says it must become. Read by the unit test (normalisers) and the integration test (the whole stack).
 */

export const PUBLISHED_DIR = join(__dirname, '../fixtures/platforms/published');

export type CorpusRoute = 'meta' | 'x' | `generic/${string}`;

export interface ExpectedEvent {
  id?: string;
  platform?: string;
  kind?: string;
  isEcho?: boolean;
  text?: unknown;
  author?: { id?: string; name?: unknown; handle?: unknown; otherIds?: unknown };
  conversationId?: string;
  revision?: { action: 'edited' | 'deleted'; of: string };
  customerChange?: { type: string; newIds: unknown };
  [key: string]: unknown;
}

export interface CorpusEntry {
  /** `<platform dir>/<file name>`, the stable order deliveries are posted in. */
  name: string;
  source: { repo: string; path: string; commit: string; key?: string } | { url: string; title: string };
  licence: string;
  edits: string[];
  route: CorpusRoute;
  body: unknown;
  expect: { status: 200 | 400; events?: ExpectedEvent[]; ignored?: number };
}

/** Every corpus file, sorted by `<platform dir>/<file name>`. */
export function loadPublishedCorpus(): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  for (const dir of readdirSync(PUBLISHED_DIR, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(PUBLISHED_DIR, dir.name))) {
      if (!file.endsWith('.json')) continue;
      const doc = JSON.parse(readFileSync(join(PUBLISHED_DIR, dir.name, file), 'utf8')) as Omit<CorpusEntry, 'name'>;
      entries.push({ name: `${dir.name}/${file}`, ...doc });
    }
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The generic source a `generic/<source>` route posts to. */
export function genericSource(route: CorpusRoute): string | undefined {
  return route.startsWith('generic/') ? route.slice('generic/'.length) : undefined;
}

/** A corpus entry as its platform would deliver it: the body, signed the way that platform signs. */
export function corpusDelivery(entry: CorpusEntry): Delivery {
  if (entry.route === 'meta') return metaDelivery(entry.body);
  if (entry.route === 'x') return xDelivery(entry.body);
  const source = genericSource(entry.route);
  if (source) return genericDelivery(source, entry.body);
  throw new Error(`unknown route ${entry.route}`);
}

/**
 * Turns the corpus's JSON stand-ins for jest's asymmetric matchers into the matchers: `{"$stringContaining": s}` and
 * `{"$arrayContaining": [...]}` (used where the spec fixes what a value holds but not its exact wording or order).
 */
export function withMatchers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withMatchers);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === '$stringContaining') return expect.stringContaining(String(record['$stringContaining']));
  if (keys.length === 1 && keys[0] === '$arrayContaining') return expect.arrayContaining(withMatchers(record['$arrayContaining']) as unknown[]);
  return Object.fromEntries(keys.map((k) => [k, withMatchers(record[k])]));
}

/** What an expected event is: a new post (opens or joins a case), or something that must never open a case. */
export function isNewPost(e: ExpectedEvent): boolean {
  return e.isEcho !== true && e.revision === undefined && e.customerChange === undefined;
}

/** How a produced event is matched to its expectation: by id, or for a revision by what it revises and how. */
export function matchKey(e: { id?: string; revision?: { action: string; of: string } }): string {
  return e.revision ? `revision:${e.revision.action}:${e.revision.of}` : `id:${e.id ?? '?'}`;
}
