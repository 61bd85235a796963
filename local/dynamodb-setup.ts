import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  ResourceNotFoundException,
  ScanCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import type { IndexSpec, TableSpec } from '../config/resources';

function indexDefinition(name: string, index: IndexSpec): GlobalSecondaryIndex {
  return {
    IndexName: name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: index.projection === 'ALL' ? { ProjectionType: 'ALL' } : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] },
  };
}

const keyAttributes = (spec: TableSpec, indexes: [string, IndexSpec][]) =>
  [...new Set([spec.partitionKey, spec.sortKey, ...indexes.flatMap(([, i]) => [i.partitionKey, i.sortKey])])].map((name) => ({
    AttributeName: name,
    AttributeType: 'S' as const,
  }));

/**
 * Creates a table from its spec (the one the CDK stack deploys) unless a previous run already did; a table a previous
 * version created (a kept data folder) gets the indexes added since, as CloudFormation adds them on deploy.
 */
export async function ensureTable(client: DynamoDBClient, spec: TableSpec): Promise<void> {
  const indexes = Object.entries(spec.indexes);
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: spec.localName }));
    const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    for (const [name, index] of indexes.filter(([n]) => !existing.has(n))) {
      await client.send(
        new UpdateTableCommand({
          TableName: spec.localName,
          AttributeDefinitions: keyAttributes(spec, [[name, index]]),
          GlobalSecondaryIndexUpdates: [{ Create: indexDefinition(name, index) }],
        }),
      );
    }
    return;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException) && !(err instanceof Error && err.name === 'ResourceNotFoundException')) throw err;
  }
  await client.send(
    new CreateTableCommand({
      TableName: spec.localName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyAttributes(spec, indexes),
      KeySchema: [
        { AttributeName: spec.partitionKey, KeyType: 'HASH' },
        { AttributeName: spec.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes.map(([name, index]) => indexDefinition(name, index)),
    }),
  );
  // dynalite answers "not found" for a table still CREATING, if only for a tick: the first write waits for ACTIVE.
  for (let i = 0; i < 200; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: spec.localName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`table ${spec.localName} did not become ACTIVE`);
}

/**
 * dynalite has no TTL, so expired items would live for ever on a laptop. This sweeper does what DynamoDB's TTL does
 * (deletes items whose TTL attribute, in epoch seconds, has passed), by a scan every `intervalMs`.
 */
export function startTtlSweeper(client: DynamoDBClient, spec: TableSpec, intervalMs = 60_000) {
  let running = false;
  let inHand: Promise<number> | undefined;
  async function sweep(nowEpoch = Math.floor(Date.now() / 1000)): Promise<number> {
    if (running) return 0;
    inHand = scan(nowEpoch);
    return inHand;
  }
  async function scan(nowEpoch: number): Promise<number> {
    running = true;
    let deleted = 0;
    try {
      let start: Record<string, never> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: spec.localName,
            FilterExpression: '#ttl < :now',
            ExpressionAttributeNames: { '#ttl': spec.ttlAttribute, '#pk': spec.partitionKey, '#sk': spec.sortKey },
            ExpressionAttributeValues: { ':now': { N: String(nowEpoch) } },
            ProjectionExpression: '#pk, #sk',
            ExclusiveStartKey: start,
          }),
        );
        const keys = page.Items ?? [];
        for (let i = 0; i < keys.length; i += 25) {
          await client.send(
            new BatchWriteItemCommand({ RequestItems: { [spec.localName]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) } }),
          );
        }
        deleted += keys.length;
        start = page.LastEvaluatedKey as typeof start;
      } while (start);
    } finally {
      running = false;
    }
    return deleted;
  }
  const timer = setInterval(() => void sweep().catch(() => undefined), intervalMs);
  timer.unref();
  return {
    sweep,
    /** No sweep starts after this; the one in hand finishes first. */
    async stop() {
      clearInterval(timer);
      await inHand?.catch(() => undefined);
    },
  };
}
