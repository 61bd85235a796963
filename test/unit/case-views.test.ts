/**
 * What the staff API sends at once (lambdas/domain/cases/views.ts): list previews of long texts, and pages that stop
 * at their byte budget.
 */
import { LIST_TEXT_CHARS, listItem, PageBudget } from '../../lambdas/domain/cases/views';
import type { CaseSummary } from '../../schemas/case';

const summary = (text: string) => ({ id: 'c_1', text }) as CaseSummary;

describe('list previews', () => {
  it('leaves a short text alone and unmarked', () => {
    const c = summary('x'.repeat(LIST_TEXT_CHARS));
    expect(listItem(c)).toBe(c);
  });

  it('cuts a long text, marks it and keeps the rest of the case', () => {
    const item = listItem({ ...summary('y'.repeat(40_000)), eventCount: 3 } as CaseSummary);
    expect(item).toMatchObject({ id: 'c_1', eventCount: 3, textTruncated: true });
    expect(item.text).toBe(`${'y'.repeat(LIST_TEXT_CHARS)}…`);
  });

  it('keeps what the first post carries on a list item, cut text or not', () => {
    const attachments = [{ type: 'voice', mediaId: 'M1' }];
    expect(listItem({ ...summary(''), attachments }).attachments).toEqual(attachments);
    expect(listItem({ ...summary('z'.repeat(40_000)), attachments }).attachments).toEqual(attachments);
  });

  it('never cuts an emoji in half', () => {
    const item = listItem(summary(`${'a'.repeat(LIST_TEXT_CHARS - 1)}😡😡😡`));
    expect(item.text).toBe(`${'a'.repeat(LIST_TEXT_CHARS - 1)}…`);
    expect(Buffer.from(item.text, 'utf8').toString('utf8')).toBe(item.text); // no lone surrogate
  });
});

describe('page budget', () => {
  it('takes items up to the limit', () => {
    const page = new PageBudget(2, 0, 1_000);
    expect([page.take(10), page.take(10), page.take(10)]).toEqual([true, true, false]);
    expect(page.full).toBe(true);
  });

  it('stops before the item that would go over the budget, counting what the page already holds', () => {
    const page = new PageBudget(100, 600, 1_000);
    expect([page.take(300), page.take(101), page.take(1)]).toEqual([true, false, true]);
  });

  it('always takes the first item, however large, so paging moves on', () => {
    const page = new PageBudget(100, 0, 1_000);
    expect([page.take(5_000), page.take(1)]).toEqual([true, false]);
  });
});
