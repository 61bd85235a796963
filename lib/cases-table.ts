import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ENV, type FunctionSpec, type IndexSpec, TABLES } from '../config/resources';
import type { AppFunction } from './app-function';
import { type DataKeyAction, grantKeyViaService } from './data-key';

export type CasesTableAccess = NonNullable<FunctionSpec['usesCasesTable']>;

/** The index the staff API lists the case queue from. */
export const QUEUE_INDEX_NAME = 'queue' satisfies keyof typeof TABLES.cases.indexes;
/** The index the SLA sweep reads the clocks due from. */
export const SLA_CHECKS_INDEX_NAME = 'slaChecks' satisfies keyof typeof TABLES.cases.indexes;

/**
 * The DynamoDB actions each access level of `usesCasesTable` grants, on the table and on the `queue` index. Taken
 * from what lambdas/adapters/cases-table.ts sends, not from the broad grantRead/WriteData lists (which add Scan,
 * BatchGet/Write, DeleteItem, ConditionCheckItem and `index/*`):
 * - `readwrite` is the classifier, the escalation steps function and the link pages: GetCommand, PutCommand
 *   (conditional puts included) and UpdateCommand. They never query, scan or delete (items age out through the
 *   TTL attribute).
 * - `read` is QueryCommand on the table (a case and its timeline share a partition) and on the `queue` index (the
 *   list), and nothing else.
 * - `query+readwrite` is the staff API: both of the above, since it lists and shows cases (queries) and acts on
 *   them (GetItem and a conditional UpdateItem under the case's version lock, PutItem for the timeline entry, and
 *   an UpdateItem that releases a resolved case's conversation pointer rather than deleting it).
 * - `sweep` is the SLA sweep: `readwrite`, and QueryCommand on the `slaChecks` index only (the clocks due).
 * A function that needs another action fails with AccessDenied in AWS: add the action here, and to the test.
 */
export const CASES_TABLE_ACTIONS: Record<CasesTableAccess, { readonly table: string[]; readonly queueIndex: string[]; readonly slaChecksIndex: string[] }> = {
  readwrite: { table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], queueIndex: [], slaChecksIndex: [] },
  read: { table: ['dynamodb:Query'], queueIndex: ['dynamodb:Query'], slaChecksIndex: [] },
  'query+readwrite': { table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], queueIndex: ['dynamodb:Query'], slaChecksIndex: [] },
  sweep: { table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], queueIndex: [], slaChecksIndex: ['dynamodb:Query'] },
};

export interface CasesTableProps {
  /** `destroy` only for throwaway stages: the table and every case go with the stack. */
  readonly removalPolicy: RemovalPolicy;
  /** Makes DeleteTable fail until it is turned off (in prod). */
  readonly deletionProtection: boolean;
  /** The stack's data key (lib/data-key.ts), which encrypts the table, its index and its backups. */
  readonly encryptionKey: IKey;
}

/** What a function needs of the data key to use the table through DynamoDB: Decrypt always, GenerateDataKey to write. */
export function casesTableKeyActions(tableActions: readonly string[]): DataKeyAction[] {
  const writes = tableActions.some((a) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem/.test(a));
  return writes ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'];
}

/**
 * The cases table from TABLES.cases: one table, keys by access pattern (lambdas/adapters/cases-table.ts), the
 * `queue` GSI the staff list reads in urgency-then-arrival order, the sparse `slaChecks` GSI of the first-response
 * clocks the SLA sweep checks next (keys and the check only), and a TTL attribute that ages out event
 * markers and the optional raw text.
 *
 * - On-demand capacity: traffic follows social media (bursts during an outage or a campaign, quiet nights), and an
 *   idle stage costs nothing.
 * - The `queue` index copies only the keys and what the list filters on (urgency, platform, category), so a post
 *   folded into a case writes the case alone, not a full copy of it in the index too; the list reads the page's cases
 *   by key (GetItem), which costs reads (a fifth of a write each) and no write. Its partitions are sharded per status
 *   (QUEUE_SHARDS) and the `slaChecks` partitions too (SLA_CHECK_SHARDS): a spike's new cases spread over several.
 * - Point-in-time recovery: restore to any second of the last 35 days after a bad deploy or a bad script.
 * - Encryption at rest with the stack's customer managed key (TableEncryption.CUSTOMER_MANAGED, lib/data-key.ts):
 *   cases hold customers' (redacted) posts, contact details and callback numbers, and the key makes every use
 *   auditable in CloudTrail and revocable in one place. DynamoDB caches the table key, so KMS requests stay few.
 *   Each function gets kms:Decrypt (and GenerateDataKey if it writes) through DynamoDB only (`grantAccess`).
 *   Switching a table's key is an in-place UpdateTable: no replacement, no downtime.
 */
export class CasesTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: CasesTableProps) {
    super(scope, id);
    const spec = TABLES.cases;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
      sortKey: { name: spec.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      timeToLiveAttribute: spec.ttlAttribute,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    for (const [indexName, index] of Object.entries(spec.indexes) as [string, IndexSpec][]) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        ...(index.projection === 'ALL'
          ? { projectionType: ProjectionType.ALL }
          : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] }),
      });
    }
  }

  /**
   * Grants `fn` exactly the actions of `access` (CASES_TABLE_ACTIONS) on the table and, where listed, on the
   * `queue` and `slaChecks` indexes by name (never `index/*`), the data key's actions it needs through DynamoDB only
   * (casesTableKeyActions), and sets the table name in ENV.casesTable.
   */
  grantAccess(fn: AppFunction, access: CasesTableAccess): void {
    const { table: tableActions, queueIndex, slaChecksIndex } = CASES_TABLE_ACTIONS[access];
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: tableActions, resources: [this.table.tableArn] }));
    for (const [indexName, actions] of [[QUEUE_INDEX_NAME, queueIndex], [SLA_CHECKS_INDEX_NAME, slaChecksIndex]] as const) {
      if (actions.length > 0) {
        fn.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [`${this.table.tableArn}/index/${indexName}`] }));
      }
    }
    const key = this.table.encryptionKey;
    if (key) grantKeyViaService(key, fn.role, 'dynamodb', casesTableKeyActions(tableActions));
    fn.fn.addEnvironment(ENV.casesTable, this.table.tableName);
  }
}
