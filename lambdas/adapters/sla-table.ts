import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../config/resources';
import type { SlaRecord } from '../../schemas/case';
import type { StoredCase } from '../domain/cases/rules';
import type { PageClaim } from '../domain/escalation/paging';
import { type CrisisSample, SAMPLES_PER_MINUTE } from '../domain/sla/crisis';
import type { CrisisAlertRecord, CrisisAlertStore, CrisisWindow, SlaStore } from '../domain/sla/ports';
import type { CrisisCounter } from '../domain/sla/watch';
import { CasesTable, type CasesTableOptions, isConditionFailure } from './cases-table';
import { LOCK_ATTEMPTS, tooManyConcurrentUpdates, waitBeforeRetry } from '../domain/cases/lock-retry';
import { claimPage, markPageSent, releasePage } from './page-claims';

/**
 * The first-response clock's and the crisis alert's items in the cases table (single-item gets, puts and updates only: the
 * functions' `readwrite` access):
 *
 * | item                     | PK                                | SK                          | notes                                        |
 * |--------------------------|-----------------------------------|-----------------------------|----------------------------------------------|
 * | case                     | CASE#<id>                         | META                        | `sla` map and `slaDueAt`, under the version lock |
 * | SLA warning claim        | CASE#<id>                         | PAGE#sla#pre#<contact>#<channel> | one per warning sent (EscalationTable)   |
 * | crisis counter           | CRISIS#<scope>                    | M#<epoch minute>            | count (atomic ADD), `p:<platform>` counts, up to 3 samples; TTL a day; written until the window's alert is out (sla/watch.ts), so a surge writes it a few dozen times, not once per post |
 * | crisis alert             | ALERT#crisis#<scope>#<window>     | ALERT                       | the evidence and who was paged; TTL 30 days  |
 * | crisis window claim      | ALERT#crisis#<window>             | PAGED                       | the scope whose alert pages the window       |
 * | crisis page claim        | ALERT#crisis#<window>             | PAGE#<contact>#<channel>    | one per page sent                            |
 */

const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = TABLES.cases;
const ALERT_TTL_SECONDS = 30 * 86_400;
const PLATFORM_PREFIX = 'p:';

const doc = (client: DynamoDBClient) => DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const alertExpiry = (windowStart: number, windowMinutes = 60) => (windowStart + windowMinutes) * 60 + ALERT_TTL_SECONDS;

