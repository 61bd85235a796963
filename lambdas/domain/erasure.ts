import { TABLES } from '../../config/resources';
import { PlatformSchema } from '../../schemas/social-event';

/**
 * Right to erasure: which items of the cases table hold data about one author, given the items the caller found.
 * Pure: the scanning and deleting is bin/erase.ts's job.
 *
 * An author is a (platform, author id) pair, as cases and the customer directory key them. Everything stored about
 * them hangs off their cases (`CASE#<id>`, whose META item names the platform and author) or their customer
 * partition (`CUSTOMER#<platform>#<author id>`):
 *
 * | what                        | item                                  | found by                                   |
 * |-----------------------------|---------------------------------------|--------------------------------------------|
 * | their cases                 | `CASE#<id>` / `META`                  | `platform` and `author.id` of the META item |
 * | timelines, page claims, …   | `CASE#<id>` / `T#…`, `PAGE#…`, any SK  | the partition of one of their cases        |
 * | link codes (ack, offer)     | `CODE#<hash>` / `CODE`                | `caseId` is one of their cases             |
 * | events seen                 | `EVENT#<event id>` / `EVENT`          | `caseId` is one of their cases             |
 * | raw text                    | `RAW#<event id>` / `RAW`              | `caseId` is one of their cases             |
 * | conversation pointers       | `CONV#<conversation>` / `OPEN`        | `caseId` is one of their cases             |
 * | directory entry, learned contact, offer slot | `CUSTOMER#<platform>#<author id>` / `PROFILE`, `CONTACT`, `OFFER` | the partition |
 * | their other ids (WhatsApp number, business-scoped ids) | `IDENTITY#<platform>#<id>` / `LINK` | the author id is the item's id or its `canonicalId` |
 *
 * Any other item whose `caseId` is one of their cases is theirs too (counted as `otherLinked`), except items of
 * another customer's partition and the configuration, which this never deletes.
 *
 * Items shared with other authors are not deleted but scrubbed: a list attribute whose entries name a case
 * (`{caseId, quote, …}`, like the samples of the crisis counters `CRISIS#…` and alerts `ALERT#crisis#…`) loses the
 * entries of their cases and keeps the others. Not covered: a post of this author
 * that joined someone else's case (its redacted text stays in that case's timeline, which does not record whose
 * it was), and copies outside the table (CloudWatch logs, which hold no post text, and point-in-time backups,
 * which expire after 35 days).
 */

const { partitionKey: PK, sortKey: SK } = TABLES.cases;

export interface ErasureSubject {
  readonly platform: string;
  readonly authorId: string;
}

/** An item as read from the table (document client shape); only the keys, `caseId`, `platform` and `author.id` are read. */
export type StoredItem = Readonly<Record<string, unknown>>;

export interface ItemKey {
  readonly PK: string;
  readonly SK: string;
}

/** What is deleted, in the order it is deleted (cases last: they are what finds everything else on a re-run). */
export const ERASURE_CATEGORIES = [
  'linkCodes',
  'events',
  'rawTexts',
  'conversations',
  'otherLinked',
  'timelineEntries',
  'pageClaims',
  'otherCaseItems',
  'identityLinks',
  'customerItems',
  'cases',
] as const;
export type ErasureCategory = (typeof ERASURE_CATEGORIES)[number];

/** How each category reads in the command's output. */
export const CATEGORY_LABELS: Record<ErasureCategory, string> = {
  cases: 'cases',
  timelineEntries: 'timeline entries',
  pageClaims: 'page claims',
  otherCaseItems: 'other items of those cases',
  linkCodes: 'link codes',
  events: 'events seen',
  rawTexts: 'raw texts',
  conversations: 'conversation pointers',
  otherLinked: 'other items naming those cases',
  identityLinks: "links between the author's ids",
  customerItems: 'customer items (directory entry, learned contact, offer slot)',
};

/** A list attribute of a shared item to rewrite without the entries that name the author's cases. */
export interface Scrub {
  readonly key: ItemKey;
  readonly attribute: string;
  /** The entries to keep, in their order. */
  readonly keep: readonly unknown[];
  /** The list's length when read: the rewrite is conditional on it, so an entry appended meanwhile is not lost. */
  readonly expectedLength: number;
  readonly removed: number;
}

