import * as z from 'zod';

/**
 * What an EventBridge schedule sends a function it runs (only the fields the sweep relies on; the rest are AWS's and
 * kept as they come): anything else invoking the SLA sweep is refused before it reads a table.
 */
export const ScheduledEventSchema = z.looseObject({
  source: z.literal('aws.events'),
  'detail-type': z.literal('Scheduled Event'),
  time: z.iso.datetime({ offset: true }),
});
export type ScheduledEvent = z.infer<typeof ScheduledEventSchema>;