/** The steps function's side: case clocks, crisis evidence, alerts and their claims. */
export class SlaTable implements SlaStore, CrisisAlertStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly cases: CasesTable;

  constructor(client: DynamoDBClient, private readonly tableName: string, options: CasesTableOptions = {}) {
    this.doc = doc(client);
    this.cases = new CasesTable(client, tableName, options);
  }

  async updateClock(caseId: string, decide: (c: StoredCase) => SlaRecord | undefined) {
    for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
      // A lost race waits a jittered, growing time before the next try (lock-retry.ts), as every case writer does.
      if (attempt > 0) await waitBeforeRetry(attempt - 1);
      const c = await this.cases.getCase(caseId);
      if (!c) return { written: false };
      const sla = decide(c);
      if (!sla) return { before: c, written: false };
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { [PK]: `CASE#${caseId}`, [SK]: 'META' },
            UpdateExpression: 'SET #sla = :sla, slaDueAt = :due, updatedAt = :now, #v = :next',
            ConditionExpression: '#v = :expected',
            ExpressionAttributeNames: { '#sla': 'sla', '#v': 'version' },
            ExpressionAttributeValues: { ':sla': sla, ':due': sla.dueAt, ':now': new Date().toISOString(), ':next': c.version + 1, ':expected': c.version },
          }),
        );
        return { before: c, written: true, sla };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
    }
    throw tooManyConcurrentUpdates(caseId);
  }

  async readWindow(scope: string, minutes: number[]): Promise<CrisisWindow> {
    const items = await Promise.all(
      minutes.map(async (m) => (await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { [PK]: `CRISIS#${scope}`, [SK]: `M#${m}` } }))).Item),
    );
    const byPlatform: Record<string, number> = {};
    const samples: CrisisSample[] = [];
    for (const item of items) {
      if (!item) continue;
      for (const [k, v] of Object.entries(item)) if (k.startsWith(PLATFORM_PREFIX) && typeof v === 'number') byPlatform[k.slice(PLATFORM_PREFIX.length)] = (byPlatform[k.slice(PLATFORM_PREFIX.length)] ?? 0) + v;
      if (Array.isArray(item['samples'])) samples.push(...(item['samples'] as CrisisSample[]));
    }
    samples.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return { counts: items.map((i) => Number(i?.['count'] ?? 0)), byPlatform, samples };
  }

  async putAlert(record: CrisisAlertRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          [PK]: `ALERT#crisis#${record.scope}#${record.windowStart}`,
          [SK]: 'ALERT',
          itemType: 'crisis-alert',
          ...record,
          [TTL]: alertExpiry(record.windowStart, record.windowMinutes),
        },
      }),
    );
  }

  async claimWindow(windowStart: number, scope: string, at: string) {
    const Key = { [PK]: `ALERT#crisis#${windowStart}`, [SK]: 'PAGED' };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Key, itemType: 'crisis-window', scope, at, [TTL]: alertExpiry(windowStart) },
          ConditionExpression: 'attribute_not_exists(#pk) OR #scope = :scope',
          ExpressionAttributeNames: { '#pk': PK, '#scope': 'scope' },
          ExpressionAttributeValues: { ':scope': scope },
        }),
      );
      return { claimed: true as const };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
    return { claimed: false as const, by: String(out.Item?.['scope'] ?? 'another alert') };
  }

  async windowPagedAt(windowStart: number): Promise<string | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { [PK]: `ALERT#crisis#${windowStart}`, [SK]: 'PAGED' }, ConsistentRead: true }));
    return typeof out.Item?.['at'] === 'string' ? out.Item['at'] : undefined;
  }

  claimPage(windowStart: number, key: string, at: string): Promise<PageClaim> {
    return claimPage(this.doc, this.tableName, `ALERT#crisis#${windowStart}`, key, at, { [TTL]: alertExpiry(windowStart) });
  }

  markPageSent(windowStart: number, key: string, at: string): Promise<void> {
    return markPageSent(this.doc, this.tableName, `ALERT#crisis#${windowStart}`, key, at);
  }

  releasePage(windowStart: number, key: string): Promise<void> {
    return releasePage(this.doc, this.tableName, `ALERT#crisis#${windowStart}`, key);
  }
}

/** The classifier's side: per-minute counters of negative posts (atomic ADD), read back for the window's sum. */
export class CrisisCounterTable implements CrisisCounter {
  private readonly doc: DynamoDBDocumentClient;

  constructor(client: DynamoDBClient, private readonly tableName: string) {
    this.doc = doc(client);
  }

  async add(scope: string, minute: number, platform: string, sample: CrisisSample, expiresAtEpoch: number): Promise<number> {
    const Key = { [PK]: `CRISIS#${scope}`, [SK]: `M#${minute}` };
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key,
        UpdateExpression: 'SET itemType = :type, #ttl = :ttl ADD #count :one, #pf :one',
        ExpressionAttributeNames: { '#count': 'count', '#pf': `${PLATFORM_PREFIX}${platform}`, '#ttl': TTL },
        ExpressionAttributeValues: { ':type': 'crisis-counter', ':ttl': expiresAtEpoch, ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const count = Number(out.Attributes?.['count'] ?? 1);
    // The first few posts of each minute are the evidence; a surge of thousands keeps the item small.
    if (count <= SAMPLES_PER_MINUTE) {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET samples = list_append(if_not_exists(samples, :empty), :sample)',
          ExpressionAttributeValues: { ':empty': [], ':sample': [sample] },
        }),
      );
    }
    return count;
  }

  async counts(scope: string, minutes: number[]): Promise<number[]> {
    return Promise.all(
      minutes.map(async (m) => {
        const out = await this.doc.send(
          new GetCommand({
            TableName: this.tableName,
            Key: { [PK]: `CRISIS#${scope}`, [SK]: `M#${m}` },
            ProjectionExpression: '#count',
            ExpressionAttributeNames: { '#count': 'count' },
          }),
        );
        return Number(out.Item?.['count'] ?? 0);
      }),
    );
  }
}
