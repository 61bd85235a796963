/**
 * The erasure plan (lambdas/domain/erasure.ts): given the items of a table, exactly the items about one author are
 * chosen, each once, cases last; nothing of another author or the configuration.
 */
import fc from 'fast-check';
import {
  caseIdsOf,
  categorize,
  chunk,
  concerns,
  describePlan,
  emptyCounts,
  ERASURE_CATEGORIES,
  planErasure,
  scrubsOf,
  type StoredItem,
  subjectProblems,
} from '../../lambdas/domain/erasure';

const dana = { platform: 'reviews', authorId: 'rv-1' };
const lee = { platform: 'reviews', authorId: 'rv-2' };

const meta = (caseId: string, platform: string, authorId: string): StoredItem => ({
  PK: `CASE#${caseId}`,
  SK: 'META',
  itemType: 'case',
  id: caseId,
  platform,
  author: { id: authorId, name: 'Somebody' },
  text: 'redacted',
});

/** A table with two cases of Dana's, one of Lee's, one of Dana's namesake on another platform, and the config. */
const TABLE: StoredItem[] = [
  meta('c1', 'reviews', 'rv-1'),
  { PK: 'CASE#c1', SK: 'T#2024-06-10T06:13:10.000Z#post#reviews:1', type: 'post' },
  { PK: 'CASE#c1', SK: 'T#2024-06-10T06:13:11.000Z#escalation#c1-complaint', type: 'escalation-started' },
  { PK: 'CASE#c1', SK: 'PAGE#1#1#0#sms', at: '…' },
  { PK: 'CASE#c1', SK: 'SLA#first-response', dueAt: '…' },
  meta('c2', 'reviews', 'rv-1'),
  { PK: 'CASE#c2', SK: 'T#2024-06-11T06:13:10.000Z#post#reviews:2', type: 'post' },
  meta('c3', 'reviews', 'rv-2'),
  { PK: 'CASE#c3', SK: 'T#2024-06-12T06:13:10.000Z#post#reviews:3', type: 'post' },
  meta('c4', 'facebook', 'rv-1'),
  { PK: 'CODE#aaa', SK: 'CODE', kind: 'offer', caseId: 'c1' },
  { PK: 'CODE#bbb', SK: 'CODE', kind: 'ack', caseId: 'c3' },
  { PK: 'EVENT#reviews:1', SK: 'EVENT', state: 'done', caseId: 'c1' },
  { PK: 'EVENT#reviews:2', SK: 'EVENT', state: 'done', caseId: 'c2' },
  { PK: 'EVENT#reviews:3', SK: 'EVENT', state: 'done', caseId: 'c3' },
  { PK: 'EVENT#reviews:9', SK: 'EVENT', state: 'pending' },
  { PK: 'RAW#reviews:1', SK: 'RAW', caseId: 'c1', text: 'raw' },
  { PK: 'CONV#reviews:1', SK: 'OPEN', caseId: 'c1' },
  { PK: 'CONV#reviews:3', SK: 'OPEN', caseId: 'c3' },
  { PK: 'SLA#c2', SK: 'CLOCK', caseId: 'c2' },
  { PK: 'CUSTOMER#reviews#rv-1', SK: 'PROFILE', email: 'dana@example.org' },
  { PK: 'CUSTOMER#reviews#rv-1', SK: 'CONTACT', email: 'dana@example.org' },
  { PK: 'CUSTOMER#reviews#rv-1', SK: 'OFFER', caseId: 'c1' },
  { PK: 'CUSTOMER#reviews#rv-2', SK: 'OFFER', caseId: 'c3' },
  // Another customer's offer slot naming one of Dana's cases: never deleted for the link alone.
  { PK: 'CUSTOMER#reviews#rv-7', SK: 'OFFER', caseId: 'c1' },
  { PK: 'CUSTOMER#facebook#rv-1', SK: 'PROFILE', email: 'namesake@example.org' },
  { PK: 'CONFIG#oncall-policy', SK: 'CURRENT', policy: '{}', caseId: 'c1', samples: [{ caseId: 'c1' }] },
  // Shared items: a crisis counter quoting Dana and Lee, an alert quoting Lee only.
  {
    PK: 'CRISIS#all',
    SK: 'M#29000000',
    count: 3,
    samples: [
      { caseId: 'c1', quote: 'Dana 1', at: '1' },
      { caseId: 'c3', quote: 'Lee', at: '2' },
      { caseId: 'c2', quote: 'Dana 2', at: '3' },
    ],
  },
  { PK: 'ALERT#crisis#all#29000000', SK: 'ALERT', samples: [{ caseId: 'c3', quote: 'Lee', at: '2' }], paged: ['Priya'] },
];

const keysOf = (plan: ReturnType<typeof planErasure>) => plan.deletes.map((d) => `${d.key.PK} ${d.key.SK}`);

