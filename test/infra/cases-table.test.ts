/**
 * The cases table as synthesized from TABLES.cases: keys, the `queue` GSI, TTL, on-demand billing, PITR,
 * encryption, and the stage's removal policy and deletion protection.
 */
import { TABLES } from '../../config/resources';
import { CASES_TABLE_ACTIONS, SLA_CHECKS_INDEX_NAME, casesTableKeyActions, QUEUE_INDEX_NAME } from '../../lib/cases-table';
import { arnOf, logicalId, synthStack } from './helpers';

const dev = synthStack();
const prod = synthStack({ stage: 'prod' });
const spec = TABLES.cases;
const tableOf = (built: typeof dev) => built.template.findResources('AWS::DynamoDB::Table')[logicalId(built.stack.casesTable.table)];
const props = tableOf(dev).Properties;

test('the stack has exactly one table', () => {
  dev.template.resourceCountIs('AWS::DynamoDB::Table', 1);
});

test('keys are the string PK and SK of TABLES.cases', () => {
  expect(props.KeySchema).toEqual([
    { AttributeName: spec.partitionKey, KeyType: 'HASH' },
    { AttributeName: spec.sortKey, KeyType: 'RANGE' },
  ]);
  expect(props.AttributeDefinitions).toEqual(
    expect.arrayContaining([
      { AttributeName: spec.partitionKey, AttributeType: 'S' },
      { AttributeName: spec.sortKey, AttributeType: 'S' },
    ]),
  );
});

test('has exactly the indexes of TABLES.cases: the queue copying only its filters, the sparse slaChecks only the check', () => {
  expect(props.GlobalSecondaryIndexes).toEqual([
    {
      IndexName: QUEUE_INDEX_NAME,
      KeySchema: [
        { AttributeName: spec.indexes.queue.partitionKey, KeyType: 'HASH' },
        { AttributeName: spec.indexes.queue.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['urgency', 'platform', 'category'] },
    },
    {
      IndexName: SLA_CHECKS_INDEX_NAME,
      KeySchema: [
        { AttributeName: 'slaShard', KeyType: 'HASH' },
        { AttributeName: 'slaCheckAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['slaCheck'] },
    },
  ]);
  expect(Object.keys(spec.indexes)).toEqual([QUEUE_INDEX_NAME, SLA_CHECKS_INDEX_NAME]);
  expect(props.AttributeDefinitions).toHaveLength(6);
  expect(props.LocalSecondaryIndexes).toBeUndefined();
});

test('expires items by the TTL attribute', () => {
  expect(props.TimeToLiveSpecification).toEqual({ AttributeName: spec.ttlAttribute, Enabled: true });
});

test('bills on demand and has point-in-time recovery', () => {
  expect(props.BillingMode).toBe('PAY_PER_REQUEST');
  expect(props.ProvisionedThroughput).toBeUndefined();
  expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
});

test('is encrypted at rest with the stack data key (customer managed)', () => {
  expect(props.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: arnOf(dev.stack.dataKey.key) });
  expect(dev.stack.casesTable.table.encryptionKey).toBe(dev.stack.dataKey.key);
});

test('functions get kms:Decrypt to use the table, and GenerateDataKey only when they write', () => {
  expect(casesTableKeyActions(CASES_TABLE_ACTIONS.read.table)).toEqual(['kms:Decrypt']);
  expect(casesTableKeyActions(CASES_TABLE_ACTIONS.readwrite.table)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
});

test('dev may delete it with the stack; prod retains it and has deletion protection', () => {
  expect(tableOf(dev)).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  expect(props.DeletionProtectionEnabled).toBe(false);
  expect(tableOf(prod)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  expect(tableOf(prod).Properties.DeletionProtectionEnabled).toBe(true);
});

test('the access levels grant no Scan, DeleteItem or batch actions, only the querying levels query the queue index, and only the sweep the slaChecks index', () => {
  const all = Object.values(CASES_TABLE_ACTIONS).flatMap((a) => [...a.table, ...a.queueIndex, ...a.slaChecksIndex]);
  expect(all.filter((a) => /Scan|Delete|Batch|Transact|\*/.test(a))).toEqual([]);
  expect(CASES_TABLE_ACTIONS.readwrite.queueIndex).toEqual([]);
  expect(CASES_TABLE_ACTIONS.read).toEqual({ table: ['dynamodb:Query'], queueIndex: ['dynamodb:Query'], slaChecksIndex: [] });
  // The staff API: exactly read and readwrite together, so resolving a case cannot need DeleteItem.
  const both = CASES_TABLE_ACTIONS['query+readwrite'];
  expect(both.table).toEqual([...new Set([...CASES_TABLE_ACTIONS.read.table, ...CASES_TABLE_ACTIONS.readwrite.table])].sort());
  expect(both.queueIndex).toEqual(['dynamodb:Query']);
  // The sweep: readwrite on the table (no Query there: it reads a case by its key), Query on its own index only.
  expect(CASES_TABLE_ACTIONS.sweep).toEqual({ table: CASES_TABLE_ACTIONS.readwrite.table, queueIndex: [], slaChecksIndex: ['dynamodb:Query'] });
  for (const [level, a] of Object.entries(CASES_TABLE_ACTIONS)) if (level !== 'sweep') expect(a.slaChecksIndex).toEqual([]);
});
