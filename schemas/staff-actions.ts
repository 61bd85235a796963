import * as z from 'zod';
import { CategorySchema, UrgencySchema } from './classification';

/**
 * Bodies of the staff API's case actions (`POST /api/cases/{id}/<action>`), one schema per action. Strict: an
 * unknown field is a mistake the caller should hear about, not something to ignore. Free text is trimmed and may
 * not carry control characters; what people type is redacted for PII before it is stored (staff-actions.ts).
 */

/** Largest body any action accepts; the bodies are a few short fields. */
export const MAX_STAFF_ACTION_BODY_BYTES = 4 * 1024;

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters');

export const AcknowledgeBodySchema = z.strictObject({});

export const AssignBodySchema = z.strictObject({
  /** A staff id or name; one line. */
  assignee: text(120).refine((s) => !/[\r\n\t]/.test(s), 'must be one line'),
});

export const RespondedBodySchema = z.strictObject({
  /** How the team answered, e.g. "x reply", "dm", "email", "phone". */
  channel: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(40, 'must be at most 40 characters')
    .regex(/^[\p{L}\p{N} _.-]+$/u, 'letters, digits, spaces, dots, dashes and underscores only')
    .optional(),
  note: text(500).optional(),
});

export const ResolveBodySchema = z.strictObject({
  note: text(500).optional(),
});

export const ReclassifyBodySchema = z
  .strictObject({
    category: CategorySchema.optional(),
    urgency: UrgencySchema.optional(),
    reason: text(300).optional(),
  })
  .refine((b) => b.category !== undefined || b.urgency !== undefined, { message: 'give a category or an urgency (or both)' });

export const STAFF_ACTION_BODIES = {
  acknowledge: AcknowledgeBodySchema,
  assign: AssignBodySchema,
  responded: RespondedBodySchema,
  resolve: ResolveBodySchema,
  reclassify: ReclassifyBodySchema,
} as const;

export type StaffActionName = keyof typeof STAFF_ACTION_BODIES;
export const STAFF_ACTION_NAMES = Object.keys(STAFF_ACTION_BODIES) as StaffActionName[];

/** One action with its parsed body, discriminated by `type`. */
export type StaffAction =
  | { type: 'acknowledge' }
  | ({ type: 'assign' } & z.infer<typeof AssignBodySchema>)
  | ({ type: 'responded' } & z.infer<typeof RespondedBodySchema>)
  | ({ type: 'resolve' } & z.infer<typeof ResolveBodySchema>)
  | ({ type: 'reclassify' } & z.infer<typeof ReclassifyBodySchema>);

/**
 * Parses an action's body (`undefined` when the request had none, which is `{}`); the error names the field and
 * never echoes the value.
 */
export function parseStaffAction(name: StaffActionName, body: unknown): { ok: true; action: StaffAction } | { ok: false; error: string } {
  const parsed = STAFF_ACTION_BODIES[name].safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, action: { type: name, ...parsed.data } as StaffAction };
}
