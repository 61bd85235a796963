import type { SocialEventInput } from '../../../schemas/social-event';

/**
 * A normaliser turns one verified, parsed delivery into the events it carries. It is pure: no I/O,
 * no clock (the caller passes `receivedAt`), so every platform quirk is unit-tested on fixtures.
 *
 * It throws `PayloadError` when the body does not match the platform's schema (→ HTTP 400); items it does not
 * handle (reactions, WhatsApp statuses, typing indicators) are skipped and counted in `ignored`.
 */
export interface NormalisedDelivery {
  events: SocialEventInput[];
  /** Items recognised but deliberately not turned into events, for logs and metrics. */
  ignored: number;
}

export interface NormaliseContext {
  /** ISO 8601 time the delivery reached us. */
  receivedAt: string;
}

export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}
