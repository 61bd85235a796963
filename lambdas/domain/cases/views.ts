import type { CaseSummary } from '../../../schemas/case';

/**
 * How much of a case the staff API sends at once. A Lambda answer may not exceed 6 MB, and a post's text may be
 * 40,000 characters (up to six bytes each once JSON-escaped), so neither a page of cases nor a case's timeline is
 * bounded by its count alone: lists carry a preview of each case's text, and pages stop adding cases or timeline
 * entries once they reach RESPONSE_BUDGET_BYTES (always at least one, so paging moves on).
 */

/** Bytes of cases (list) or of case and timeline entries (one case) after which a page stops growing. */
export const RESPONSE_BUDGET_BYTES = 1_000_000;

/** Characters of a case's text a list shows; the case's own route shows it whole. */
export const LIST_TEXT_CHARS = 500;

/** Bytes `value` adds to a JSON answer. */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** A case as a list shows it: a long text cut (never inside a surrogate pair) and marked `textTruncated`. */
export function listItem(c: CaseSummary): CaseSummary {
  if (c.text.length <= LIST_TEXT_CHARS) return c;
  let end = LIST_TEXT_CHARS;
  const last = c.text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // a high surrogate: keep the pair together by leaving it out
  return { ...c, text: `${c.text.slice(0, end)}…`, textTruncated: true };
}

/**
 * A page being filled: up to `limit` items while their bytes stay within the budget (`used` counts what the page
 * already holds besides them, such as the case a timeline belongs to); the first item always goes in.
 */
export class PageBudget {
  private used: number;
  private taken = 0;

  constructor(private readonly limit: number, used = 0, private readonly budget = RESPONSE_BUDGET_BYTES) {
    this.used = used;
  }

  /** Takes an item of `bytes` if it fits; false once the page is full. */
  take(bytes: number): boolean {
    if (this.full || (this.taken > 0 && this.used + bytes > this.budget)) return false;
    this.used += bytes;
    this.taken++;
    return true;
  }

  get full(): boolean {
    return this.taken >= this.limit;
  }
}
