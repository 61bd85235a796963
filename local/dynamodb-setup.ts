import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import type { TableSpec } from '../config/resources';

/** Creates a table from its spec (the one the CDK stack deploys) unless a previous run already did. */
export async function ensureTable(client: DynamoDBClient, spec: TableSpec): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: spec.localName }));
    return;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException) && !(err instanceof Error && err.name === 'ResourceNotFoundException')) throw err;
  }
  const attributes = new Set([spec.partitionKey, spec.sortKey, ...Object.values(spec.indexes).flatMap((i) => [i.partitionKey, i.sortKey])]);
  await client.send(
    new CreateTableCommand({
      TableName: spec.localName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: spec.partitionKey, KeyType: 'HASH' },
        { AttributeName: spec.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Object.entries(spec.indexes).map(([name, index]) => ({
        IndexName: name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
}

/**
 * dynalite has no TTL, so expired items would live for ever on a laptop. This sweeper does what DynamoDB's TTL does
 * (deletes items whose TTL attribute, in epoch seconds, has passed), by a scan every `intervalMs`.
 */
export function startTtlSweeper(client: DynamoDBClient, spec: TableSpec, intervalMs = 60_000) {
  let running = false;
  async function sweep(nowEpoch = Math.floor(Date.now() / 1000)): Promise<number> {
    if (running) return 0;
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
  return { sweep, stop: () => clearInterval(timer) };
}