describe('planErasure', () => {
  const plan = planErasure(TABLE, dana);

  test("finds the author's cases by the platform and author id of their META items", () => {
    expect(plan.caseIds).toEqual(['c1', 'c2']);
    expect(caseIdsOf(TABLE, lee)).toEqual(['c3']);
    expect(caseIdsOf(TABLE, { platform: 'facebook', authorId: 'rv-1' })).toEqual(['c4']);
  });

  test('deletes their cases with every item of their partitions, the items naming them, and their customer items', () => {
    expect(keysOf(plan).sort()).toEqual(
      [
        'CASE#c1 META',
        'CASE#c1 T#2024-06-10T06:13:10.000Z#post#reviews:1',
        'CASE#c1 T#2024-06-10T06:13:11.000Z#escalation#c1-complaint',
        'CASE#c1 PAGE#1#1#0#sms',
        'CASE#c1 SLA#first-response',
        'CASE#c2 META',
        'CASE#c2 T#2024-06-11T06:13:10.000Z#post#reviews:2',
        'CODE#aaa CODE',
        'EVENT#reviews:1 EVENT',
        'EVENT#reviews:2 EVENT',
        'RAW#reviews:1 RAW',
        'CONV#reviews:1 OPEN',
        'SLA#c2 CLOCK',
        'CUSTOMER#reviews#rv-1 PROFILE',
        'CUSTOMER#reviews#rv-1 CONTACT',
        'CUSTOMER#reviews#rv-1 OFFER',
      ].sort(),
    );
  });

  test('counts per category', () => {
    expect(plan.counts).toEqual({
      ...emptyCounts(),
      cases: 2,
      timelineEntries: 3,
      pageClaims: 1,
      otherCaseItems: 1,
      linkCodes: 1,
      events: 2,
      rawTexts: 1,
      conversations: 1,
      otherLinked: 1,
      customerItems: 3,
    });
    expect(plan.deletes).toHaveLength(16);
  });

  test("leaves other authors, the namesake on another platform, other customers' partitions and the config alone", () => {
    const deleted = new Set(keysOf(plan));
    for (const item of TABLE) {
      const touchesOthers = item['caseId'] === 'c3' || item['PK'] === 'CASE#c3' || item['PK'] === 'CASE#c4';
      const protectedPartition = ['CUSTOMER#reviews#rv-2', 'CUSTOMER#reviews#rv-7', 'CUSTOMER#facebook#rv-1', 'CONFIG#oncall-policy'].includes(String(item['PK']));
      if (touchesOthers || protectedPartition) expect(deleted.has(`${item['PK']} ${item['SK']}`)).toBe(false);
    }
  });

  test('deletes the cases last, so a run that stops halfway finds everything again when re-run', () => {
    const categories = plan.deletes.map((d) => d.category);
    expect(categories.slice(-2)).toEqual(['cases', 'cases']);
    const order = categories.map((c) => ERASURE_CATEGORIES.indexOf(c));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  test('rewrites shared lists without the entries of their cases, keeping the rest in order; the config is never touched', () => {
    expect(plan.scrubs).toEqual([
      {
        key: { PK: 'CRISIS#all', SK: 'M#29000000' },
        attribute: 'samples',
        keep: [{ caseId: 'c3', quote: 'Lee', at: '2' }],
        expectedLength: 3,
        removed: 2,
      },
    ]);
    expect(plan.total).toBe(16 + 1);
    expect(scrubsOf(TABLE.find((i) => i['PK'] === 'CONFIG#oncall-policy')!, new Set(['c1']))).toEqual([]);
    expect(concerns(TABLE.find((i) => i['PK'] === 'ALERT#crisis#all#29000000')!, dana, new Set(plan.caseIds))).toBe(false);
    expect(concerns(TABLE.find((i) => i['PK'] === 'CRISIS#all')!, dana, new Set(plan.caseIds))).toBe(true);
  });

  test('is idempotent: planning again over what is left (scrubbed) finds nothing', () => {
    const deleted = new Set(keysOf(plan));
    const left = TABLE.filter((i) => !deleted.has(`${i['PK']} ${i['SK']}`)).map((i) => {
      const scrub = plan.scrubs.find((s) => s.key.PK === i['PK'] && s.key.SK === i['SK']);
      return scrub ? { ...i, [scrub.attribute]: scrub.keep } : i;
    });
    expect(planErasure(left, dana).total).toBe(0);
  });

  test('an item seen twice (found by a query and a scan) is deleted once', () => {
    expect(planErasure([...TABLE, ...TABLE], dana).deletes).toHaveLength(16);
  });

  test('an author with no cases still loses their customer items; an unknown author nothing', () => {
    const onlyCustomer = planErasure([{ PK: 'CUSTOMER#x#u9', SK: 'PROFILE', email: 'u9@example.org' }, ...TABLE], { platform: 'x', authorId: 'u9' });
    expect(onlyCustomer.counts).toEqual({ ...emptyCounts(), customerItems: 1 });
    expect(planErasure(TABLE, { platform: 'x', authorId: 'nobody' }).total).toBe(0);
  });

  test("erases the links between the author's ids (their own and those pointing at them), never another customer's", () => {
    const links = [
      { PK: 'IDENTITY#whatsapp#BR.111', SK: 'LINK', canonicalId: '5511900000001' },
      { PK: 'IDENTITY#whatsapp#5511900000099', SK: 'LINK', canonicalId: '5511900000001' },
      { PK: 'IDENTITY#whatsapp#5511900000001', SK: 'LINK', canonicalId: '5511900000000' },
      { PK: 'IDENTITY#whatsapp#BR.222', SK: 'LINK', canonicalId: '5511900000002' },
      { PK: 'IDENTITY#facebook#BR.333', SK: 'LINK', canonicalId: '5511900000001' },
    ];
    const plan = planErasure(links, { platform: 'whatsapp', authorId: '5511900000001' });
    expect(plan.counts).toEqual({ ...emptyCounts(), identityLinks: 3 });
    expect(plan.deletes.map((d) => d.key.PK).sort()).toEqual(['IDENTITY#whatsapp#5511900000001', 'IDENTITY#whatsapp#5511900000099', 'IDENTITY#whatsapp#BR.111']);
  });

  test('a case item whose author is only a prefix of the subject, or the other way round, is not theirs', () => {
    const items = [meta('c8', 'reviews', 'rv-10'), meta('c9', 'reviews', 'rv')];
    expect(caseIdsOf(items, dana)).toEqual([]);
  });

  test('property: never deletes an item whose case belongs to someone else', () => {
    const caseIds = ['k1', 'k2', 'k3', 'k4'];
    const authors = ['a', 'b'];
    const item: fc.Arbitrary<StoredItem> = fc.oneof<fc.Arbitrary<StoredItem>[]>(
      fc.record({ c: fc.constantFrom(...caseIds), a: fc.constantFrom(...authors) }).map(({ c, a }) => meta(c, 'x', a)),
      fc.record({ c: fc.constantFrom(...caseIds), sk: fc.constantFrom('T#1', 'PAGE#1', 'OTHER') }).map(({ c, sk }) => ({ PK: `CASE#${c}`, SK: sk })),
      fc.record({ c: fc.constantFrom(...caseIds), p: fc.constantFrom('CODE#', 'EVENT#', 'RAW#', 'CONV#', 'CUSTOMER#x#b') }).map(({ c, p }) => ({ PK: `${p}${c}`, SK: 'S', caseId: c })),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), (items) => {
        const plan = planErasure(items, { platform: 'x', authorId: 'a' });
        const mine = new Set(plan.caseIds);
        // A case id is the subject's only if some META item of it names the subject.
        for (const id of mine) expect(items.some((i) => i['PK'] === `CASE#${id}` && i['SK'] === 'META' && (i['author'] as { id: string }).id === 'a')).toBe(true);
        for (const d of plan.deletes) {
          const item = items.find((i) => i['PK'] === d.key.PK && i['SK'] === d.key.SK)!;
          const caseId = d.key.PK.startsWith('CASE#') ? d.key.PK.slice(5) : (item['caseId'] as string);
          expect(mine.has(caseId)).toBe(true);
          expect(d.key.PK.startsWith('CUSTOMER#x#b')).toBe(false);
        }
      }),
    );
  });
});