export interface ErasurePlan {
  /** Ids of the author's cases (identifiers, not personal data; the command never prints them). */
  readonly caseIds: readonly string[];
  /** Keys to delete, in ERASURE_CATEGORIES order, each once. */
  readonly deletes: readonly { readonly key: ItemKey; readonly category: ErasureCategory }[];
  /** Shared items to rewrite (done before the deletes). */
  readonly scrubs: readonly Scrub[];
  readonly counts: Readonly<Record<ErasureCategory, number>>;
  /** Items deleted plus items rewritten. */
  readonly total: number;
}

/** Problems with a subject (empty when fine); the messages name the option, never echo the value. */
export function subjectProblems(subject: ErasureSubject): string[] {
  const problems: string[] = [];
  if (!PlatformSchema.safeParse(subject.platform).success) problems.push('--platform must be a lower-case platform name like "facebook", "x" or "reviews"');
  if (subject.authorId.trim() === '' || subject.authorId.length > 512) problems.push("--author must be the author's id on the platform (1 to 512 characters)");
  return problems;
}

export const CASE_PREFIX = 'CASE#';
/** Links between one customer's ids (lambdas/domain/cases/identities.ts). */
const IDENTITY_PREFIX = 'IDENTITY#';
export const customerPartition = (s: ErasureSubject) => `CUSTOMER#${s.platform}#${s.authorId}`;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The key of a table item; undefined if it has none (never the case for items read from the table). */
export function keyOf(item: StoredItem): ItemKey | undefined {
  const pk = str(item[PK]);
  const sk = str(item[SK]);
  return pk !== undefined && sk !== undefined ? { PK: pk, SK: sk } : undefined;
}

/** The case id of a `CASE#<id>` partition key. */
export function caseIdOfPartition(pk: string): string | undefined {
  return pk.startsWith(CASE_PREFIX) && pk.length > CASE_PREFIX.length ? pk.slice(CASE_PREFIX.length) : undefined;
}

/** Whether `item` is the META item of a case opened by the subject. */
export function isCaseOf(item: StoredItem, subject: ErasureSubject): boolean {
  const key = keyOf(item);
  if (!key || key.SK !== 'META' || caseIdOfPartition(key.PK) === undefined) return false;
  const author = item['author'];
  const authorId = author && typeof author === 'object' ? (author as Record<string, unknown>)['id'] : undefined;
  return item['platform'] === subject.platform && authorId === subject.authorId;
}

/** Ids of the subject's cases among `items`. */
export function caseIdsOf(items: Iterable<StoredItem>, subject: ErasureSubject): string[] {
  const ids = new Set<string>();
  for (const item of items) if (isCaseOf(item, subject)) ids.add(caseIdOfPartition(keyOf(item)!.PK)!);
  return [...ids].sort();
}

const LINKED_BY_PREFIX: [prefix: string, category: ErasureCategory][] = [
  ['CODE#', 'linkCodes'],
  ['EVENT#', 'events'],
  ['RAW#', 'rawTexts'],
  ['CONV#', 'conversations'],
];
/** Partitions never deleted for being linked to a case: other customers' data and the configuration. */
const NEVER_LINKED = ['CUSTOMER#', 'CONFIG#', IDENTITY_PREFIX];

/** Which category `item` is erased under, or undefined when it is not the subject's (given their case ids). */
export function categorize(item: StoredItem, subject: ErasureSubject, caseIds: ReadonlySet<string>): ErasureCategory | undefined {
  const key = keyOf(item);
  if (!key) return undefined;
  if (key.PK === customerPartition(subject)) return 'customerItems';
  if (key.PK.startsWith(`${IDENTITY_PREFIX}${subject.platform}#`) && key.SK === 'LINK') {
    const own = key.PK === `${IDENTITY_PREFIX}${subject.platform}#${subject.authorId}`;
    return own || str(item['canonicalId']) === subject.authorId ? 'identityLinks' : undefined;
  }
  const ownCase = caseIdOfPartition(key.PK);
  if (ownCase !== undefined) {
    if (!caseIds.has(ownCase)) return undefined;
    if (key.SK === 'META') return 'cases';
    if (key.SK.startsWith('T#')) return 'timelineEntries';
    if (key.SK.startsWith('PAGE#')) return 'pageClaims';
    return 'otherCaseItems';
  }
  const caseId = str(item['caseId']);
  if (caseId === undefined || !caseIds.has(caseId) || NEVER_LINKED.some((p) => key.PK.startsWith(p))) return undefined;
  return LINKED_BY_PREFIX.find(([prefix]) => key.PK.startsWith(prefix))?.[1] ?? 'otherLinked';
}

