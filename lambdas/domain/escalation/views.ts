import type { Category, Sentiment, Urgency } from '../../../schemas/classification';

/**
 * What the messages (SMS, emails) and the link pages are rendered from: plain data, already redacted, so the
 * renderers (messages.ts, ../pages/) stay pure and cannot reach anything they should not show.
 */

/** A case as the people paged or offered see it. `text` is the redacted post; nothing here is a contact detail. */
export interface CaseBrief {
  caseId: string;
  urgency: Urgency;
  category: Category;
  sentiment: Sentiment;
  /** facebook, instagram, x, whatsapp, messenger, or a generic source name such as "reviews". */
  platform: string;
  /** post | comment | mention | dm | review */
  kind: string;
  /** The post, PII already redacted (e.g. "[email]", "[phone]"). May be long, multi-line, contain emoji. */
  text: string;
  /**
   * What the post carries besides words, one line, e.g. "voice note", `3 photos: "caption…"`, "location: Café
   * Central" (captions and titles redacted; never a link or an id: ../attachments.ts). Shown with the text: in its
   * place when the text is empty, beside it when not (shown-text.ts shownBrief folds it into `text`).
   */
  carries?: string;
  /** The author's public @handle or display name on the platform, if known (public already; never put in an SMS). */
  author?: string;
  followers?: number;
  verified?: boolean;
  /** Link to the public post, when the platform gives one. */
  url?: string;
  /** ISO 8601 UTC. */
  receivedAt: string;
  /** Why the classifier scored it so, e.g. "threat: going to the press", "safety: allergic reaction". No PII. */
  reasons: string[];
}

/** One page to one on-call contact. */
export interface PageContext {
  brief: CaseBrief;
  /** Absolute URL of the acknowledgement page: `${PUBLIC_BASE_URL}/ack/<code>`. */
  ackUrl: string;
  /** The contact's name, e.g. "Priya Shah" (for the email greeting only). */
  contactName: string;
  /** 1-based tier number and its name in the policy, e.g. 2 / "Customer care manager". */
  tier: number;
  tierName: string;
  tierCount: number;
  /** 1-based round (the whole policy repeats `repeat` times). */
  round: number;
  /** Minutes until the next tier is paged if nobody acknowledges (ackTimeoutSeconds / 60, may be fractional). */
  ackWithinMinutes: number;
  /** The policy's IANA zone, for showing times (e.g. "03:12 Europe/London"). */
  timezone: string;
  /**
   * Why this page differs from a plain page of the case, one short plain-ASCII line, e.g. "New critical post in a
   * case you acknowledged" (a later escalation of the case: escalation/flow.ts). The quoted post is then the new one.
   */
  alert?: string;
}

export type OfferChannel = 'phone' | 'email' | 'dm' | 'none';

/** The one email offering the customer a way to continue offline. */
export interface OfferContext {
  brief: CaseBrief;
  /**
   * Where the address came from. `directory`: the customer directory, which the business keeps — the email greets
   * the customer by name and quotes their post. `elsewhere`: an address typed in a private message, or one a source
   * passed on — nobody verified who reads it, so the email names nobody and quotes nothing the author wrote.
   */
  addressFrom: 'directory' | 'elsewhere';
  /** The customer's first name or name as the directory has it; absent → a neutral greeting ("Hello"). Ignored unless `addressFrom` is `directory`. */
  customerName?: string;
  /** Absolute URL of the offer page: `${PUBLIC_BASE_URL}/offer/<code>`. */
  offerUrl: string;
  /** Who writes, e.g. "Acme Support" (BUSINESS_NAME). */
  businessName: string;
  /** What customers call a generic source ("Trustpilot", SOURCE_NAMES); absent: the source is not named. */
  sourceName?: string;
  /** e.g. "Mon–Fri 09:00–17:30 (Europe/London)"; absent when the team is there around the clock. */
  businessHours?: string;
  /** When the link stops working (ISO). */
  expiresAt: string;
}

/** The customer's choice, as the case's owner is told it (email only: it may carry a phone number). */
export interface ChoiceContext {
  brief: CaseBrief;
  channel: OfferChannel;
  /** A phone number the customer typed in the form (only with channel "phone"). */
  phone?: string;
  /** When they would like the call, free text they typed, ≤ 100 characters (only with channel "phone"). */
  time?: string;
  customerName?: string;
  /** The person told: who acknowledged the case, or a tier-1 contact when nobody has. */
  ownerName: string;
  /** True when this goes to tier 1 because nobody has acknowledged the case. */
  unowned: boolean;
  /** Whether the team is in business hours now (outside: "this is in the morning queue"). */
  withinBusinessHours: boolean;
  businessHours?: string;
  timezone: string;
  chosenAt: string;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** The acknowledgement page at /ack/{code}, in each state it can be in. */
export type AckPageView =
  /** GET with a valid code: the case and one Acknowledge button (a POST form to `formAction`, no JavaScript). */
  | { state: 'confirm'; brief: CaseBrief; contactName: string; tier: number; tierName: string; formAction: string; timezone: string }
  /** After a successful POST: pages have stopped; what to do next (reply on the platform, link to the post). */
  | { state: 'acknowledged'; brief: CaseBrief; contactName: string; at: string; timezone: string }
  /** Someone (maybe this person, via another link) acknowledged the case already. */
  | { state: 'already-acknowledged'; brief: CaseBrief; by: string; at: string; timezone: string }
  /** This code was used before (and the case is not known to be acknowledged, e.g. it was resolved). */
  | { state: 'used'; brief?: CaseBrief; at?: string; timezone: string }
  | { state: 'expired'; brief?: CaseBrief; timezone: string }
  /** Malformed or never issued. Says nothing about any case. */
  | { state: 'unknown' };

/** The customer's page at /offer/{code}. The customer sees the business's name, never internal words like "case". */
export type OfferPageView =
  /**
   * GET with a valid code (or a POST whose form was invalid: `error` and the `values` typed so far are shown again).
   * A POST form to `formAction` with four choices (radio `channel`: phone, email, dm, none), an optional `phone`
   * (tel input) and `time` (text, ≤ 100 chars) shown with the phone choice, and one submit button.
   */
  | {
      state: 'choose';
      brief: CaseBrief;
      /** The offer went to an address from outside the directory: the page quotes nothing the author wrote and names nobody. */
      anonymous?: boolean;
      customerName?: string;
      businessName: string;
      /** What customers call a generic source ("Trustpilot"); absent: the page names no site. */
      sourceName?: string;
      businessHours?: string;
      formAction: string;
      error?: string;
      values?: { channel?: string; phone?: string; time?: string };
    }
  /** After the choice: thanks, and what happens next for that channel (a call in business hours, an email, a DM; or that they will not be contacted about this). */
  | { state: 'chosen'; channel: OfferChannel; phone?: string; time?: string; customerName?: string; businessName: string; businessHours?: string; withinBusinessHours: boolean }
  /** Answered before: "you already told us (<channel>)" — no form. */
  | { state: 'used'; channel?: OfferChannel; businessName: string }
  | { state: 'expired'; businessName: string }
  | { state: 'unknown'; businessName: string };
