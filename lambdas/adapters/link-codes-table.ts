import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../config/resources';
import { isConditionFailure } from './cases-table';
import type { LinkKind, LinkRecord } from '../domain/links/codes';
import { linkStatus } from '../domain/links/codes';
import type { LinkCodeStore, RedeemOutcome } from '../domain/links/store';

/**
 * Link codes in the cases table:
 *
 * | item      | PK            | SK   | notes                                                                        |
 * |-----------|---------------|------|------------------------------------------------------------------------------|
 * | link code | CODE#<sha256> | CODE | the record; `expiresAtIso` for the redeem condition; TTL a day after expiry  |
 *
 * The key is the code's hash; the plain code is never written. The TTL (`expiresAt`, epoch seconds) is a day after
 * the code's expiry, so a late click still finds the item and gets "already used" or "expired" rather than "unknown".
 * The record's own ISO expiry is stored as `expiresAtIso` because `expiresAt` is the table's TTL attribute.
 */

const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = TABLES.cases;
const SORT = 'CODE';
/** How long a used or expired code is remembered after its expiry. */
export const KEEP_AFTER_EXPIRY_SECONDS = 86_400;


const keyOf = (hash: string) => ({ [PK]: `CODE#${hash}`, [SK]: SORT });

function toRecord(item: Record<string, unknown>): LinkRecord {
  const record: LinkRecord = { kind: item['kind'] as LinkKind, caseId: String(item['caseId']), expiresAt: String(item['expiresAtIso']) };
  if (typeof item['usedAt'] === 'string') record.usedAt = item['usedAt'];
  if (typeof item['usedBy'] === 'string') record.usedBy = item['usedBy'];
  if (item['data'] && typeof item['data'] === 'object') record.data = item['data'] as Record<string, string | number>;
  return record;
}

export class LinkCodesTable implements LinkCodeStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(client: DynamoDBClient, private readonly tableName: string) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async put(hash: string, record: LinkRecord): Promise<void> {
    const expires = Date.parse(record.expiresAt);
    if (!Number.isFinite(expires)) throw new RangeError(`expiresAt is not a date: ${record.expiresAt}`);
    const item = {
      ...keyOf(hash),
      itemType: 'link-code',
      kind: record.kind,
      caseId: record.caseId,
      // Normalised so the redeem condition's string comparison with `Date#toISOString` output is a time comparison.
      expiresAtIso: new Date(expires).toISOString(),
      usedAt: record.usedAt,
      usedBy: record.usedBy,
      data: record.data,
      [TTL]: Math.ceil(expires / 1000) + KEEP_AFTER_EXPIRY_SECONDS,
    };
    try {
      await this.doc.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } }),
      );
    } catch (err) {
      // 256-bit codes do not collide; if one ever did, the existing link must keep its meaning.
      if (isConditionFailure(err)) throw new Error('a link code with this hash already exists');
      throw err;
    }
  }

  async get(hash: string): Promise<LinkRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keyOf(hash), ConsistentRead: true }));
    return out.Item ? toRecord(out.Item) : undefined;
  }

  async redeem(hash: string, at: string, by: string): Promise<RedeemOutcome> {
    const atIso = new Date(at).toISOString();
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(hash),
          UpdateExpression: 'SET usedAt = :at, usedBy = :by',
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(usedAt) AND expiresAtIso > :at',
          ExpressionAttributeNames: { '#pk': PK },
          ExpressionAttributeValues: { ':at': atIso, ':by': by },
        }),
      );
      return 'redeemed';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    // Tell apart why the condition failed. Never 'valid' here: the item cannot un-use or un-expire itself.
    const status = linkStatus(await this.get(hash), new Date(atIso));
    return status === 'valid' ? 'unknown' : status;
  }
}