const namesCase = (entry: unknown, caseIds: ReadonlySet<string>) =>
  !!entry && typeof entry === 'object' && !Array.isArray(entry) && caseIds.has(String((entry as Record<string, unknown>)['caseId']));

/**
 * The list attributes of `item` (one not deleted) that hold entries naming one of the cases, each with what to keep.
 * Never the configuration.
 */
export function scrubsOf(item: StoredItem, caseIds: ReadonlySet<string>): Scrub[] {
  const key = keyOf(item);
  if (!key || caseIds.size === 0 || key.PK.startsWith('CONFIG#')) return [];
  const scrubs: Scrub[] = [];
  for (const [attribute, value] of Object.entries(item)) {
    if (!Array.isArray(value)) continue;
    const keep = value.filter((entry) => !namesCase(entry, caseIds));
    if (keep.length < value.length) scrubs.push({ key, attribute, keep, expectedLength: value.length, removed: value.length - keep.length });
  }
  return scrubs;
}

/** Whether bin/erase.ts must keep `item` (read by its scan) for the plan: it is deleted or scrubbed. */
export function concerns(item: StoredItem, subject: ErasureSubject, caseIds: ReadonlySet<string>): boolean {
  return categorize(item, subject, caseIds) !== undefined || scrubsOf(item, caseIds).length > 0;
}

export const emptyCounts = (): Record<ErasureCategory, number> =>
  Object.fromEntries(ERASURE_CATEGORIES.map((c) => [c, 0])) as Record<ErasureCategory, number>;

/**
 * What to delete among `items` (any superset of the subject's items: the whole table, or what the queries and
 * scans found): their cases are the META items naming them; everything else follows from those and from their
 * customer partition. Items seen twice are deleted once.
 */
export function planErasure(items: Iterable<StoredItem>, subject: ErasureSubject): ErasurePlan {
  const all = [...items];
  const caseIds = caseIdsOf(all, subject);
  const ids = new Set(caseIds);
  const byKey = new Map<string, { key: ItemKey; category: ErasureCategory }>();
  const scrubs = new Map<string, Scrub>();
  for (const item of all) {
    const key = keyOf(item);
    if (!key) continue;
    const id = `${key.PK}\u0000${key.SK}`;
    const category = categorize(item, subject, ids);
    if (category) byKey.set(id, { key, category });
    else for (const scrub of scrubsOf(item, ids)) scrubs.set(`${id}\u0000${scrub.attribute}`, scrub);
  }
  const order = (c: ErasureCategory) => ERASURE_CATEGORIES.indexOf(c);
  const deletes = [...byKey.values()].sort((a, b) => order(a.category) - order(b.category));
  const counts = emptyCounts();
  for (const d of deletes) counts[d.category]++;
  const scrubList = [...scrubs.values()];
  const scrubbedItems = new Set(scrubList.map((s) => `${s.key.PK}\u0000${s.key.SK}`)).size;
  return { caseIds, deletes, scrubs: scrubList, counts, total: deletes.length + scrubbedItems };
}

/** `xs` in slices of at most `size` (BatchWriteItem takes 25 requests). */
export function chunk<T>(xs: readonly T[], size = 25): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a positive integer');
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** The order the output lists the categories in: the cases first, then what hangs off them. */
const DISPLAY_ORDER: readonly ErasureCategory[] = ['cases', ...ERASURE_CATEGORIES.filter((c) => c !== 'cases')];

/**
 * One line per category with a count above zero, the shared items scrubbed, and the total: counts only, never a
 * key or a value.
 */
export function describePlan(plan: Pick<ErasurePlan, 'counts' | 'scrubs'>): string {
  const { counts } = plan;
  const line = (n: number, label: string) => `  ${String(n).padStart(6)}  ${label}`;
  const lines = DISPLAY_ORDER.filter((c) => counts[c] > 0).map((c) => line(counts[c], CATEGORY_LABELS[c]));
  const deleted = ERASURE_CATEGORIES.reduce((n, c) => n + counts[c], 0);
  const scrubbedItems = new Set(plan.scrubs.map((s) => `${s.key.PK}\u0000${s.key.SK}`)).size;
  const entries = plan.scrubs.reduce((n, s) => n + s.removed, 0);
  if (scrubbedItems > 0) lines.push(line(scrubbedItems, `shared items (crisis counters, alerts) rewritten without their ${entries} entries`));
  lines.push(line(deleted, 'items deleted in all'));
  return lines.join('\n');
}
