import { type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../config/resources';
import type { CaseSummary } from '../schemas/case';
import { OVERRIDE_ROWS_HEADER, overrideRow } from '../lambdas/domain/classifier/model/overrides';
import { dynamoDbClientFor } from './policy';

/**
 * `npm run --silent overrides -- export --table <name> [--endpoint <url>]`: prints, as training rows (the format of
 * data/train/*.tsv), every case a person reclassified, labelled as the person left it (its text is the stored, PII-redacted
 * one). The team's loop: export to data/train/overrides-<date>.tsv, read it over, `npm run train -- --write`, commit.
 * Reads the table with a paginated Scan (filter: case items with overrides), so it costs about one read unit per 8 KB of
 * table; run it monthly, not per post. Exit 0 done, 1 DynamoDB failed, 2 usage.
 */

const USAGE = `usage: npm run --silent overrides -- export --table <name> [--endpoint <url>]

Prints every case a person reclassified as a training row (data/train format) on stdout.
`;

const { partitionKey: PK, sortKey: SK } = TABLES.cases;

export async function run(args: string[], out: (s: string) => void, err: (s: string) => void, client?: DynamoDBClient): Promise<number> {
  const [command, ...rest] = args;
  const option = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const table = option('table');
  if (command !== 'export' || !table || table.startsWith('--')) {
    err(`overrides: ${command === 'export' ? '--table is required' : 'the command is export'}\n\n${USAGE}`);
    return 2;
  }
  const endpoint = option('endpoint');
  const dynamo = client ?? dynamoDbClientFor(endpoint);
  const doc = DynamoDBDocumentClient.from(dynamo);
  try {
    out(`# reclassified cases exported from ${table}\n${OVERRIDE_ROWS_HEADER}\n`);
    let startKey: ScanCommandInput['ExclusiveStartKey'];
    do {
      const page = await doc.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: '#sk = :meta AND begins_with(#pk, :case) AND overrides > :zero',
          ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
          ExpressionAttributeValues: { ':meta': 'META', ':case': 'CASE#', ':zero': 0 },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const row = overrideRow(item as CaseSummary);
        if (row) out(`${row}\n`);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return 0;
  } catch (e) {
    const error = e as Error;
    err(`overrides: ${error.name === 'ResourceNotFoundException' ? `table ${table} not found` : `${error.name}: ${error.message}`}\n`);
    return 1;
  } finally {
    if (!client) dynamo.destroy();
  }
}

if (require.main === module) {
  run(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`overrides: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
