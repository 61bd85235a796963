import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import * as z from 'zod';
import { UrgencySchema } from '../schemas/classification';

/**
 * Per-stage settings, read once from CDK context: `cdk.json` holds `context.stages.<name>`, and `-c stage=<name>`
 * picks one (default `dev`). The context is untyped JSON, so it is parsed here and a typo fails synth with the key
 * named, instead of silently falling back to a default deep inside a construct.
 * This is not a construct; it lives in lib/ because both bin/app.ts and the tests build the stack from it.
 */

/** Context key holding every stage's settings (in cdk.json). */
export const STAGES_CONTEXT_KEY = 'stages';
/** Context key selecting the stage (`-c stage=prod`). */
export const STAGE_CONTEXT_KEY = 'stage';
export const DEFAULT_STAGE = 'dev';

/** CloudWatch Logs accepts only these retention periods (RetentionDays is a numeric enum). */
const RETENTION_PERIODS = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number');

export const StageSettingsSchema = z
  .object({
    /** Retention of every log group (function logs, API access logs). Must be a CloudWatch Logs period. */
    logRetentionDays: z
      .number()
      .int()
      .refine((days) => RETENTION_PERIODS.includes(days), {
        message: `must be a CloudWatch Logs retention period: ${RETENTION_PERIODS.join(', ')}`,
      }),
    /** Default route throttling of the API stage; protects the queue and the account's Lambda concurrency. */
    apiThrottle: z
      .object({
        /** Steady-state requests per second. */
        rateLimit: z.number().positive(),
        /** Requests allowed in a burst above the rate. */
        burstLimit: z.number().int().positive(),
      })
      .strict(),
    /** How long a warm Lambda caches the app secret; lower means secret edits take effect sooner. */
    secretsMaxAgeSeconds: z.number().int().min(1).max(3600),
    /**
     * Minutes to first response per urgency (SLA_MINUTES of the classifier). An urgency left out has no SLA
     * (`low`, usually). Unknown urgencies are rejected, so a typo cannot silently drop an SLA.
     */
    slaMinutes: z.partialRecord(UrgencySchema, z.number().int().positive()),
    /**
     * Days the classifier keeps a post's raw text next to its case (TTL); 0 keeps none, only the redacted text.
     * @default 0
     */
    rawTextRetentionDays: z.number().int().min(0).max(3650).default(0),
    /** Followers from which an author counts as high-reach (HIGH_REACH_FOLLOWERS). @default 10000 */
    highReachFollowers: z.number().int().positive().default(10_000),
    /**
     * What stack deletion does to stored data (cases table, staff user pool, state machine logs): `retain` keeps
     * it, `destroy` deletes it with the stack (throwaway dev stacks only).
     */
    dataRemovalPolicy: z.enum(['retain', 'destroy']),
    /** Deletion protection on the cases table and the staff user pool: a delete call fails until it is turned off. */
    deletionProtection: z.boolean(),
    /**
     * Cognito Plus feature plan with threat protection ENFORCED on the staff user pool (compromised-credential and
     * risky sign-in detection). Plus is billed per monthly active user with no free tier.
     */
    staffThreatProtection: z.boolean(),
  })
  .strict()
  .refine((s) => !(s.deletionProtection && s.dataRemovalPolicy === 'destroy'), {
    path: ['deletionProtection'],
    message:
      "deletionProtection true contradicts dataRemovalPolicy 'destroy' (stack deletion would fail on the protected resources): set one of them the other way",
  });

export type StageSettings = z.output<typeof StageSettingsSchema>;

export interface Stage {
  /** Lower-case slug, part of the stack name. */
  readonly name: string;
  readonly settings: StageSettings;
}

const STAGE_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * Parses one stage out of a `stages` context object; throws with the offending key and what to change.
 */
export function parseStage(name: string, stages: unknown): Stage {
  if (!STAGE_NAME.test(name)) {
    throw new Error(`stage name '${name}' is invalid: use a lower-case slug of at most 20 characters, e.g. -c stage=prod`);
  }
  if (typeof stages !== 'object' || stages === null || Array.isArray(stages)) {
    throw new Error(`context key '${STAGES_CONTEXT_KEY}' is missing or not an object: define it in cdk.json, e.g. "stages": { "dev": { ... } }`);
  }
  const raw = (stages as Record<string, unknown>)[name];
  if (raw === undefined) {
    const known = Object.keys(stages).join(', ') || 'none';
    throw new Error(`stage '${name}' is not defined in context '${STAGES_CONTEXT_KEY}' (defined: ${known}): add it to cdk.json or pass -c stage=<one of them>`);
  }
  const parsed = StageSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${[STAGES_CONTEXT_KEY, name, ...i.path].join('.')}: ${i.message}`);
    throw new Error(`stage '${name}' settings are invalid: ${problems.join('; ')}`);
  }
  return { name, settings: parsed.data };
}

/** Reads the selected stage from a construct's context (the App's, which the CLI fills from cdk.json and -c). */
export function stageFromContext(scope: Construct): Stage {
  const selected = scope.node.tryGetContext(STAGE_CONTEXT_KEY) ?? DEFAULT_STAGE;
  return parseStage(String(selected), scope.node.tryGetContext(STAGES_CONTEXT_KEY));
}
