/**
 * The one list of the custom CloudWatch metrics the handlers emit, read by the handlers (names) and by
 * lib/observability.ts (alarms, dashboard), so a widget never watches a metric nobody emits.
 *
 * Every metric goes out through Powertools Metrics in embedded metric format, in namespace `SocialCare`. Powertools
 * adds a `service` dimension to each one, the serviceName of the handler's Metrics (the same as its Logger's and
 * SERVICE_NAMES in lib/function-factory.ts); a metric with a `dimension` below carries that one as well, so in
 * CloudWatch its dimension set is exactly `{service, <dimension>}`.
 */
import { UrgencySchema } from '../schemas/classification';

/** Powertools Metrics namespace shared by every function of the project. */
export const METRICS_NAMESPACE = 'SocialCare';

export interface MetricSpec {
  readonly name: string;
  /** The `service` dimension: the serviceName of the Powertools Metrics that records it. */
  readonly service: string;
  readonly unit: 'Count' | 'Milliseconds';
  /** The one extra dimension, when the metric has one, and the values it takes (`open` when not a fixed set). */
  readonly dimension?: { readonly name: string; readonly values: readonly string[] | 'open' };
  /** Where the metric is recorded, relative to the repository root (tests check the name appears there). */
  readonly source: string;
  readonly description: string;
}

export const METRICS = {
  eventsReceived: {
    name: 'EventsReceived',
    service: 'intake',
    unit: 'Count',
    // The event's platform (facebook, instagram, whatsapp, x, or a Standard Webhooks source): an open set.
    dimension: { name: 'platform', values: 'open' },
    source: 'lambdas/intake/http.ts',
    description: 'events accepted and queued by the webhooks, per platform',
  },
  casesCreated: {
    name: 'CasesCreated',
    service: 'classify',
    unit: 'Count',
    dimension: { name: 'urgency', values: UrgencySchema.options },
    source: 'lambdas/classify/handler.ts',
    description: 'new cases, by the urgency they were opened with',
  },
  duplicateDeliveries: {
    name: 'DuplicateDeliveries',
    service: 'classify',
    unit: 'Count',
    source: 'lambdas/classify/handler.ts',
    description: 'events the classifier had already processed (a platform retry or an SQS redelivery)',
  },
  timeToPage: {
    name: 'TimeToPage',
    service: 'escalation',
    unit: 'Milliseconds',
    source: 'lambdas/domain/escalation/flow.ts',
    description: 'from the post arriving to the first page of an escalation',
  },
  pagesSent: {
    name: 'PagesSent',
    service: 'escalation',
    unit: 'Count',
    source: 'lambdas/domain/escalation/flow.ts',
    description: 'SMS and emails to on-call contacts accepted by SNS and SES',
  },
  pageFailures: {
    name: 'PageFailures',
    service: 'escalation',
    unit: 'Count',
    source: 'lambdas/domain/escalation/flow.ts',
    description: 'pages SNS or SES refused (SMS sandbox, spend limit, unverified identity)',
  },
  escalationsExhausted: {
    name: 'EscalationsExhausted',
    service: 'escalation',
    unit: 'Count',
    source: 'lambdas/domain/escalation/flow.ts',
    description: 'escalations in which every tier was paged and nobody acknowledged',
  },
  offersSent: {
    name: 'OffersSent',
    service: 'escalation',
    unit: 'Count',
    source: 'lambdas/domain/escalation/flow.ts',
    description: 'customers offered a way to continue offline',
  },
  offersSkipped: {
    name: 'OffersSkipped',
    service: 'escalation',
    unit: 'Count',
    dimension: { name: 'why', values: ['declined', 'quiet-window', 'recipient-quiet-window', 'daily-cap'] },
    source: 'lambdas/domain/escalation/flow.ts',
    description: 'offers not sent: the customer declined recently or had one within the quiet window, the address had one, or the daily cap was reached',
  },
  offerFailures: {
    name: 'OfferFailures',
    service: 'escalation',
    unit: 'Count',
    source: 'lambdas/domain/escalation/flow.ts',
    description: 'customer offers that could not be sent even after retries (SES refused or failed); the pages went on',
  },
  timeToAck: {
    name: 'TimeToAck',
    service: 'link-pages',
    unit: 'Milliseconds',
    source: 'lambdas/domain/escalation/respond.ts',
    description: 'from the post arriving to an on-call contact acknowledging the page',
  },
  offersChosen: {
    name: 'OffersChosen',
    service: 'link-pages',
    unit: 'Count',
    dimension: { name: 'channel', values: ['phone', 'email', 'dm', 'none'] },
    source: 'lambdas/domain/escalation/respond.ts',
    description: 'customers who answered an offer, by the channel they chose ("none": no thanks)',
  },
  reclassified: {
    name: 'Reclassified',
    service: 'staff-api',
    unit: 'Count',
    // Which label a person overrode: the classifier's misses, per label.
    dimension: { name: 'field', values: ['category', 'urgency'] },
    source: 'lambdas/domain/cases/staff-actions.ts',
    description: 'labels the care team overrode through the staff API (reclassify), per field',
  },
} as const satisfies Record<string, MetricSpec>;

export type MetricKey = keyof typeof METRICS;
