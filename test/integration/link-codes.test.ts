/**
 * Link codes against dynalite through the real SDK: issue, look (GET never writes), redeem once, used / expired /
 * unknown answers, no plain code at rest, and exactly one winner among concurrent redeems.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { TABLES } from '../../config/resources';
import { KEEP_AFTER_EXPIRY_SECONDS, LinkCodesTable } from '../../lambdas/adapters/link-codes-table';
import { hashCode, mintCode } from '../../lambdas/domain/links/codes';
import { issueLink, type LinkCodeStore, peekLink, redeemLink } from '../../lambdas/domain/links/store';
import { type Emulator, startDynamoDb } from '../../local/emulators';
import { ensureTable } from '../../local/dynamodb-setup';

let dynamo: Emulator;
let ddb: DynamoDBClient;
let store: LinkCodesTable;
const now = new Date('2026-11-23T10:00:00.000Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

beforeAll(async () => {
  dynamo = await startDynamoDb();
  ddb = new DynamoDBClient({ endpoint: dynamo.url, region: 'us-east-1' });
  await ensureTable(ddb, TABLES.cases);
  store = new LinkCodesTable(ddb, TABLES.cases.localName);
});
afterAll(async () => {
  ddb?.destroy();
  await dynamo?.stop();
});

async function rawItem(code: string) {
  const out = await ddb.send(new GetItemCommand({ TableName: TABLES.cases.localName, Key: { PK: { S: `CODE#${hashCode(code)}` }, SK: { S: 'CODE' } }, ConsistentRead: true }));
  return out.Item;
}

/** A store that counts calls, to show which paths touch the table. */
function counting(inner: LinkCodeStore) {
  const calls = { put: 0, get: 0, redeem: 0 };
  const wrapped: LinkCodeStore = {
    put: (h, r) => (calls.put++, inner.put(h, r)),
    get: (h) => (calls.get++, inner.get(h)),
    redeem: (h, at, by) => (calls.redeem++, inner.redeem(h, at, by)),
  };
  return { store: wrapped, calls };
}