describe('categorize', () => {
  test('ignores items without keys and items naming no case of the subject', () => {
    const ids = new Set(['c1']);
    expect(categorize({ caseId: 'c1' }, dana, ids)).toBeUndefined();
    expect(categorize({ PK: 'EVENT#e', SK: 'EVENT' }, dana, ids)).toBeUndefined();
    expect(categorize({ PK: 'EVENT#e', SK: 'EVENT', caseId: 'c2' }, dana, ids)).toBeUndefined();
    expect(categorize({ PK: 'EVENT#e', SK: 'EVENT', caseId: 'c1' }, dana, ids)).toBe('events');
  });
});

describe('subjectProblems', () => {
  test('accepts a platform slug and an author id; names the option, never the value', () => {
    expect(subjectProblems(dana)).toEqual([]);
    const problems = subjectProblems({ platform: 'Not A#Platform', authorId: ' ' });
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).not.toContain('Not A#Platform');
    expect(problems.join(' ')).toMatch(/--platform.*--author/);
  });
});

describe('chunk and describeCounts', () => {
  test('slices into batches of 25', () => {
    const xs = Array.from({ length: 61 }, (_, i) => i);
    expect(chunk(xs).map((c) => c.length)).toEqual([25, 25, 11]);
    expect(chunk([])).toEqual([]);
    expect(() => chunk(xs, 0)).toThrow(RangeError);
  });

  test('lists the non-zero counts, the shared items rewritten and the total, cases first; no key or value', () => {
    const text = describePlan({
      counts: { ...emptyCounts(), cases: 2, events: 3, customerItems: 1 },
      scrubs: [{ key: { PK: 'CRISIS#all', SK: 'M#1' }, attribute: 'samples', keep: [], expectedLength: 2, removed: 2 }],
    });
    expect(text.split('\n').map((l: string) => l.trim())).toEqual([
      '2  cases',
      '3  events seen',
      '1  customer items (directory entry, learned contact, offer slot)',
      '1  shared items (crisis counters, alerts) rewritten without their 2 entries',
      '6  items deleted in all',
    ]);
    expect(text).not.toContain('CRISIS');
  });
});
