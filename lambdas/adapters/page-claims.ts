import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../config/resources';
import { isConditionFailure } from './cases-table';

/**
 * Page claims in the cases table (PK of what is paged, SK `PAGE#<key>`), as the escalation's pages, the SLA warnings
 * (EscalationTable, PK `CASE#<id>`) and the crisis pages (SlaTable, PK `ALERT#crisis#<window>`)
 * use them: one claim per contact and channel, taken before the send, so a retried step never sends twice.
 */

const { partitionKey: PK, sortKey: SK } = TABLES.cases;

/** Takes the claim; false when it is held. A claim given back after a failed send (released) may be taken again. */
export async function claimPage(doc: DynamoDBDocumentClient, tableName: string, pk: string, key: string, at: string, extra: Record<string, unknown> = {}): Promise<boolean> {
  try {
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: { [PK]: pk, [SK]: `PAGE#${key}`, itemType: 'page-claim', at, ...extra },
        ConditionExpression: 'attribute_not_exists(#pk) OR released = :yes',
        ExpressionAttributeNames: { '#pk': PK },
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** Gives the claim back after its send failed: marked released rather than deleted, as no function may DeleteItem (least privilege). */
export async function releasePage(doc: DynamoDBDocumentClient, tableName: string, pk: string, key: string): Promise<void> {
  await doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { [PK]: pk, [SK]: `PAGE#${key}` },
      UpdateExpression: 'SET released = :yes',
      ExpressionAttributeValues: { ':yes': true },
    }),
  );
}