describe('a link code', () => {
  it('is issued once, looked at without change, redeemed once, then answers used', async () => {
    const { code, expiresAt } = await issueLink(store, 'ack', 'c_ack1', 900, now, { tier: 2, round: 1 });
    expect(code).toHaveLength(43);
    expect(expiresAt).toBe('2026-11-23T10:15:00.000Z');

    const before = await rawItem(code);
    expect(before).toMatchObject({ itemType: { S: 'link-code' }, kind: { S: 'ack' }, caseId: { S: 'c_ack1' }, expiresAtIso: { S: expiresAt } });
    const first = await peekLink(store, code, later(60));
    const second = await peekLink(store, code, later(120));
    expect(first).toEqual({ status: 'valid', record: { kind: 'ack', caseId: 'c_ack1', expiresAt, data: { tier: 2, round: 1 } } });
    expect(second).toEqual(first);
    expect(await rawItem(code)).toEqual(before); // GET wrote nothing

    const redeemed = await redeemLink(store, code, later(180), 'staff-7', 'ack');
    expect(redeemed).toEqual({ status: 'redeemed', record: { kind: 'ack', caseId: 'c_ack1', expiresAt, data: { tier: 2, round: 1 }, usedAt: later(180).toISOString(), usedBy: 'staff-7' } });

    expect((await redeemLink(store, code, later(240), 'staff-8')).status).toBe('used');
    expect(await store.redeem(hashCode(code), later(240).toISOString(), 'staff-8')).toBe('used'); // the store's own answer too
    const after = await peekLink(store, code, later(300));
    expect(after.status).toBe('used');
    expect(after.record).toMatchObject({ usedAt: later(180).toISOString(), usedBy: 'staff-7' }); // the first redeemer stays
    // After its expiry, a used code still says used (the page: "already acknowledged").
    expect((await peekLink(store, code, later(3600))).status).toBe('used');
  });

  it('expires, and is never redeemable after', async () => {
    const { code } = await issueLink(store, 'offer', 'c_offer1', 60, now);
    expect((await peekLink(store, code, later(59))).status).toBe('valid');
    expect((await peekLink(store, code, later(60))).status).toBe('expired');
    expect((await redeemLink(store, code, later(60), 'customer')).status).toBe('expired');
    // The conditional write alone refuses it too (no read before it).
    expect(await store.redeem(hashCode(code), later(60).toISOString(), 'customer')).toBe('expired');
    expect(await store.redeem(hashCode(code), later(86_000).toISOString(), 'customer')).toBe('expired');
    expect((await rawItem(code))?.['usedAt']).toBeUndefined();
  });

  it('is unknown when never issued, without writing anything', async () => {
    const code = mintCode();
    expect(await peekLink(store, code, now)).toEqual({ status: 'unknown' });
    expect(await redeemLink(store, code, now, 'staff-7')).toEqual({ status: 'unknown' });
    expect(await store.redeem(hashCode(code), now.toISOString(), 'staff-7')).toBe('unknown');
    expect(await rawItem(code)).toBeUndefined(); // the conditional update did not create an item
  });

  it('is not looked up at all when malformed', async () => {
    const { store: s, calls } = counting(store);
    const { code } = await issueLink(store, 'ack', 'c_ack2', 900, now);
    for (const bad of [code + '=', code.slice(1), code.slice(0, 42) + '+', code.slice(0, 42) + '/', `${code}\n`, '']) {
      expect(await peekLink(s, bad, now)).toEqual({ status: 'unknown' });
      expect(await redeemLink(s, bad, now, 'staff-7')).toEqual({ status: 'unknown' });
    }
    expect(calls).toEqual({ put: 0, get: 0, redeem: 0 });
    expect((await peekLink(store, code, now)).status).toBe('valid');
  });

  it('is not used up when posted to the other kind of link', async () => {
    const { code } = await issueLink(store, 'ack', 'c_ack3', 900, now);
    expect(await redeemLink(store, code, now, 'customer', 'offer')).toEqual({ status: 'unknown' });
    expect((await peekLink(store, code, now)).status).toBe('valid');
    expect((await redeemLink(store, code, now, 'staff-7', 'ack')).status).toBe('redeemed');
  });

  it('is stored only as its hash, with a TTL a day after expiry', async () => {
    const { code, expiresAt } = await issueLink(store, 'offer', 'c_offer2', 3600, now, { round: 2 });
    await redeemLink(store, code, later(10), 'customer');
    const item = (await rawItem(code))!;
    expect(item['PK']).toEqual({ S: `CODE#${hashCode(code)}` });
    expect(item['SK']).toEqual({ S: 'CODE' });
    expect(item['expiresAt']).toEqual({ N: String(Date.parse(expiresAt) / 1000 + KEEP_AFTER_EXPIRY_SECONDS) });
    const text = JSON.stringify(item);
    expect(text).not.toContain(code);
    // Nor any recognisable piece of it, nor its standard-base64 or hex spelling.
    const bytes = Buffer.from(code, 'base64url');
    for (const fragment of [code.slice(0, 16), code.slice(-16), bytes.toString('base64').slice(0, 16), bytes.toString('hex').slice(0, 16)]) {
      expect(text).not.toContain(fragment);
    }
  });

  it('refuses to overwrite an existing code', async () => {
    const { code } = await issueLink(store, 'ack', 'c_ack4', 900, now);
    await expect(store.put(hashCode(code), { kind: 'offer', caseId: 'c_other', expiresAt: later(9999).toISOString() })).rejects.toThrow(/already exists/);
    expect((await peekLink(store, code, now)).record).toMatchObject({ kind: 'ack', caseId: 'c_ack4' });
  });

  it('has exactly one winner among 10 concurrent redeems', async () => {
    const { code } = await issueLink(store, 'ack', 'c_race', 900, now);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => redeemLink(store, code, later(5), `staff-${i}`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 'redeemed')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'used')).toHaveLength(9);
    const winner = results.find((r) => r.status === 'redeemed')!.record!.usedBy;
    expect((await peekLink(store, code, later(6))).record!.usedBy).toBe(winner);

    // And straight at the store's conditional write, with no read in front of it.
    const { code: code2 } = await issueLink(store, 'ack', 'c_race2', 900, now);
    const raw = await Promise.all(Array.from({ length: 10 }, (_, i) => store.redeem(hashCode(code2), later(5).toISOString(), `staff-${i}`)));
    expect(raw.filter((s) => s === 'redeemed')).toHaveLength(1);
    expect(raw.filter((s) => s === 'used')).toHaveLength(9);
  });
});

describe('issueLink', () => {
  it('refuses a non-positive lifetime and a missing case', async () => {
    await expect(issueLink(store, 'ack', 'c_x', 0, now)).rejects.toThrow(RangeError);
    await expect(issueLink(store, 'ack', 'c_x', Number.NaN, now)).rejects.toThrow(RangeError);
    await expect(issueLink(store, 'ack', '', 60, now)).rejects.toThrow(RangeError);
  });

  it('mints a different code every time', async () => {
    const a = await issueLink(store, 'offer', 'c_y', 60, now);
    const b = await issueLink(store, 'offer', 'c_y', 60, now);
    expect(a.code).not.toBe(b.code);
  });
});
