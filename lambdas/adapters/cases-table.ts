import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { QUEUE_SHARDS, TABLES } from '../../config/resources';
import { URGENCY_RANK } from '../../schemas/classification';
import { type Case, type CaseListQuery, type CaseStatus, type CaseSummary, DEFAULT_TIMELINE_LIMIT, type TimelineEntry } from '../../schemas/case';
import { LOCK_ATTEMPTS, tooManyConcurrentUpdates, waitBeforeRetry } from '../domain/cases/lock-retry';
import type { CustomerIdentities } from '../domain/cases/identities';
import type { CasesStore, ClaimState } from '../domain/cases/process-event';
import type { PostFold, StoredCase } from '../domain/cases/rules';
import type { CaseUpdate, StaffActionStore } from '../domain/cases/staff-actions';
import { jsonBytes, listItem, PageBudget } from '../domain/cases/views';
import { isConditionFailure } from './condition-failure';
import { shardOf } from './shards';
import { SLA_CHECK_ATTRIBUTES, slaCheckKeys } from './sla-checks-table';
import { decodeListToken, decodeTimelineToken, listTokenAt, timelineTokenBefore } from './page-tokens';

/**
 * The cases table (one table, keys by access pattern):
 *
 * | item                        | PK                   | SK             | notes                                           |
 * |-----------------------------|----------------------|----------------|-------------------------------------------------|
 * | case                        | CASE#<id>            | META           | GSI1PK QUEUE#<status>, GSI1SK <rank>#<received>#<id>; slaShard, slaCheckAt, slaCheck while its clock runs (sla-checks-table.ts) |
 * | timeline entry              | CASE#<id>            | T#<at>#<kind>#<ref> | keyed by what caused it: retries overwrite    |
 * | event seen                  | EVENT#<event id>     | EVENT          | pending → done; caseId once folded and superseded, or done; authorId once done; TTL after eventMemoryDays |
 * | open case of a conversation | CONV#<conversation>  | OPEN           | joins follow-ups; caseId removed when resolved  |
 * | raw text (optional)         | RAW#<event id>       | RAW            | TTL after rawTextRetentionDays                  |
 * | a customer's linked id      | IDENTITY#<platform>#<id> | LINK       | canonicalId, at, why (cases/identities.ts)      |
 *
 * The `queue` index lists a status's cases in the order the team works them: urgency, then arrival; the `slaChecks`
 * index lists the clocks the SLA sweep checks next, by time.
 */

const { partitionKey: PK, sortKey: SK, indexes, ttlAttribute: TTL } = TABLES.cases;
const QUEUE_INDEX = 'queue';
const { partitionKey: GSI1PK, sortKey: GSI1SK } = indexes.queue;
/**
 * Attributes a case update may never set: keys, identity and what the lock and idempotency rest on. `eventIds` is
 * the unbounded list cases written before firstEventId/lastEventId kept; a fold removes it.
 */
const NOT_UPDATABLE = new Set<string>([PK, SK, GSI1PK, GSI1SK, indexes.slaChecks.partitionKey, 'id', 'version', 'firstEventId', 'lastEventId', 'eventIds', 'itemType']);

export { isConditionFailure };

/** The `queue` index keys of a case: its status's shard (QUEUE_SHARDS), and its place in the order the team works. */
export function queueKeys(c: Pick<CaseSummary, 'status' | 'urgency' | 'receivedAt' | 'id'>) {
  return { [GSI1PK]: `QUEUE#${c.status}#${shardOf(c.id, QUEUE_SHARDS)}`, [GSI1SK]: `${URGENCY_RANK[c.urgency]}#${c.receivedAt}#${c.id}` };
}

const INTERNAL = new Set([PK, SK, GSI1PK, GSI1SK, TTL, ...SLA_CHECK_ATTRIBUTES, 'firstEventId', 'lastEventId', 'eventIds', 'version', 'itemType']);

function toSummary(item: Record<string, unknown>): CaseSummary {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!INTERNAL.has(k)) out[k] = v;
  return out as CaseSummary;
}

export interface CasesTableOptions {
  /**
   * Days a case item and each timeline entry are kept after they were last written (the TTL attribute, set with every
   * write of them, so an active case never ages out); undefined keeps them until erased.
   */
  retentionDays?: number;
  /** The clock the retention counts from (tests set it; default: now). */
  now?: () => number;
}

