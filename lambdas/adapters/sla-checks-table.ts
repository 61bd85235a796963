import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SLA_CHECK_SHARDS, TABLES } from '../../config/resources';
import type { DueCheck, SlaCheck, SlaCheckFields, SlaCheckIndex } from '../domain/sla/checks';
import { isConditionFailure } from './condition-failure';
import { shardOf } from './shards';

/**
 * The first-response clocks still to check, in the case items themselves: `slaCheck` (the next check), `slaCheckAt`
 * (when) and `slaShard` (`SLA#<n>`, a hash of the case id over SLA_CHECK_SHARDS), the keys of the sparse `slaChecks`
 * index, which projects `slaCheck` only. A case leaves the index when its clock is done (the three are removed).
 */

const { partitionKey: PK, sortKey: SK, indexes } = TABLES.cases;
const { partitionKey: SHARD, sortKey: CHECK_AT } = indexes.slaChecks;
const INDEX = 'slaChecks' satisfies keyof typeof indexes;

/** The slaChecks shard of a case. */
export const checkShardOf = (caseId: string) => shardOf(caseId, SLA_CHECK_SHARDS);

/** The index keys a case item carries with its next check. */
export function slaCheckKeys(caseId: string, fields: SlaCheckFields): Record<string, unknown> {
  return { slaCheck: fields.slaCheck, [CHECK_AT]: fields.slaCheckAt, [SHARD]: `SLA#${checkShardOf(caseId)}` };
}

/** The attributes the index keys are made of, none of which a case update may set by name. */
export const SLA_CHECK_ATTRIBUTES = ['slaCheck', CHECK_AT, SHARD] as const;

export class SlaChecksTable implements SlaCheckIndex {
  private readonly doc: DynamoDBDocumentClient;

  constructor(client: DynamoDBClient, private readonly tableName: string) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async due(shard: number, now: string, limit: number, after?: unknown): Promise<{ checks: DueCheck[]; next?: unknown }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX,
        KeyConditionExpression: '#shard = :shard AND #at <= :now',
        ExpressionAttributeNames: { '#shard': SHARD, '#at': CHECK_AT },
        ExpressionAttributeValues: { ':shard': `SLA#${shard}`, ':now': now },
        Limit: limit,
        ...(after ? { ExclusiveStartKey: after as Record<string, unknown> } : {}),
      }),
    );
    const checks = (out.Items ?? []).flatMap((item): DueCheck[] => {
      const pk = String(item[PK] ?? '');
      const check = item['slaCheck'] as SlaCheck | undefined;
      if (!pk.startsWith('CASE#') || item[SK] !== 'META' || !check) return [];
      return [{ caseId: pk.slice('CASE#'.length), check, at: String(item[CHECK_AT]) }];
    });
    return { checks, ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}) };
  }

  async reschedule(read: DueCheck, next: SlaCheckFields | undefined): Promise<boolean> {
    const base = {
      TableName: this.tableName,
      Key: { [PK]: `CASE#${read.caseId}`, [SK]: 'META' },
      ConditionExpression: '#at = :read',
    };
    try {
      if (next) {
        const keys = slaCheckKeys(read.caseId, next);
        await this.doc.send(
          new UpdateCommand({
            ...base,
            UpdateExpression: 'SET slaCheck = :check, #at = :at, #shard = :shard',
            ExpressionAttributeNames: { '#at': CHECK_AT, '#shard': SHARD },
            ExpressionAttributeValues: { ':read': read.at, ':check': keys['slaCheck'], ':at': keys[CHECK_AT], ':shard': keys[SHARD] },
          }),
        );
      } else {
        await this.doc.send(
          new UpdateCommand({
            ...base,
            UpdateExpression: 'REMOVE slaCheck, #at, #shard',
            ExpressionAttributeNames: { '#at': CHECK_AT, '#shard': SHARD },
            ExpressionAttributeValues: { ':read': read.at },
          }),
        );
      }
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }
}
