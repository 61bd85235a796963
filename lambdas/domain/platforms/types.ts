import type { SocialEventInput } from '../../../schemas/social-event';

/**
 * A normaliser turns one verified, parsed delivery into the events it carries. It is pure: no I/O,
 * no clock (the caller passes `receivedAt`), so every platform quirk is unit-tested on fixtures.
 *
 * It throws `PayloadError` when the envelope does not match the platform's schema (→ HTTP 400); an item inside a
 * valid envelope that fails its own schema is returned in `invalid`; items it does not handle (reactions, WhatsApp
 * statuses, typing indicators) are skipped and counted in `ignored`.
 */
export interface NormalisedDelivery {
  events: SocialEventInput[];
  /** Items recognised but deliberately not turned into events, for logs and metrics. */
  ignored: number;
  /**
   * Items of a kind we handle that fail their schema. They do not sink the rest of the batch (Meta would retry the
   * whole POST for 36 h, then drop it all): the intake parks them, raw, for a person to look at.
   */
  invalid: InvalidItem[];
}

export interface InvalidItem {
  /** Which part of the body, and what is wrong with it; never quotes the payload. */
  problem: string;
  item: unknown;
}

export interface NormaliseContext {
  /** ISO 8601 time the delivery reached us. */
  receivedAt: string;
}

export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}
