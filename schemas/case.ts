import * as z from 'zod';
import { CategorySchema, ConfidenceSchema, PiiTypeSchema, SentimentSchema, UrgencySchema } from './classification';
import { AttachmentSchema, AuthorSchema, PlatformSchema } from './social-event';

/**
 * A case: what the care team works. One per conversation while it is open; later posts in the same conversation join
 * it (and can raise its urgency). Shapes as the staff API returns them (the outside contract; docs/staff-api.md); stored text is redacted.
 */

export const CaseStatusSchema = z.enum(['open', 'acknowledged', 'resolved']);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

export const TimelineEntrySchema = z.object({
  at: z.string(),
  type: z.string(),
  detail: z.string(),
  /** Structured facts for tools (event id, urgency before/after, execution name); never PII. */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

/**
 * The case's current escalation: one run of the paging flow, started by one critical post. A case has one at a time;
 * a critical post that joins a case whose escalation was acknowledged or exhausted (or that never had one) starts a
 * new one, which replaces this record and needs its own acknowledgement (lambdas/domain/cases/rules.ts).
 */
export const EscalationSchema = z.object({
  /**
   * The flow execution it belongs to: `<case id>-critical` for the post that opened the case, `<case
   * id>-critical-<hash of the post's event id>` for a later one. Its ack links name it, so a link from an earlier
   * escalation cannot acknowledge this one. Absent on records written before escalations had ids: the first.
   */
  id: z.string().optional(),
  /** The post that started it (absent for the first escalation of a case, which its first post started). */
  eventId: z.string().optional(),
  /** `paging` with tier 0: started, nobody paged yet. */
  state: z.enum(['paging', 'acknowledged', 'exhausted']),
  /** The tier paged last (1-based) and the round of the policy it belongs to. */
  tier: z.number().int().nonnegative(),
  round: z.number().int().positive().optional(),
  pagedAt: z.string().optional(),
  /** The newest critical post its last page quoted (so a post that arrives after the last page is not left out). */
  pagedEventId: z.string().optional(),
  exhaustedAt: z.string().optional(),
  acknowledgedBy: z.string().optional(),
  acknowledgedAt: z.string().optional(),
  /** How the escalation before this one ended, for the pages of this one ("Tom acknowledged this case earlier"). */
  follows: z
    .object({ state: z.enum(['acknowledged', 'exhausted']), by: z.string().optional(), at: z.string().optional() })
    .optional(),
});

/**
 * The newest critical post of a case that later posts joined: what pages quote (the case's `text` stays the first
 * post). Redacted like every stored text, and cut to CRITICAL_QUOTE_CHARS (the whole post is on the timeline).
 */
export const CriticalPostSchema = z.object({
  eventId: z.string(),
  at: z.string(),
  kind: z.string(),
  text: z.string(),
  reasons: z.array(z.string()),
  url: z.string().optional(),
  /** What the post carries besides words, captions and titles redacted (lambdas/domain/attachments.ts). */
  attachments: z.array(AttachmentSchema).optional(),
});

export const OfferSchema = z.object({
  /** `failed`: the offer could not be sent, even after retries (timeline `offer-failed` says why). */
  state: z.enum(['sent', 'chosen', 'none', 'failed']),
  channel: z.enum(['phone', 'email', 'dm', 'none']).optional(),
  sentAt: z.string().optional(),
  chosenAt: z.string().optional(),
  failedAt: z.string().optional(),
});

/**
 * The case's first-response clock, kept by the SLA sweep's checks (lambdas/domain/sla/sweep.ts): the urgency its due time was computed
 * for, when it started, the business-hours-aware due and warning times, and what happened.
 */
export const SlaRecordSchema = z.object({
  urgency: UrgencySchema,
  startedAt: z.string(),
  dueAt: z.string(),
  preBreachAt: z.string(),
  /** Whether only the policy's business hours count (high and normal cases, when the policy has business hours). */
  businessHoursOnly: z.boolean(),
  /** When the pre-breach check ran (it warns tier 1 at most once). */
  preBreachCheckedAt: z.string().optional(),
  /** When tier 1 was warned that the due time was near and nobody had responded. */
  preBreachPagedAt: z.string().optional(),
  /** When the due time passed without a first response. */
  breachedAt: z.string().optional(),
});
export type SlaRecord = z.infer<typeof SlaRecordSchema>;

export const CaseSchema = z.object({
  id: z.string(),
  status: CaseStatusSchema,
  urgency: UrgencySchema,
  category: CategorySchema,
  sentiment: SentimentSchema,
  sentimentScore: z.number(),
  platform: PlatformSchema,
  kind: z.string(),
  /** The first post's text, PII redacted; in a list, cut short when long (see textTruncated). */
  text: z.string(),
  /** The customer edited the first post (`text` is the edited words) or deleted it (`text` is what it said). */
  textState: z.enum(['edited', 'deleted']).optional(),
  /** When the edit `text` now holds was made (the platform's time): an older edit delivered later does not replace it. */
  textEditedAt: z.string().optional(),
  /** In a list only: `text` was cut short; GET /api/cases/{id} has it whole. */
  textTruncated: z.literal(true).optional(),
  /**
   * What the first post carries besides words (photos, a voice note, a location, an order…), one item each: captions
   * and titles PII-redacted, links http(s) only (lambdas/domain/attachments.ts). Absent when it carries nothing.
   */
  attachments: z.array(AttachmentSchema).optional(),
  author: AuthorSchema.omit({ email: true }),
  conversationId: z.string(),
  receivedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When a first response is due (absent for low urgency: no clock). */
  slaDueAt: z.string().optional(),
  /** The business's first reply on the platform (an echo) or a staff action. */
  firstResponseAt: z.string().optional(),
  /** PII types found in any of the case's posts or their authors' names and handles (the values are never kept). */
  pii: z.array(PiiTypeSchema),
  reasons: z.array(z.string()),
  /**
   * Which classifier gave the case its labels and how sure it was: the post whose urgency or category the case took
   * last (docs/model.md). Absent on cases classified before models were recorded.
   */
  classifiedBy: z.object({ model: z.string(), confidence: ConfidenceSchema }).optional(),
  eventCount: z.number().int().positive(),
  url: z.string().optional(),
  escalation: EscalationSchema.optional(),
  /** The newest critical post, when it is not the first post (pages quote it). */
  latestCritical: CriticalPostSchema.optional(),
  offer: OfferSchema.optional(),
  /** The first-response clock (the SLA sweep's): due and warning times, breach. */
  sla: SlaRecordSchema.optional(),
  /** Who works the case (a staff id or name, as the assigning staff member gave it), since when, and who assigned it. */
  assignee: z.string().optional(),
  assignedAt: z.string().optional(),
  assignedBy: z.string().optional(),
  /** The latest response a staff member recorded through the staff API (firstResponseAt keeps the first). */
  respondedAt: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  /** The classifier's own labels, kept when a person first overrides them (so misses can be counted and studied). */
  classifiedAs: z.object({ category: CategorySchema, urgency: UrgencySchema }).optional(),
  /** How many times people have overridden the labels. */
  overrides: z.number().int().nonnegative().optional(),
  /** The latest page of the timeline, oldest entry first. */
  timeline: z.array(TimelineEntrySchema),
  /** There are older entries: pass this as `timelineNextToken` for the page before. */
  timelineNextToken: z.string().optional(),
});
export type Case = z.infer<typeof CaseSchema>;
/** A case in a list: everything but the timeline. */
export type CaseSummary = Omit<Case, 'timeline' | 'timelineNextToken'>;

export const CaseListQuerySchema = z.object({
  /** `active`: open, then acknowledged (every case not resolved); `all`: those, then resolved. */
  status: z.enum(['open', 'acknowledged', 'resolved', 'active', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  nextToken: z.string().max(2048).optional(),
  urgency: UrgencySchema.optional(),
  platform: PlatformSchema.optional(),
  category: CategorySchema.optional(),
  /**
   * Only cases assigned to this staff id or name (as the assigning staff member gave it); `me` is the caller, by
   * their id or their name.
   */
  assignee: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(120, 'must be at most 120 characters')
    .refine((s) => !/[\u0000-\u001F\u007F]/.test(s), 'must not contain control characters')
    .optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

/** GET /api/cases/{id}: the latest `timelineLimit` timeline entries (fewer when they are long), or the page before. */
export const DEFAULT_TIMELINE_LIMIT = 100;
export const CaseQuerySchema = z.object({
  timelineLimit: z.coerce.number().int().min(1).max(500).default(DEFAULT_TIMELINE_LIMIT),
  timelineNextToken: z.string().max(2048).optional(),
});
export type CaseQuery = z.infer<typeof CaseQuerySchema>;
