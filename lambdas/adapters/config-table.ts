import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../config/resources';
import type { CustomerDirectory, CustomerEntry } from '../domain/escalation/directory';
import { type OncallPolicy, PolicyError, parsePolicy } from '../domain/escalation/policy';

/**
 * The escalation policy and the customer directory in the cases table (in AWS; locally they may still come from
 * `ONCALL_FILE` / `CUSTOMERS_FILE`). Both are written by `npm run policy -- import … / import-customers …`.
 *
 * | item              | PK                             | SK      | notes                                         |
 * |-------------------|--------------------------------|---------|-----------------------------------------------|
 * | escalation policy | CONFIG#oncall-policy           | CURRENT | `policy`: the validated policy as JSON text   |
 * | customer          | CUSTOMER#<platform>#<authorId> | PROFILE | the directory entry's fields, one item each   |
 *
 * The platform name cannot contain `#` (schemas/customer-directory.ts) and the author id comes last, so the key is
 * unambiguous. Neither item has a TTL. Importing customers adds and overwrites entries; it does not delete
 * customers that are missing from the file.
 */

const { partitionKey: PK, sortKey: SK } = TABLES.cases;

const POLICY_KEY = { [PK]: 'CONFIG#oncall-policy', [SK]: 'CURRENT' } as const;
const customerKeyOf = (platform: string, authorId: string) => ({ [PK]: `CUSTOMER#${platform}#${authorId}`, [SK]: 'PROFILE' });

/** BatchWriteItem's limit. */
export const BATCH_SIZE = 25;
/** Batches written at once by `importCustomers`. */
export const BATCHES_IN_FLIGHT = 4;

/** The directory file's fields, in the file's order; nothing else of an item is returned. */
const CUSTOMER_FIELDS = ['platform', 'authorId', 'handle', 'name', 'email', 'phone'] as const;

export interface StoredPolicy {
  policy: OncallPolicy;
  importedAt: string;
  source: string;
}

