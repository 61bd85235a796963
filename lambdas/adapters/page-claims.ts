import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { FUNCTIONS, TABLES } from '../../config/resources';
import type { PageClaim } from '../domain/escalation/paging';
import { isConditionFailure } from './cases-table';

/**
 * Page claims in the cases table (PK of what is paged, SK `PAGE#<key>`), as the escalation's pages, the SLA warnings
 * (EscalationTable, PK `CASE#<id>`) and the crisis pages (SlaTable, PK `ALERT#crisis#<window>`) use them: one claim
 * per contact and channel, taken before the page is built and sent, so a retried step never sends twice.
 *
 * A claim is `claimed` (with a lease) until its send succeeds (`sent`) or fails (`released`, as no function may
 * DeleteItem). One whose attempt died in between — neither marked nor released — may be taken again once its lease
 * has run out: by then that attempt is over, as no steps function runs longer than the lease. Claims written before
 * these states (no `state`) count as sent.
 */

const { partitionKey: PK, sortKey: SK } = TABLES.cases;

/**
 * How long a claim's attempt may still be running: the longest steps function timeout. The claim's time is taken
 * when the step starts, so its lease ends no earlier than the invocation that took it.
 */
export const PAGE_CLAIM_LEASE_SECONDS = Math.max(FUNCTIONS.escalationSteps.timeoutSeconds, FUNCTIONS.slaSteps.timeoutSeconds);

const leaseEnd = (at: string) => new Date(Date.parse(at) + PAGE_CLAIM_LEASE_SECONDS * 1000).toISOString();

/** Takes the claim at `at` (ISO) unless it was sent, or is held by an attempt that may still be running. */
export async function claimPage(doc: DynamoDBDocumentClient, tableName: string, pk: string, key: string, at: string, extra: Record<string, unknown> = {}): Promise<PageClaim> {
  const Key = { [PK]: pk, [SK]: `PAGE#${key}` };
  try {
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...Key, itemType: 'page-claim', at, state: 'claimed', leaseUntil: leaseEnd(at), ...extra },
        ConditionExpression: 'attribute_not_exists(#pk) OR released = :yes OR (#state = :claimed AND leaseUntil < :at)',
        ExpressionAttributeNames: { '#pk': PK, '#state': 'state' },
        ExpressionAttributeValues: { ':yes': true, ':claimed': 'claimed', ':at': new Date(at).toISOString() },
      }),
    );
    return 'claimed';
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
  const held = (await doc.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }))).Item;
  // Gone meanwhile (released and expired) or still being sent: either way not this attempt's to send now.
  if (!held || held['released'] === true || held['state'] === 'claimed') return 'pending';
  return 'sent';
}

/** The provider took the page: the claim is kept for good. */
export async function markPageSent(doc: DynamoDBDocumentClient, tableName: string, pk: string, key: string, at: string): Promise<void> {
  await doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { [PK]: pk, [SK]: `PAGE#${key}` },
      UpdateExpression: 'SET #state = :sent, sentAt = :at REMOVE leaseUntil',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':sent': 'sent', ':at': at },
    }),
  );
}

/** Gives the claim back after its page could not be built or sent: marked released rather than deleted (least privilege). */
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
