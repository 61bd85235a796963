/**
 * Page claims against dynalite through the real SDK (lambdas/adapters/page-claims.ts): one winner among concurrent
 * claims, a sent page never claimed again, a released one claimed again, and a claim whose attempt died (neither sent
 * nor released) claimed again only after its lease — the conditions the in-memory fake of the unit tests mirrors.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../config/resources';
import { claimPage, markPageSent, PAGE_CLAIM_LEASE_SECONDS, releasePage } from '../../lambdas/adapters/page-claims';
import { ensureTable } from '../../local/dynamodb-setup';
import { type Emulator, startDynamoDb } from '../../local/emulators';

let dynamo: Emulator;
let ddb: DynamoDBClient;
let doc: DynamoDBDocumentClient;
const table = TABLES.cases.localName;
const t0 = Date.parse('2026-11-23T10:00:00.000Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();

beforeAll(async () => {
  dynamo = await startDynamoDb();
  ddb = new DynamoDBClient({ endpoint: dynamo.url, region: 'us-east-1' });
  doc = DynamoDBDocumentClient.from(ddb);
  await ensureTable(ddb, TABLES.cases);
});
afterAll(async () => {
  ddb?.destroy();
  await dynamo?.stop();
});

test('of eight concurrent claims one wins; the others see it pending, and once sent, sent for good', async () => {
  const outcomes = await Promise.all(Array.from({ length: 8 }, () => claimPage(doc, table, 'CASE#c_claims1', 'page#1#1#0#sms', at(0))));
  expect(outcomes.filter((o) => o === 'claimed')).toHaveLength(1);
  expect(outcomes.filter((o) => o === 'pending')).toHaveLength(7);
  await markPageSent(doc, table, 'CASE#c_claims1', 'page#1#1#0#sms', at(1));
  expect(await claimPage(doc, table, 'CASE#c_claims1', 'page#1#1#0#sms', at(2))).toBe('sent');
  expect(await claimPage(doc, table, 'CASE#c_claims1', 'page#1#1#0#sms', at(100 * PAGE_CLAIM_LEASE_SECONDS))).toBe('sent');
});

test('a released claim is taken again at once', async () => {
  expect(await claimPage(doc, table, 'CASE#c_claims2', 'k', at(0))).toBe('claimed');
  await releasePage(doc, table, 'CASE#c_claims2', 'k');
  expect(await claimPage(doc, table, 'CASE#c_claims2', 'k', at(1))).toBe('claimed');
  expect(await claimPage(doc, table, 'CASE#c_claims2', 'k', at(2))).toBe('pending');
});

test('a claim whose attempt died is pending until its lease has run out, then taken again', async () => {
  expect(await claimPage(doc, table, 'ALERT#crisis#1', 'k', at(0), { expiresAt: 1 })).toBe('claimed');
  expect(await claimPage(doc, table, 'ALERT#crisis#1', 'k', at(PAGE_CLAIM_LEASE_SECONDS))).toBe('pending');
  expect(await claimPage(doc, table, 'ALERT#crisis#1', 'k', at(PAGE_CLAIM_LEASE_SECONDS + 1))).toBe('claimed');
});

test('a claim written before claims had states counts as sent', async () => {
  await ddb.send(new PutItemCommand({ TableName: table, Item: { PK: { S: 'CASE#c_legacy' }, SK: { S: 'PAGE#k' }, itemType: { S: 'page-claim' }, at: { S: at(0) } } }));
  expect(await claimPage(doc, table, 'CASE#c_legacy', 'k', at(100 * PAGE_CLAIM_LEASE_SECONDS))).toBe('sent');
});