export interface ConfigTableOptions {
  /** Attempts per batch (the first write plus retries of its unprocessed items) before giving up. Default 8. */
  maxBatchAttempts?: number;
  /** Backoff before retry n (1-based), in ms. Default 50·2ⁿ⁻¹ capped at 2 s, with jitter. */
  backoffMs?: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultBackoff = (attempt: number) => {
  const base = Math.min(2_000, 50 * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
};
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type WriteRequests = NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string];

function toCustomer(item: Record<string, unknown>): CustomerEntry {
  const entry: Record<string, string> = {};
  for (const field of CUSTOMER_FIELDS) {
    const v = item[field];
    if (typeof v === 'string') entry[field] = v;
  }
  return entry as CustomerEntry;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class ConfigTable {
  private readonly doc: DynamoDBDocumentClient;
  private readonly maxBatchAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(client: DynamoDBClient, private readonly tableName: string, opts: ConfigTableOptions = {}) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.maxBatchAttempts = opts.maxBatchAttempts ?? 8;
    this.backoffMs = opts.backoffMs ?? defaultBackoff;
    this.sleep = opts.sleep ?? defaultSleep;
  }

  /** Replaces the policy. `policy` must already be validated (with the stage's bounds); `source` is a file's base name. */
  async putPolicy(policy: OncallPolicy, source: string, at: Date): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...POLICY_KEY, itemType: 'oncall-policy', policy: JSON.stringify(policy), importedAt: at.toISOString(), source },
      }),
    );
  }

  /**
   * The stored policy, validated again; undefined when none was imported. Read with the lowest bound (1 s): the
   * import enforced the stage's own bounds, and a local stack's short timeouts must read back. Throws `PolicyError`
   * when the item is corrupt.
   */
  async getPolicy(): Promise<StoredPolicy | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: POLICY_KEY }));
    const item = out.Item;
    if (!item) return undefined;
    const text = item['policy'];
    if (typeof text !== 'string') throw new PolicyError(['policy: the stored item has no policy text'], 'DynamoDB');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PolicyError(['policy: the stored policy is not valid JSON'], 'DynamoDB');
    }
    const policy = parsePolicy(json, { minAckTimeoutSeconds: 1, source: 'DynamoDB' });
    return { policy, importedAt: String(item['importedAt'] ?? ''), source: String(item['source'] ?? '') };
  }

  /**
   * Writes every entry (already validated: a parsed directory has no duplicate keys, which BatchWriteItem would
   * refuse), 25 to a request, up to 4 requests at once, retrying unprocessed items with backoff.
   */
  async importCustomers(entries: CustomerDirectory, at: Date): Promise<{ written: number }> {
    const importedAt = at.toISOString();
    const chunks: WriteRequests[] = [];
    for (let i = 0; i < entries.length; i += BATCH_SIZE) {
      chunks.push(
        entries.slice(i, i + BATCH_SIZE).map((e) => ({
          PutRequest: {
            Item: {
              ...customerKeyOf(e.platform, e.authorId),
              platform: e.platform,
              authorId: e.authorId,
              handle: e.handle,
              name: e.name,
              email: e.email,
              phone: e.phone,
              itemType: 'customer',
              importedAt,
            },
          },
        })),
      );
    }
    let next = 0;
    let written = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        await this.writeBatch(chunk);
        written += chunk.length;
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCHES_IN_FLIGHT, chunks.length) }, worker));
    return { written };
  }

  private async writeBatch(requests: WriteRequests): Promise<void> {
    let pending = requests;
    for (let attempt = 1; ; attempt++) {
      const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
      const left = out.UnprocessedItems?.[this.tableName] ?? [];
      if (left.length === 0) return;
      if (attempt >= this.maxBatchAttempts) {
        throw new Error(`customer import: ${left.length} of ${requests.length} items still unprocessed after ${attempt} attempts (throttled?); run the import again`);
      }
      pending = left;
      await this.sleep(this.backoffMs(attempt));
    }
  }

  /** The directory entry for this author, or undefined. Eventually consistent: imports are not on a request path. */
  async getCustomer(platform: string, authorId: string): Promise<CustomerEntry | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: customerKeyOf(platform, authorId) }));
    return out.Item ? toCustomer(out.Item) : undefined;
  }

  /**
   * Every customer, in the directory file's shape, sorted by platform then author id. An ops command (`npm run
   * policy -- export-customers`), never a request path: it scans the whole table, cases and all.
   */
  async exportCustomers(): Promise<CustomerDirectory> {
    const entries: CustomerEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: '#type = :customer',
          ExpressionAttributeNames: { '#type': 'itemType' },
          ExpressionAttributeValues: { ':customer': 'customer' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) entries.push(toCustomer(item));
      start = out.LastEvaluatedKey;
    } while (start);
    return entries.sort((a, b) => compare(a.platform, b.platform) || compare(a.authorId, b.authorId));
  }
}

export const NO_POLICY_MESSAGE = 'no escalation policy has been imported: run npm run policy -- import <file> --table <name>';

/**
 * The policy, read at most once per `maxAgeMs` (concurrent callers share one read). A missing policy or a failed
 * read is not cached, so an import takes effect on the next call.
 */
export function cachedPolicy(table: ConfigTable, maxAgeMs: number, now: () => number = () => Date.now()): () => Promise<OncallPolicy> {
  let cached: { policy: OncallPolicy; at: number } | undefined;
  let inFlight: Promise<OncallPolicy> | undefined;
  return () => {
    if (cached && now() - cached.at < maxAgeMs) return Promise.resolve(cached.policy);
    inFlight ??= (async () => {
      try {
        const stored = await table.getPolicy();
        if (!stored) throw new Error(NO_POLICY_MESSAGE);
        cached = { policy: stored.policy, at: now() };
        return stored.policy;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };
}
