import * as z from 'zod';
import { emailSchema, phoneSchema, strictObject } from './oncall-policy';

/**
 * The customer directory (`CUSTOMERS_FILE` locally; DynamoDB in AWS, once the table adapter lands): how to reach a
 * social author offline, keyed by (platform, authorId) (this schema is the outside contract). It holds personal data, so
 * messages name fields and entry indexes, never values.
 */

export const MAX_DIRECTORY_ENTRIES = 100_000;

function optionalText(what: string, max: number) {
  return z
    .string({ error: `must be text (${what})` })
    .trim()
    .min(1, 'must not be empty (leave the field out instead)')
    .max(max, `is too long: at most ${max} characters`)
    .optional();
}

export const CustomerEntrySchema = strictObject(
  {
    platform: z
      .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a lower-case platform name like "facebook", "x" or "reviews"') })
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case platform name like "facebook", "x" or "reviews"'),
    authorId: z
      .string({
        error: (iss) =>
          iss.input === undefined
            ? 'is required'
            : typeof iss.input === 'number'
              ? 'must be text: put the id in quotes (long numeric ids lose digits as JSON numbers)'
              : 'must be text: the author’s id on the platform',
      })
      .min(1, 'must not be empty')
      .max(256, 'is too long: at most 256 characters'),
    handle: optionalText('the author’s @handle', 256),
    name: optionalText('the customer’s name', 200),
    email: emailSchema.optional(),
    phone: phoneSchema().optional(),
  },
  'platform, authorId, handle, name, email, phone',
);
export type CustomerEntry = z.output<typeof CustomerEntrySchema>;

/** The key a (platform, authorId) pair is unique by. */
export function customerKey(platform: string, authorId: string): string {
  return `${platform}\u0000${authorId}`;
}

export const CustomerDirectorySchema = z
  .array(CustomerEntrySchema, { error: 'must be a JSON array of customers: [{ "platform", "authorId", … }]' })
  .max(MAX_DIRECTORY_ENTRIES, `has too many entries: at most ${MAX_DIRECTORY_ENTRIES.toLocaleString('en-GB')}`)
  .superRefine(
    (entries, ctx) => {
      const seen = new Map<string, number>();
      entries.forEach((e: unknown, i) => {
        const { platform, authorId } = (e ?? {}) as { platform?: unknown; authorId?: unknown };
        if (typeof platform !== 'string' || typeof authorId !== 'string') return; // reported by the entry schema
        const key = customerKey(platform, authorId);
        const first = seen.get(key);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i], message: `has the same platform and authorId as entry [${first}]`, input: i });
        else seen.set(key, i);
      });
    },
    { when: (p) => Array.isArray(p.value) }, // also alongside other problems, so one run lists them all
  );
export type CustomerDirectory = z.output<typeof CustomerDirectorySchema>;
