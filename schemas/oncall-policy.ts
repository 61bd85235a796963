import * as z from 'zod';
import { isValidPhoneNumber } from 'libphonenumber-js';

/**
 * The escalation policy (`ONCALL_FILE` locally; DynamoDB in AWS, once the table adapter lands): who gets paged,
 * tier after tier, until someone acknowledges (this schema is the outside contract). Critical cases page at any time;
 * everything else waits for business hours in the policy's time zone (docs/labels.md).
 *
 * Every message is written for the on-call lead who edits the file: it says what is wrong and what a right value
 * looks like, and never repeats the value itself (it may be somebody's phone number). Paths are added by
 * `parsePolicy` (lambdas/domain/escalation/policy.ts), e.g. `tiers[1].contacts[0].phone: must be an E.164 …`.
 */

/** The limits of a policy. Tests and local integration runs lower `minAckTimeoutSeconds` via `PolicySchemaFor`. */
export const POLICY_BOUNDS = {
  minAckTimeoutSeconds: 30,
  maxAckTimeoutSeconds: 86_400,
  minRepeat: 1,
  maxRepeat: 10,
  minTiers: 1,
  maxTiers: 10,
  minContactsPerTier: 1,
  maxContactsPerTier: 20,
  maxNameLength: 100,
} as const;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const FULL_DAY_NAMES: Record<string, Weekday> = {
  monday: 'mon',
  tuesday: 'tue',
  wednesday: 'wed',
  thursday: 'thu',
  friday: 'fri',
  saturday: 'sat',
  sunday: 'sun',
};

/** `mon`…`sun` or the full English name, any case → the short form; anything else → undefined. */
export function toWeekday(name: string): Weekday | undefined {
  const s = name.trim().toLowerCase();
  if ((WEEKDAYS as readonly string[]).includes(s)) return s as Weekday;
  return FULL_DAY_NAMES[s];
}

/** A whole IANA zone such as Europe/London (links such as US/Eastern resolve); fixed offsets like +01:00 are not zones. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || /^[+-]/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical spelling (`europe/london` → `Europe/London`, `US/Eastern` → `America/New_York`). */
function canonicalTimeZone(timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
}

/**
 * Ofcom's drama range, 07700 900000–900999: reserved for fiction and tests, never assigned to anyone. libphonenumber
 * (rightly) calls these invalid, yet they are what examples, dev defaults and tests must use, so they are accepted
 * unless a caller opts out (`allowFictionalNumbers: false`); `bin/policy.ts` warns when a file holds any.
 */
export function isFictionalTestNumber(phone: string): boolean {
  return /^\+447700900\d{3}$/.test(phone);
}

const E164_SHAPE = /^\+[1-9]\d{6,14}$/;
export const E164_MESSAGE = 'must be an E.164 number like +447700900123';

/** A `+`, country code and number, no spaces or punctuation, that libphonenumber knows to be dialable. */
export function phoneSchema(opts: { allowFictionalNumbers?: boolean } = {}) {
  const allowFictional = opts.allowFictionalNumbers ?? true;
  return z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : E164_MESSAGE) })
    .regex(E164_SHAPE, E164_MESSAGE)
    // Not aborting (an abort would hide later checks, such as duplicate tier names), so skip what the regex reported.
    .refine((p) => !E164_SHAPE.test(p) || isValidPhoneNumber(p) || (allowFictional && isFictionalTestNumber(p)), {
      error: (iss) =>
        !allowFictional && isFictionalTestNumber(String(iss.input))
          ? 'is an Ofcom drama number (+447700900xxx) that reaches no one; use a real number here'
          : `${E164_MESSAGE} (this one has the wrong number of digits for its country, or an unknown country code)`,
    });
}

export const emailSchema = z.email({
  error: (iss) => (iss.input === undefined ? 'is required' : 'must be an email address like oncall@example.com'),
});

/** A required, non-empty line of text (after trimming). */
export function textSchema(what: string, max: number = POLICY_BOUNDS.maxNameLength) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : `must be text (${what})`) })
    .trim()
    .min(1, `must not be empty (${what})`)
    .max(max, `is too long: at most ${max} characters`);
}

/** A strict object: a misspelt field is reported rather than silently ignored. */
export function strictObject<S extends z.ZodRawShape>(shape: S, what: string) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') {
        const keys = iss.keys.map((k) => `"${k}"`).join(', ');
        return `unknown field${iss.keys.length > 1 ? 's' : ''} ${keys} (allowed: ${allowed})`;
      }
      return iss.input === undefined ? 'is required' : `must be an object (${what})`;
    },
  });
}

function wholeNumber(what: string, min: number, max: number) {
  const range = `must be a whole number from ${min} to ${max} (${what})`;
  // One non-aborting check: zod's .int() aborts, which would hide later checks such as duplicate tier names.
  return z
    .number({ error: (iss) => (iss.input === undefined ? 'is required' : range) })
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, range);
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "09:00" → 540. Assumes the string passed the schema ("24:00" → 1440). */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

const DaySchema = z
  .string({ error: 'must be a day name: mon, tue, wed, thu, fri, sat, sun (or the full name)' })
  .transform((s, ctx): Weekday => {
    const day = toWeekday(s);
    if (!day) {
      ctx.addIssue({ code: 'custom', message: 'must be a day name: mon, tue, wed, thu, fri, sat, sun (or the full name)', input: s });
      return z.NEVER;
    }
    return day;
  });

