import { type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../config/resources';
import {
  CASE_PREFIX,
  chunk,
  concerns,
  customerPartition,
  describePlan,
  type ErasurePlan,
  type ErasureSubject,
  isCaseOf,
  planErasure,
  type StoredItem,
  subjectProblems,
} from '../lambdas/domain/erasure';
import { dynamoDbClientFor } from './policy';

/**
 * `npm run erase -- --platform <p> --author <id> --table <name> [--endpoint <url>] [--dry-run]`: deletes everything
 * the cases table holds about one author (right to erasure; what that is: lambdas/domain/erasure.ts). Prints counts
 * only, never an id, a name or a text. Exit 0 when done (or nothing was found), 1 when DynamoDB fails, 2 on a usage
 * error. `--dry-run` reads and counts but writes nothing.
 *
 * How the items are found. The table has no index by author (one would cost a write on every case change for a
 * request that comes a few times a year), so this reads the whole table, twice, with a paginated Scan:
 * 1. a Scan for the author's case META items (filter: SK = META, platform, author.id);
 * 2. a Query per case partition (`CASE#<id>`: the case, its timeline, page claims) and one of the customer
 *    partition (`CUSTOMER#<platform>#<author>`);
 * 3. a Scan for the items that name one of those cases in `caseId` (link codes, events, raw text, conversations)
 *    or in an entry of a list (the samples of crisis counters and alerts, which are rewritten, not deleted).
 * Filters do not make a Scan cheaper: DynamoDB bills what it reads, 0.5 read unit per 4 KB with the eventually
 * consistent reads used here, so each Scan costs about (table size / 4 KB) × 0.5 × $0.125 per million read units:
 * $0.16 per scan of a 10 GB table, $0.33 per erasure, plus a write unit per deleted item. On-demand capacity absorbs
 * it; pages are read one after another, so a large table takes minutes, not seconds.
 *
 * Writing: shared items first (an UpdateItem per list, conditional on its length so an entry appended meanwhile is
 * not lost), then BatchWriteItem deletes in batches of 25, unprocessed items retried with backoff, the cases' META
 * items last, so a run that stops halfway (or races a new post) finds what is left when run again; running it twice
 * is harmless.
 * Run it when no escalation is running for the author's cases (Step Functions executions named `<case id>-…`): a
 * step that runs afterwards could write a timeline entry under a deleted case, which a second run removes.
 * Point-in-time recovery keeps the deleted items restorable for 35 days, then they are gone from backups too.
 */

const USAGE = `usage: npm run erase -- --platform <platform> --author <author id> --table <name> [--endpoint <url>] [--dry-run]

Deletes everything the cases table holds about one author: their cases with timelines and page claims, the link
codes, events, raw texts and conversation pointers of those cases, and their customer items (directory entry,
learned contact, offer slot). Prints counts only.

options:
  --platform <platform>   the platform of the author, as in their cases ("facebook", "x", "reviews", …)
  --author <id>           the author's id on that platform
  --table <name>          the cases table (CasesTableName output; social-care-cases locally)
  --endpoint <url>        a DynamoDB endpoint other than AWS's, e.g. the local stack's
  --dry-run               count what would be deleted; delete nothing
`;

const { partitionKey: PK, sortKey: SK } = TABLES.cases;

class UsageError extends Error {}

export interface EraseArgs {
  readonly subject: ErasureSubject;
  readonly table: string;
  readonly endpoint?: string;
  readonly dryRun: boolean;
}

const VALUE_OPTIONS = ['platform', 'author', 'table', 'endpoint'] as const;

export function parseArgs(args: readonly string[]): EraseArgs {
  const options = new Map<string, string>();
  let dryRun = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument at position ${i + 1}`);
    if (arg === '--dry-run') {
      dryRun = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!(VALUE_OPTIONS as readonly string[]).includes(name)) throw new UsageError(`unknown option "--${name}"`);
    if (options.has(name)) throw new UsageError(`--${name} is given twice`);
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    options.set(name, value);
  }
  for (const required of ['platform', 'author', 'table']) if (!options.has(required)) throw new UsageError(`--${required} is required`);
  const subject = { platform: options.get('platform')!, authorId: options.get('author')! };
  const problems = subjectProblems(subject);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return { subject, table: options.get('table')!, endpoint: options.get('endpoint'), dryRun };
}

export interface EraseOptions {
  /** Attempts per batch (the first write plus retries of its unprocessed items). Default 8. */
  readonly maxBatchAttempts?: number;
  /** Backoff before retry n (1-based), in ms. Default 50·2ⁿ⁻¹ capped at 2 s, with jitter. */
  readonly backoffMs?: (attempt: number) => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultBackoff = (attempt: number) => {
  const base = Math.min(2_000, 50 * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
};
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type WriteRequests = NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string];

/** Only what the plan reads: keys, the case's platform and author id, the linked case id. */
const PROJECTION = { expression: '#pk, #sk, #platform, #author.#id, #caseId', names: { '#pk': PK, '#sk': SK, '#platform': 'platform', '#author': 'author', '#id': 'id', '#caseId': 'caseId' } };

/** Every page of a Scan or Query, one after another. */
async function* pages(doc: DynamoDBDocumentClient, input: ScanCommandInput | QueryCommandInput, kind: 'scan' | 'query'): AsyncGenerator<StoredItem[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = { ...input, ExclusiveStartKey: start };
    const out = kind === 'scan' ? await doc.send(new ScanCommand(page)) : await doc.send(new QueryCommand(page as QueryCommandInput));
    yield (out.Items ?? []) as StoredItem[];
    start = out.LastEvaluatedKey;
  } while (start);
}

/** Reads what the plan needs (see the header) and plans the erasure. Reads only. */
export async function findErasure(doc: DynamoDBDocumentClient, table: string, subject: ErasureSubject): Promise<ErasurePlan> {
  const found: StoredItem[] = [];
  const scan = (input: Omit<ScanCommandInput, 'TableName'>) => pages(doc, { TableName: table, ...input }, 'scan');
  const query = (pk: string) =>
    pages(
      doc,
      {
        TableName: table,
        KeyConditionExpression: '#pk = :pk',
        ProjectionExpression: PROJECTION.expression,
        ExpressionAttributeNames: PROJECTION.names,
        ExpressionAttributeValues: { ':pk': pk },
      },
      'query',
    );

  // 1. The author's cases.
  const caseIds = new Set<string>();
  for await (const items of scan({
    FilterExpression: '#sk = :meta AND begins_with(#pk, :case) AND #platform = :platform AND #author.#id = :author',
    ProjectionExpression: PROJECTION.expression,
    ExpressionAttributeNames: PROJECTION.names,
    ExpressionAttributeValues: { ':meta': 'META', ':case': CASE_PREFIX, ':platform': subject.platform, ':author': subject.authorId },
  })) {
    for (const item of items) if (isCaseOf(item, subject)) caseIds.add(String(item[PK]).slice(CASE_PREFIX.length));
  }
  // 2. Their partitions: the cases' and the customer's.
  for (const pk of [...[...caseIds].map((id) => `${CASE_PREFIX}${id}`), customerPartition(subject)]) {
    for await (const items of query(pk)) found.push(...items);
  }
  // 3. Items naming one of the cases, whole (a shared item's lists are rewritten). Kept only if the plan takes them,
  // so memory follows the author, not the table.
  if (caseIds.size > 0) {
    for await (const items of scan({
      FilterExpression: 'NOT begins_with(#pk, :case)',
      ExpressionAttributeNames: { '#pk': PK },
      ExpressionAttributeValues: { ':case': CASE_PREFIX },
    })) {
      found.push(...items.filter((i) => concerns(i, subject, caseIds)));
    }
  }
  return planErasure(found, subject);
}

/** Rewrites the plan's shared lists, then deletes its items 25 at a time, retrying unprocessed ones; returns how many were deleted. */
export async function executeErasure(doc: DynamoDBDocumentClient, table: string, plan: ErasurePlan, options: EraseOptions = {}): Promise<number> {
  const maxAttempts = options.maxBatchAttempts ?? 8;
  const backoff = options.backoffMs ?? defaultBackoff;
  const sleep = options.sleep ?? defaultSleep;
  for (const scrub of plan.scrubs) {
    // A list that changed since it was read fails the condition: the run fails and a re-run reads it again.
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { [PK]: scrub.key.PK, [SK]: scrub.key.SK },
        UpdateExpression: 'SET #list = :keep',
        ConditionExpression: 'size(#list) = :n',
        ExpressionAttributeNames: { '#list': scrub.attribute },
        ExpressionAttributeValues: { ':keep': scrub.keep, ':n': scrub.expectedLength },
      }),
    );
  }
  let deleted = 0;
  for (const batch of chunk(plan.deletes, 25)) {
    let pending: WriteRequests = batch.map(({ key }) => ({ DeleteRequest: { Key: { [PK]: key.PK, [SK]: key.SK } } }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts) throw new Error(`${pending.length} deletes still unprocessed after ${maxAttempts} attempts (throttled); run the command again`);
      if (attempt > 1) await sleep(backoff(attempt - 1));
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      const unprocessed = out.UnprocessedItems?.[table] ?? [];
      deleted += pending.length - unprocessed.length;
      pending = unprocessed;
    }
  }
  return deleted;
}

export async function run(
  args: string[],
  out: (s: string) => void,
  err: (s: string) => void,
  options: EraseOptions & { client?: DynamoDBClient } = {},
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    out(USAGE);
    return 0;
  }
  let parsed: EraseArgs;
  try {
    parsed = parseArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`erase: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  const client = options.client ?? dynamoDbClientFor(parsed.endpoint);
  const doc = DynamoDBDocumentClient.from(client);
  try {
    const plan = await findErasure(doc, parsed.table, parsed.subject);
    if (plan.total === 0) {
      out(`erase: nothing stored about this author in ${parsed.table}\n`);
      return 0;
    }
    if (parsed.dryRun) {
      out(`erase (dry run): would delete from ${parsed.table}:\n${describePlan(plan)}\nnothing was changed\n`);
      return 0;
    }
    const deleted = await executeErasure(doc, parsed.table, plan, options);
    out(`erase: deleted from ${parsed.table}:\n${describePlan(plan)}\n`);
    if (deleted !== plan.deletes.length) err(`erase: ${plan.deletes.length - deleted} items were not deleted; run the command again\n`);
    return deleted === plan.deletes.length ? 0 : 1;
  } catch (e) {
    // SDK errors name the table or the request, never the data.
    const error = e as Error & { code?: string };
    const why =
      error.name === 'ResourceNotFoundException'
        ? `table ${parsed.table} not found`
        : error.name === 'ConditionalCheckFailedException'
          ? 'a shared item changed while it was being rewritten: run the command again'
          : `${error.name}: ${error.message || error.code || 'failed'}`;
    err(`erase: ${why}${parsed.endpoint ? ` (endpoint ${parsed.endpoint})` : ''}\n`);
    return 1;
  } finally {
    if (!options.client) client.destroy();
  }
}

if (require.main === module) {
  run(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`erase: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
