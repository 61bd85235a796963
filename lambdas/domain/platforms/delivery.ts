import type { z } from 'zod';
import { MAX_TEXT_CHARS, type Author, type SocialEventInput } from '../../../schemas/social-event';
import { formatPath } from '../zod-path';
import { type InvalidItem, PayloadError, type NormalisedDelivery } from './types';

/**
 * Helpers every normaliser shares: schema checks that fail with a `PayloadError`, text limits, and the
 * per-delivery collector that dedupes events and counts skipped items.
 */

/** Where a value sits in the body, e.g. `['entry', 0, 'changes', 1, 'value']`. */
export type Path = readonly (string | number)[];

/** Re-exported: the normalisers' error messages and the policy loader's share one notation. */
export { formatPath };

/**
 * Says what is wrong without quoting the value: webhook bodies hold customers' messages, and these messages
 * end up in HTTP responses and logs. Runs as zod's per-parse error map, where the offending `input` is visible.
 */
function describeIssue(issue: z.core.$ZodRawIssue): string {
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    return 'is required';
  }
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'an array' : `a ${issue.expected}`}`;
    case 'invalid_union':
      return 'has the wrong type';
    case 'invalid_value':
      return 'has an unexpected value';
    case 'invalid_format':
      return 'has an invalid format';
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : 'is too small';
    case 'too_big':
      return 'is too large';
    default:
      return 'is invalid';
  }
}

/**
 * Validates one part of a body. On failure throws `PayloadError` naming the first failing path (relative to
 * the whole body, hence `at`), e.g. `meta webhook: entry[0].changes[0].value.from.id is required`.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, label: string, at: Path = []): z.output<S> {
  const result = schema.safeParse(input, { error: describeIssue });
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues;
  const where = formatPath([...at, ...(first?.path ?? [])]);
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  throw new PayloadError(`${label}: ${where} ${first?.message ?? 'is invalid'}${more}`);
}

/**
 * Cuts text to MAX_TEXT_CHARS (UTF-16 code units, what the SocialEvent schema counts) so one event always fits
 * one SQS message. Steps back one unit rather than leave half of a surrogate pair (an emoji) at the end.
 */
export function limitText(text: string): { text: string; truncated?: true } {
  if (text.length <= MAX_TEXT_CHARS) return { text };
  let end = MAX_TEXT_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), truncated: true };
}

/** An event as a normaliser describes it; `toEvent` adds the text limit and drops absent optional fields. */
export type EventDraft = Omit<SocialEventInput, 'truncated' | 'receivedAt' | 'isEcho'> & { isEcho: boolean };

/** Removes keys whose value is undefined, so queued JSON and test expectations stay exact. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function toEvent(draft: EventDraft, receivedAt: string): SocialEventInput {
  const { text, truncated } = limitText(draft.text);
  const author: Author = compact(draft.author);
  return compact({ ...draft, author, text, truncated, receivedAt });
}

/**
 * Collects one delivery's events. Platforms repeat items inside one POST (Messenger `messaging` and `standby`
 * copies, WhatsApp retries merged into a batch): the first event with an id wins and later copies count as ignored.
 */
export class DeliveryCollector {
  private readonly byId = new Map<string, SocialEventInput>();
  private ignoredCount = 0;
  private readonly invalid: InvalidItem[] = [];

  /**
   * Runs one item's handler; if the item fails its schema it is recorded as invalid (with the raw item, to be parked)
   * and the rest of the delivery goes on.
   */
  attempt(item: unknown, handle: () => void): void {
    try {
      handle();
    } catch (err) {
      if (!(err instanceof PayloadError)) throw err;
      this.invalid.push({ problem: err.message, item });
    }
  }

  add(event: SocialEventInput): void {
    if (this.byId.has(event.id)) this.ignoredCount += 1;
    else this.byId.set(event.id, event);
  }

  /** Counts items recognised but deliberately not turned into events. */
  ignore(count = 1): void {
    this.ignoredCount += count;
  }

  result(): NormalisedDelivery {
    return { events: [...this.byId.values()], ignored: this.ignoredCount, invalid: this.invalid };
  }
}

/** A non-empty string, or undefined: platforms send `""` and `null` for "absent" as often as they omit the key. */
export function present(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}