export const BusinessHoursSchema = strictObject(
  {
    days: z
      .array(DaySchema, { error: (iss) => (iss.input === undefined ? 'is required' : 'must be a list of day names, e.g. ["mon", "tue", "wed", "thu", "fri"]') })
      .min(1, 'must list at least one day (leave businessHours out to page at any time)')
      .max(7, 'lists more than the 7 days of the week')
      .superRefine(
        (days, ctx) => {
          const seen = new Map<Weekday, number>();
          days.forEach((d, i) => {
            if (!(WEEKDAYS as readonly unknown[]).includes(d)) return; // reported by DaySchema
            const first = seen.get(d);
            if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i], message: `repeats the day already given at days[${first}]`, input: d });
            else seen.set(d, i);
          });
        },
        { when: (p) => Array.isArray(p.value) }, // also alongside other problems, so one run lists them all
      ),
    start: z
      .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a 24-hour time "HH:MM", e.g. "09:00"') })
      .regex(HHMM, 'must be a 24-hour time "HH:MM", e.g. "09:00"'),
    end: z
      .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a 24-hour time "HH:MM", e.g. "17:30"') })
      .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a 24-hour time "HH:MM", e.g. "17:30" ("24:00" for midnight)'),
  },
  'days, start and end',
).superRefine(
  (h, ctx) => {
    if (minutesOfDay(h.start) >= minutesOfDay(h.end)) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: 'must be later than start (hours that run past midnight are not supported; use "24:00" to close at midnight)',
        input: h.end,
      });
    }
  },
  { when: (p) => isTimePair(p.value) },
);

function isTimePair(v: unknown): v is { start: string; end: string } {
  if (!v || typeof v !== 'object') return false;
  const { start, end } = v as { start?: unknown; end?: unknown };
  return typeof start === 'string' && HHMM.test(start) && typeof end === 'string' && /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/.test(end);
}

export interface PolicySchemaOptions {
  /** Default 30 (`POLICY_BOUNDS.minAckTimeoutSeconds`); local integration tests use 1. */
  minAckTimeoutSeconds?: number;
  /** Accept Ofcom drama numbers (+447700900xxx). Default true: examples and dev defaults use them. */
  allowFictionalNumbers?: boolean;
}

/** The policy schema with the given bounds. `OncallPolicySchema` is the production one. */
export function PolicySchemaFor(opts: PolicySchemaOptions = {}) {
  const minAck = opts.minAckTimeoutSeconds ?? POLICY_BOUNDS.minAckTimeoutSeconds;
  if (!Number.isInteger(minAck) || minAck < 1 || minAck > POLICY_BOUNDS.maxAckTimeoutSeconds) {
    throw new RangeError(`minAckTimeoutSeconds must be a whole number from 1 to ${POLICY_BOUNDS.maxAckTimeoutSeconds}`);
  }

  const ContactSchema = strictObject(
    {
      name: textSchema('the person’s name, shown in the timeline'),
      phone: phoneSchema({ allowFictionalNumbers: opts.allowFictionalNumbers }),
      email: emailSchema,
    },
    'name, phone and email',
  );

  const TierSchema = strictObject(
    {
      name: textSchema('e.g. "Duty manager"'),
      ackTimeoutSeconds: wholeNumber(
        'how long to wait for an acknowledgement before paging the next tier',
        minAck,
        POLICY_BOUNDS.maxAckTimeoutSeconds,
      ),
      contacts: z
        .array(ContactSchema, { error: (iss) => (iss.input === undefined ? 'is required' : 'must be a list of contacts') })
        .min(POLICY_BOUNDS.minContactsPerTier, 'needs at least one contact to page')
        .max(POLICY_BOUNDS.maxContactsPerTier, `has too many contacts: at most ${POLICY_BOUNDS.maxContactsPerTier} per tier`),
    },
    'name, ackTimeoutSeconds and contacts',
  );

  return strictObject(
    {
      timezone: z
        .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be an IANA time zone like Europe/London or America/New_York') })
        .refine(isValidTimeZone, 'must be an IANA time zone like Europe/London or America/New_York')
        .transform(canonicalTimeZone),
      businessHours: BusinessHoursSchema.optional(),
      repeat: wholeNumber('how many times to go through all the tiers before giving up', POLICY_BOUNDS.minRepeat, POLICY_BOUNDS.maxRepeat).default(1),
      tiers: z
        .array(TierSchema, { error: (iss) => (iss.input === undefined ? 'is required' : 'must be a list of tiers') })
        .min(POLICY_BOUNDS.minTiers, 'needs at least one tier to page')
        .max(POLICY_BOUNDS.maxTiers, `has too many tiers: at most ${POLICY_BOUNDS.maxTiers}`)
        .superRefine(
          (tiers, ctx) => {
            const seen = new Map<string, number>();
            tiers.forEach((t: unknown, i) => {
              const name = (t as { name?: unknown } | null)?.name;
              if (typeof name !== 'string' || !name.trim()) return; // reported by the tier schema
              const key = name.trim().toLowerCase();
            const first = seen.get(key);
              if (first !== undefined) {
                ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `is already the name of tiers[${first}]; each tier needs its own name`, input: name });
              } else seen.set(key, i);
            });
          },
          { when: (p) => Array.isArray(p.value) },
        ),
    },
    'timezone, businessHours, repeat and tiers',
  );
}

export const OncallPolicySchema = PolicySchemaFor();
export type OncallPolicy = z.output<typeof OncallPolicySchema>;
export type OncallTier = OncallPolicy['tiers'][number];
export type OncallContact = OncallTier['contacts'][number];
export type BusinessHours = NonNullable<OncallPolicy['businessHours']>;
