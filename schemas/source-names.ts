import * as z from 'zod';
import { GenericSourceNameSchema } from './app-secrets';

/**
 * What customers call each generic source (SOURCE_NAMES; stage setting `escalation.sourceNames`): `{"reviews":
 * "Trustpilot", "blog": "the Acme blog"}`. A source's id is a URL segment, not a name to show a customer: without an
 * entry, customer emails and the offer page say "your review" and name no site. A name is one short line.
 */
export const SourceNamesSchema = z.record(
  GenericSourceNameSchema,
  z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[^\p{Cc}\p{Cf}<>]+$/u, 'one line of text, without control characters or < >'),
);
export type SourceNames = z.output<typeof SourceNamesSchema>;