export class CasesTable implements CasesStore, StaffActionStore, CustomerIdentities {
  private readonly doc: DynamoDBDocumentClient;

  constructor(client: DynamoDBClient, private readonly tableName: string, private readonly options: CasesTableOptions = {}) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /** The TTL attribute for an item written now, when the stage keeps cases for a while only. */
  private retention(): Record<string, number> {
    const days = this.options.retentionDays;
    return days ? { [TTL]: Math.floor((this.options.now ?? Date.now)() / 1000) + days * 86_400 } : {};
  }

  private async putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } }));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  private async get(pk: string, sk: string, consistent = true): Promise<Record<string, unknown> | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { [PK]: pk, [SK]: sk }, ConsistentRead: consistent }));
    return out.Item;
  }

  async claimEvent(eventId: string, at: string, expiresAtEpoch: number): Promise<ClaimState> {
    if (await this.putIfAbsent({ [PK]: `EVENT#${eventId}`, [SK]: 'EVENT', itemType: 'event', state: 'pending', at, [TTL]: expiresAtEpoch })) return 'new';
    const existing = await this.get(`EVENT#${eventId}`, 'EVENT');
    return existing?.['state'] === 'done' ? 'done' : 'pending';
  }

  async markEventDone(eventId: string, caseId: string | undefined, authorId?: string): Promise<void> {
    const set = ['#state = :done', ...(caseId ? ['caseId = :case'] : []), ...(authorId ? ['authorId = :author'] : [])];
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [PK]: `EVENT#${eventId}`, [SK]: 'EVENT' },
        UpdateExpression: `SET ${set.join(', ')}`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':done': 'done', ...(caseId ? { ':case': caseId } : {}), ...(authorId ? { ':author': authorId } : {}) },
      }),
    );
  }

  async eventRecord(eventId: string): Promise<{ caseId?: string; authorId?: string }> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { [PK]: `EVENT#${eventId}`, [SK]: 'EVENT' }, ConsistentRead: true, ProjectionExpression: 'caseId, authorId' }),
    );
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const caseId = str(out.Item?.['caseId']);
    const authorId = str(out.Item?.['authorId']);
    return { ...(caseId ? { caseId } : {}), ...(authorId ? { authorId } : {}) };
  }

  /** The case holding the conversation; a pointer given back by a resolve (no caseId) holds none. */
  async openCaseOf(conversationId: string): Promise<string | undefined> {
    const item = await this.get(`CONV#${conversationId}`, 'OPEN');
    return typeof item?.['caseId'] === 'string' ? item['caseId'] : undefined;
  }

  async claimConversation(conversationId: string, caseId: string): Promise<string> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { [PK]: `CONV#${conversationId}`, [SK]: 'OPEN', itemType: 'conversation', caseId },
          // Free when never claimed, or released by a resolve (the item stays: the functions have no DeleteItem).
          ConditionExpression: 'attribute_not_exists(#pk) OR attribute_not_exists(caseId)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
      return caseId;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    const winner = await this.openCaseOf(conversationId);
    if (!winner) throw new Error(`conversation ${conversationId} was claimed and released meanwhile; retry`);
    return winner;
  }

  /**
   * Gives the conversation back when its case is resolved, so the next post opens a new case: removes `caseId` from
   * the pointer (an UpdateItem, not a DeleteItem, which no function may send), only while `caseId` still holds it.
   */
  async releaseConversation(conversationId: string, caseId: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: `CONV#${conversationId}`, [SK]: 'OPEN' },
          UpdateExpression: 'REMOVE caseId SET releasedCaseId = :case',
          ConditionExpression: 'caseId = :case',
          ExpressionAttributeValues: { ':case': caseId },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err; // already released, or another case holds it now
    }
  }

  async getCase(caseId: string): Promise<StoredCase | undefined> {
    const item = await this.get(`CASE#${caseId}`, 'META');
    if (!item) return undefined;
    const legacy = Array.isArray(item['eventIds']) ? (item['eventIds'] as string[]) : [];
    return {
      ...(toSummary(item) as CaseSummary),
      firstEventId: String(item['firstEventId'] ?? legacy[0] ?? ''),
      lastEventId: String(item['lastEventId'] ?? legacy.at(-1) ?? ''),
      version: Number(item['version'] ?? 0),
    };
  }

  async caseOfEvent(eventId: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { [PK]: `EVENT#${eventId}`, [SK]: 'EVENT' }, ConsistentRead: true, ProjectionExpression: 'caseId' }),
    );
    return typeof out.Item?.['caseId'] === 'string' ? out.Item['caseId'] : undefined;
  }

  /**
   * Reads the claim first: usually the event is done (or its claim has expired) and nothing needs writing; a read
   * costs a fifth of a write. Otherwise sets `caseId` only on a claim that still exists (an UpdateItem would
   * otherwise create a bare item with no TTL).
   */
  async recordEventCase(eventId: string, caseId: string): Promise<void> {
    if (!eventId) return; // a case written before lastEventId was kept
    const key = { [PK]: `EVENT#${eventId}`, [SK]: 'EVENT' };
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true, ProjectionExpression: '#state, caseId', ExpressionAttributeNames: { '#state': 'state' } }),
    );
    if (!out.Item || out.Item['state'] === 'done' || out.Item['caseId'] === caseId) return;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET caseId = :case',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
          ExpressionAttributeValues: { ':case': caseId },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err; // expired meanwhile
    }
  }

  private caseItem(c: StoredCase): Record<string, unknown> {
    const { slaCheck, slaCheckAt, ...rest } = c;
    return { [PK]: `CASE#${c.id}`, [SK]: 'META', itemType: 'case', ...queueKeys(c), ...rest, ...(slaCheck && slaCheckAt ? slaCheckKeys(c.id, { slaCheck, slaCheckAt }) : {}), ...this.retention() };
  }

  createCase(c: StoredCase): Promise<boolean> {
    return this.putIfAbsent(this.caseItem(c));
  }

  /**
   * One UpdateItem of the case as read (`c`): SETs `set` (and REMOVEs `remove`) with `version` + 1, and new queue keys
   * when status or urgency change, only while the stored version is still `c.version`. Attributes not named are left
   * alone, so the write carries only what changed. Returns the case as written, or undefined when the race was lost.
   */
  private async writeAtVersion(c: StoredCase, set: Record<string, unknown>, remove: readonly string[] = []): Promise<StoredCase | undefined> {
    const values: Record<string, unknown> = { ...set, version: c.version + 1, ...this.retention() };
    const after = { ...c, ...values } as StoredCase;
    for (const k of remove) delete (after as unknown as Record<string, unknown>)[k];
    if (after.status !== c.status || after.urgency !== c.urgency) Object.assign(values, queueKeys(after));
    // A new clock check goes into the slaChecks index under the case's shard.
    if (after.slaCheck && after.slaCheckAt && 'slaCheckAt' in set) Object.assign(values, slaCheckKeys(c.id, { slaCheck: after.slaCheck, slaCheckAt: after.slaCheckAt }));
    const names: Record<string, string> = { '#v': 'version' };
    const exprValues: Record<string, unknown> = { ':expected': c.version };
    const assignments = Object.entries(values)
      .filter(([, v]) => v !== undefined)
      .map(([k, v], i) => {
        names[`#a${i}`] = k;
        exprValues[`:a${i}`] = v;
        return `#a${i} = :a${i}`;
      });
    const removals = remove.map((k, i) => {
      names[`#r${i}`] = k;
      return `#r${i}`;
    });
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: `CASE#${c.id}`, [SK]: 'META' },
          UpdateExpression: `SET ${assignments.join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
          ConditionExpression: '#v = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: exprValues,
        }),
      );
      return after;
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  /** A post folded in: its attributes only (and the legacy `eventIds` list dropped, if the case still has one). */
  async foldIntoCase(c: StoredCase, fold: PostFold): Promise<boolean> {
    return (await this.writeAtVersion(c, fold, ['eventIds'])) !== undefined;
  }

  /**
   * A read-modify-write of the case under its optimistic lock (`version`, the lock the classifier's foldIntoCase
   * uses too): reads the case, asks `decide` what to set and remove, writes that with `version` + 1 (and new queue
   * keys when status or urgency change) only if the version is still the one read; on a lost race, waits a jittered,
   * growing while (lock-retry.ts) and reads again. `decide` returning undefined writes nothing. Returns the case as
   * read last and, when written, as written.
   */
  async updateCase(caseId: string, decide: (c: StoredCase) => CaseUpdate | undefined): Promise<{ before?: StoredCase; after?: StoredCase; written: boolean }> {
    for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
      if (attempt > 0) await waitBeforeRetry(attempt - 1);
      const c = await this.getCase(caseId);
      if (!c) return { written: false };
      const update = decide(c);
      if (!update) return { before: c, written: false };
      const remove = [...new Set(update.remove ?? [])].filter((k) => !(k in update.set)) as string[];
      for (const k of [...Object.keys(update.set), ...remove]) if (NOT_UPDATABLE.has(k)) throw new Error(`a case update may not change '${k}'`);
      const after = await this.writeAtVersion(c, { updatedAt: new Date().toISOString(), ...update.set }, remove);
      if (after) return { before: c, after, written: true };
    }
    throw tooManyConcurrentUpdates(caseId);
  }

  async putTimeline(caseId: string, key: string, entry: TimelineEntry): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { [PK]: `CASE#${caseId}`, [SK]: `T#${key}`, itemType: 'timeline', ...entry, ...this.retention() } }));
  }

  /** putTimeline unless the entry exists: true when this call wrote it. */
  async putTimelineOnce(caseId: string, key: string, entry: TimelineEntry): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { [PK]: `CASE#${caseId}`, [SK]: `T#${key}`, itemType: 'timeline', ...entry, ...this.retention() },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async recordFirstResponse(caseId: string, at: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: `CASE#${caseId}`, [SK]: 'META' },
          // Bumping the version makes a concurrent read-modify-write of the case retry instead of overwriting this.
          UpdateExpression: 'SET firstResponseAt = if_not_exists(firstResponseAt, :at), updatedAt = :at ADD #version :one',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#version': 'version', '#pk': PK },
          ExpressionAttributeValues: { ':at': at, ':one': 1 },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err; // the case was not written yet: nothing to record on
    }
  }

  async putRawText(eventId: string, caseId: string, text: string, expiresAtEpoch: number): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { [PK]: `RAW#${eventId}`, [SK]: 'RAW', itemType: 'raw-text', caseId, text, [TTL]: expiresAtEpoch } }),
    );
  }

  /**
   * Removes the text from the raw-text item, if there is one (its TTL removes the rest). An update, not a delete: no
   * function of this stack holds DeleteItem (lib/cases-table.ts).
   */
  async forgetRawText(eventId: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: `RAW#${eventId}`, [SK]: 'RAW' },
          UpdateExpression: 'REMOVE #text',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#text': 'text', '#pk': PK },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  /** A customer names two or three ids at most: single consistent reads, in parallel, need no batch permission. */
  async canonicalOf(platform: string, ids: readonly string[]): Promise<Map<string, string>> {
    const found = await Promise.all(ids.map(async (id) => [id, (await this.get(`IDENTITY#${platform}#${id}`, 'LINK'))?.['canonicalId']] as const));
    return new Map(found.filter((pair): pair is readonly [string, string] => typeof pair[1] === 'string'));
  }

  async link(platform: string, ids: readonly string[], canonicalId: string, at: string, why: string): Promise<void> {
    await Promise.all(
      ids.map((id) =>
        this.doc.send(
          new PutCommand({ TableName: this.tableName, Item: { [PK]: `IDENTITY#${platform}#${id}`, [SK]: 'LINK', itemType: 'identity-link', canonicalId, at, why } }),
        ),
      ),
    );
  }

  async knowsEmailOf(customer: { platform: string; authorId: string }): Promise<boolean> {
    // The directory's entry (PROFILE) and an address the author gave (CONTACT), read side by side.
    const read = (sk: 'PROFILE' | 'CONTACT') =>
      this.doc.send(new GetCommand({ TableName: this.tableName, Key: { [PK]: `CUSTOMER#${customer.platform}#${customer.authorId}`, [SK]: sk }, ProjectionExpression: 'email' }));
    const items = await Promise.all([read('PROFILE'), read('CONTACT')]);
    return items.some((out) => typeof out.Item?.['email'] === 'string' && out.Item['email'] !== '');
  }

  async rememberEmail(customer: { platform: string; authorId: string }, email: string, source: 'dm' | 'source', at: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { [PK]: `CUSTOMER#${customer.platform}#${customer.authorId}`, [SK]: 'CONTACT', itemType: 'learned-contact', email, source, at },
      }),
    );
  }

  /**
   * One case with the latest page of its timeline (oldest entry first within the page): at most `timelineLimit`
   * entries (default DEFAULT_TIMELINE_LIMIT), fewer once the case and its entries reach the response budget (views.ts), and a
   * `timelineNextToken` for the page before when there is one (`timelineNextToken` in the options reads that page).
   * Undefined when there is no such case. `consistent` reads what was just written (after a staff action), at twice
   * the read cost. Throws InvalidPageTokenError for a token the API did not issue.
   */
  async caseWithTimeline(
    caseId: string,
    options: { consistent?: boolean; timelineLimit?: number; timelineNextToken?: string } = {},
  ): Promise<Case | undefined> {
    let start = options.timelineNextToken ? decodeTimelineToken(options.timelineNextToken, caseId) : undefined;
    const meta = await this.get(`CASE#${caseId}`, 'META', options.consistent ?? false);
    if (!meta) return undefined;
    const summary = toSummary(meta);
    const limit = options.timelineLimit ?? DEFAULT_TIMELINE_LIMIT;
    const page = new PageBudget(limit, jsonBytes(summary));
    const timeline: (TimelineEntry & { sk: string })[] = [];
    let more = false;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :t)',
          ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
          ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':t': 'T#' },
          // Newest first: the first page is the latest activity, each token goes further back. One entry more than
          // the page has room for tells whether there are older ones.
          ScanIndexForward: false,
          Limit: limit - timeline.length + 1,
          ExclusiveStartKey: start,
          ...(options.consistent ? { ConsistentRead: true } : {}),
        }),
      );
      for (const i of out.Items ?? []) {
        const entry = { at: String(i['at']), type: String(i['type']), detail: String(i['detail']), ...(i['data'] ? { data: i['data'] as Record<string, unknown> } : {}) };
        if (!page.take(jsonBytes(entry) + 1)) {
          more = true;
          break;
        }
        timeline.push({ ...entry, sk: String(i[SK]) });
      }
      start = out.LastEvaluatedKey;
    } while (!more && start);
    const oldest = timeline.at(-1);
    const entries = timeline
      .map(({ sk: _sk, ...entry }) => entry)
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return { ...summary, timeline: entries, ...(more && oldest ? { timelineNextToken: timelineTokenBefore(oldest.sk) } : {}) } as Case;
  }

  /**
   * The team's queue: cases of a status in urgency-then-arrival order from the `queue` index (never a scan), with
   * optional filters. `all` walks open, acknowledged, then resolved. A page holds at most `limit` cases, each with a
   * preview of its text, and stops early once it reaches the response budget (views.ts); filtered pages are filled
   * with a bounded number of reads. Throws InvalidPageTokenError for a token the API did not issue.
   *
   * Each status is spread over QUEUE_SHARDS index partitions (queueKeys): every shard is read from the page's position
   * on, their entries merged in order, and the cases themselves read by key (the index copies only what the filters
   * need). A case whose status changed since the index was read is left to its new status's listing.
   */
  /**
   * A page of the queue. `assignedTo` keeps the cases whose assignee is one of these names (the staff API turns
   * `assignee=me` into the caller's id and name); it is checked on the case itself, not in the index (which does not
   * copy the assignee), so such a page may hold fewer than `limit` and still carry a token.
   */
  async listCases(
    query: CaseListQuery,
    options: { budgetBytes?: number; assignedTo?: readonly string[] } = {},
  ): Promise<{ items: CaseSummary[]; nextToken?: string }> {
    const assignedTo = options.assignedTo ?? (query.assignee !== undefined ? [query.assignee] : undefined);
    const statuses: CaseStatus[] =
      query.status === 'all' ? ['open', 'acknowledged', 'resolved'] : query.status === 'active' ? ['open', 'acknowledged'] : [query.status];
    const token = decodeListToken(query.nextToken, statuses);
    let s = token.s;
    let after = token.a;
    const items: CaseSummary[] = [];
    const page = new PageBudget(query.limit, 0, options.budgetBytes);
    const filters: Record<string, string> = {};
    if (query.urgency) filters['urgency'] = query.urgency;
    if (query.platform) filters['platform'] = query.platform;
    if (query.category) filters['category'] = query.category;

    for (let rounds = 0; rounds < 20 && !page.full; rounds++) {
      const { entries, done, reachedTo } = await this.queueEntries(statuses[s]!, after, query.limit - items.length, filters);
      const cases = await Promise.all(entries.map((e) => this.get(`CASE#${e.id}`, 'META', false)));
      for (const [i, raw] of cases.entries()) {
        const wanted = assignedTo === undefined || assignedTo.includes(String(raw?.['assignee'] ?? ''));
        if (raw && raw['status'] === statuses[s] && wanted) {
          const item = listItem(toSummary(raw));
          // The page is full: the next one starts with this case (right after the last one this page holds).
          if (!page.take(jsonBytes(item) + 1)) return { items, nextToken: listTokenAt(s, statuses[s]!, after) };
          items.push(item);
        }
        after = entries[i]!.position;
      }
      if (reachedTo !== undefined) after = reachedTo;
      if (!done) continue;
      if (s + 1 >= statuses.length) return { items };
      s += 1;
      after = undefined;
    }
    return { items, nextToken: listTokenAt(s, statuses[s]!, after) };
  }

  /**
   * The next `want` entries of a status's queue after position `after`, merged from every shard in order. `done` when
   * no shard has more; `reachedTo` when the reads budget ran out before `want` were found: the listing has looked
   * at everything up to that position.
   */
  private async queueEntries(
    status: CaseStatus,
    after: string | undefined,
    want: number,
    filters: Record<string, string>,
  ): Promise<{ entries: { id: string; position: string }[]; done: boolean; reachedTo?: string }> {
    const filterNames = Object.keys(filters);
    const shards = await Promise.all(
      Array.from({ length: QUEUE_SHARDS }, async (_, shard) => {
        const found: { id: string; position: string }[] = [];
        let start: Record<string, unknown> | undefined;
        for (let reads = 0; reads < 5; reads++) {
          const out = await this.doc.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: QUEUE_INDEX,
              KeyConditionExpression: after ? '#gpk = :gpk AND #gsk > :after' : '#gpk = :gpk',
              ExpressionAttributeNames: { '#gpk': GSI1PK, '#gsk': GSI1SK, ...Object.fromEntries(filterNames.map((n, i) => [`#f${i}`, n])) },
              ExpressionAttributeValues: {
                ':gpk': `QUEUE#${status}#${shard}`,
                ...(after ? { ':after': after } : {}),
                ...Object.fromEntries(filterNames.map((n, i) => [`:f${i}`, filters[n]])),
              },
              ...(filterNames.length ? { FilterExpression: filterNames.map((_, i) => `#f${i} = :f${i}`).join(' AND ') } : {}),
              ProjectionExpression: '#gsk',
              ScanIndexForward: true,
              Limit: want - found.length,
              ExclusiveStartKey: start,
            } as QueryCommandInput),
          );
          for (const raw of out.Items ?? []) {
            const position = String(raw[GSI1SK]);
            found.push({ id: position.slice(position.lastIndexOf('#') + 1), position });
          }
          start = out.LastEvaluatedKey;
          if (!start || found.length >= want) break;
        }
        // Looked at everything up to here: the shard is done, or full, or (budget spent) only this far.
        const exhausted = !start;
        const frontier = exhausted || found.length >= want ? undefined : String(start?.[GSI1SK]);
        return { found, exhausted, frontier };
      }),
    );
    // Entries past a shard's frontier are not known yet: the merge stops at the lowest frontier.
    const frontiers = shards.map((x) => x.frontier).filter((f): f is string => f !== undefined).sort();
    const cut = frontiers[0];
    const merged = shards
      .flatMap((x) => x.found)
      .filter((e) => cut === undefined || e.position <= cut)
      .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    const entries = merged.slice(0, want);
    const done = shards.every((x) => x.exhausted) && merged.length <= want;
    return { entries, done, ...(cut !== undefined && entries.length < want ? { reachedTo: cut } : {}) };
  }
}
