import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import * as z from 'zod';
import { UrgencySchema } from '../schemas/classification';
import { SourceNamesSchema } from '../schemas/source-names';
import { CrisisThresholdsSchema, DEFAULT_CRISIS_THRESHOLDS } from '../lambdas/domain/sla/crisis';

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

/** A DNS domain name such as example.com or mail.example.co.uk (what SES verifies as a domain identity). */
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/**
 * A display name SES accepts unquoted in FromEmailAddress: letters, digits, spaces and RFC 5322 atext punctuation.
 * A name with non-ASCII characters must be written as an RFC 2047 encoded word (=?UTF-8?B?…?=), which matches too.
 */
const DISPLAY_NAME = /^[A-Za-z0-9 .'&!#$%*+/=?^_`{|}~-]+$/;
const EmailAddressSchema = z.email();

/** The address part of `address` or `Name <address>`, or undefined when it is neither. */
export function addressOfEmailFrom(from: string): string | undefined {
  const named = /^(.+?)\s*<([^<>\s]+)>$/.exec(from.trim());
  if (named) {
    const [, name = '', address = ''] = named;
    return DISPLAY_NAME.test(name.trim()) && EmailAddressSchema.safeParse(address).success ? address : undefined;
  }
  return EmailAddressSchema.safeParse(from).success ? from : undefined;
}

/**
 * Whether SES lets the identity send as `address`: an address identity covers that address only, a domain
 * identity every address at the domain and its subdomains.
 */
export function identityCovers(identity: string, address: string): boolean {
  const id = identity.toLowerCase();
  const addr = address.toLowerCase();
  if (id.includes('@')) return addr === id;
  const domain = addr.slice(addr.lastIndexOf('@') + 1);
  return domain === id || domain.endsWith(`.${id}`);
}

/**
 * Who the escalation pages and customer offers come from, and how the links in them look (the steps function and
 * the link pages, FUNCTIONS.*.escalationSettings / sendsEmail).
 *
 * Ops must verify `sesIdentity` in SES in the stack's region before the first page goes out (SES console, "Verified
 * identities": a domain needs its DKIM CNAME records, an address clicks the mail SES sends), and request production
 * access: in the SES sandbox mail only reaches verified addresses. SMS needs the account's SNS SMS settings (spend
 * limit, an origination number or sender id where the destination country requires one). Until then sends fail:
 * the steps function records the failure on the case, the state machine retries the step, and an execution whose
 * retries run out raises the failed-executions alarm (lib/escalation-flow.ts).
 * cdk.json carries example.com placeholders: replace them per stage with the organisation's verified identity (a
 * production stage refuses to synth until they are replaced: assertNoPlaceholders).
 */
export const EscalationSettingsSchema = z
  .object({
    /** FromEmailAddress of every email: `ops@example.com` or `Example Care <care@example.com>`, covered by `sesIdentity`. */
    emailFrom: z.string().refine((v) => addressOfEmailFrom(v) !== undefined, {
      message: "must be an email address or 'Name <address>' (an ASCII name, or an RFC 2047 encoded word)",
    }),
    /**
     * The SES identity ops verify for the sender, a domain (example.com) or an address; `emailFrom` must be covered
     * by it. ses:SendEmail itself is granted on the account's identities with the From address as the condition
     * (AppFunction.bindEmailSending), because SES also checks an address identity and, in the sandbox, recipients.
     */
    sesIdentity: z
      .string()
      .refine((v) => DOMAIN.test(v) || EmailAddressSchema.safeParse(v).success, { message: 'must be a domain like example.com or an email address' }),
    /** Who signs customer emails and pages (BUSINESS_NAME). */
    businessName: z.string().trim().min(1).max(100),
    /**
     * What customers call each generic source (SOURCE_NAMES), e.g. {"reviews": "Trustpilot"}: the offer email and page
     * say "your review on Trustpilot". @default - none: a generic source is not named to customers
     */
    sourceNames: SourceNamesSchema.optional(),
    /**
     * Base of the /ack/{code} and /offer/{code} links: the https URL of a custom domain mapped to the HTTP API,
     * without a trailing slash (one is removed). @default - the HTTP API's own URL
     */
    publicBaseUrl: z
      .url({ protocol: /^https$/, hostname: z.regexes.domain, message: 'must be an https URL of a domain, like https://care.example.com' })
      .refine((v) => !/[?#]/.test(v), { message: 'must have no query string or fragment: the links append /ack/{code} to it' })
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
    /** One offer per customer per this many days (OFFER_QUIET_DAYS). @default 7 */
    offerQuietDays: z.number().int().min(0).max(365).default(7),
    /**
     * At most this many customer offers a day in all (OFFER_DAILY_CAP): a bound on the mail anyone can make the
     * brand send by naming addresses in private messages, and on what a flood costs the SES reputation. @default 500
     */
    offerDailyCap: z.number().int().min(1).max(1_000_000).default(500),
    /**
     * SMS sender id (SMS_SENDER_ID) where the destination country allows one: 1 to 11 letters and digits, at least
     * one letter. @default - none: the account's default origination identity
     */
    smsSenderId: z
      .string()
      .regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/, { message: 'must be 1 to 11 letters and digits with at least one letter' })
      .optional(),
  })
  .strict()
  .refine(
    (e) => {
      const address = addressOfEmailFrom(e.emailFrom);
      return address === undefined || identityCovers(e.sesIdentity, address);
    },
    {
      path: ['emailFrom'],
      message:
        'its address is not covered by sesIdentity (SES sends only as the verified address, or from addresses at the verified domain and its subdomains): change one of them',
    },
  );

export type EscalationStageSettings = z.output<typeof EscalationSettingsSchema>;

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
    /**
     * Days a case, and each entry of its timeline, is kept after it was last written (DynamoDB's TTL deletes it then,
     * free of charge, within a few days): storage and point-in-time recovery stop growing with the years. A case that
     * is still being worked is written to and never ages out; one untouched this long goes. At least 30.
     * @default - kept until erased (npm run erase)
     */
    caseRetentionDays: z.number().int().min(30).max(3650).optional(),
    /**
     * Most classify invocations the events queue's event source mapping runs at once (its MaximumConcurrency; Lambda
     * accepts 2 to 1000). A viral spike then backs up on the queue (the backlog alarm fires after 5 minutes) instead of
     * taking the account's whole Lambda concurrency and throttling the webhooks, which must keep answering the
     * platforms. 20 batches of 10 at 40–150 ms each (docs/cost.md) is over 1,000 events a second. No function reserves
     * concurrency: Lambda keeps 100 of the account's quota unreserved, so a reservation cannot deploy in a new
     * account (quota 10). @default 20
     */
    classifierMaxConcurrency: z.number().int().min(2).max(1000).default(20),
    /** Followers from which an author counts as high-reach (HIGH_REACH_FOLLOWERS). @default 10000 */
    highReachFollowers: z.number().int().positive().default(10_000),
    /**
     * Crisis alert (CRISIS_THRESHOLDS of the classifier): at least `overall` negative posts across platforms, or
     * `perPlatform` on one platform, within `windowMinutes` page tier 1 once per window.
     * @default { windowMinutes: 10, overall: 20, perPlatform: 10 }
     */
    crisis: CrisisThresholdsSchema.default(DEFAULT_CRISIS_THRESHOLDS),
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
    /** Senders and links of the escalation (pages to on-call, offers to customers); see EscalationSettingsSchema. */
    escalation: EscalationSettingsSchema,
    /**
     * Level of the functions' Powertools logs (POWERTOOLS_LOG_LEVEL). No level logs post text or PII.
     * @default 'INFO'
     */
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    /**
     * Which functions X-Ray traces (Lambda samples the first request each second and 5% of the rest; it takes no
     * sampling rules). `all`: every function. `paging`: the paging path (escalation and SLA steps, the SLA sweep, the
     * link pages) and both state machines; the functions run per event or per staff request (FUNCTIONS' `perEvent`:
     * webhooks, classifier, staff API) pass a caller's trace through but start none, which keeps X-Ray to cents per
     * million events. @default 'paging'
     */
    tracing: z.enum(['all', 'paging']).default('paging'),
    /**
     * Marks a stage that serves real customers under a name other than prod, production or prod-<suffix> (which are
     * production whatever this says): synth refuses its placeholder senders and links (assertNoPlaceholders).
     * @default - production only if the name says so
     */
    production: z.boolean().optional(),
    /**
     * An address subscribed to the alarm topic (lib/observability.ts); SNS mails it a confirmation link first.
     * @default - none: subscribe people, a chat or a paging integration to the AlarmTopicArn output yourself
     */
    alarmEmail: EmailAddressSchema.optional(),
    /**
     * The API under the organisation's own name (lib/custom-domain.ts): pages, offers and the webhook URLs in the
     * outputs use it, since carriers filter SMS links on shared domains. The certificate must be issued in the
     * stack's region. @default - none: the API's execute-api URL
     */
    customDomain: z
      .object({
        domainName: z.string().regex(DOMAIN, { message: 'must be a domain name like care-api.example.com' }),
        certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, {
          message: 'must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)',
        }),
      })
      .strict()
      .optional(),
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
  if (PRODUCTION_NAME.test(name) && parsed.data.production === false) {
    throw new Error(
      `stage '${name}' settings are invalid: ${STAGES_CONTEXT_KEY}.${name}.production: a stage named '${name}' is always production; remove "production": false or rename the stage`,
    );
  }
  return { name, settings: parsed.data };
}

/** Stage names that always mean production: prod, production, and either with a suffix (prod-eu). */
const PRODUCTION_NAME = /^prod(uction)?(-|$)/;

/**
 * Whether the stage serves real customers: named prod, production or prod-<suffix>, or marked `"production": true`.
 * Only production stages must name a real sender (assertNoPlaceholders); dev and test stages may keep cdk.json's
 * example.com placeholders.
 */
export function isProductionStage(stage: Stage): boolean {
  return PRODUCTION_NAME.test(stage.name) || stage.settings.production === true;
}

/** Second-level domains reserved for documentation (RFC 2606): mail to them goes nowhere. */
const PLACEHOLDER_DOMAINS = ['example.com', 'example.org', 'example.net'];
/** Top-level domains reserved for testing and examples (RFC 2606, RFC 6761). */
const PLACEHOLDER_TLDS = ['test', 'invalid', 'example', 'localhost'];

/** Whether `host` is, or is under, a reserved example or test domain (example.com, *.test, localhost, …). */
export function isPlaceholderHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const tld = h.slice(h.lastIndexOf('.') + 1);
  return PLACEHOLDER_TLDS.includes(tld) || PLACEHOLDER_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
}

/** The escalation settings of `stage` that still hold a placeholder, as [setting, value]. */
export function placeholderSettings(stage: Stage): [setting: keyof EscalationStageSettings, value: string][] {
  const e = stage.settings.escalation;
  // The domain of an address, or the whole value when it is a domain already.
  const domainOf = (v: string) => v.slice(v.lastIndexOf('@') + 1);
  const found: [keyof EscalationStageSettings, string][] = [];
  const from = addressOfEmailFrom(e.emailFrom);
  if (from !== undefined && isPlaceholderHost(domainOf(from))) found.push(['emailFrom', e.emailFrom]);
  if (isPlaceholderHost(domainOf(e.sesIdentity))) found.push(['sesIdentity', e.sesIdentity]);
  if (e.publicBaseUrl !== undefined && isPlaceholderHost(new URL(e.publicBaseUrl).hostname)) found.push(['publicBaseUrl', e.publicBaseUrl]);
  return found;
}

/**
 * Base of the links in pages and offers: the stage's `escalation.publicBaseUrl`, else its custom domain, else
 * undefined (the API's own URL, known only in the stack).
 */
export function configuredPublicBaseUrl(settings: Pick<StageSettings, 'escalation' | 'customDomain'>): string | undefined {
  return settings.escalation.publicBaseUrl ?? (settings.customDomain ? `https://${settings.customDomain.domainName}` : undefined);
}

/**
 * Throws when a production stage still sends from, or links to, a placeholder domain: pages and customer offers
 * would never arrive (SES cannot verify example.com), and nothing else would say so before the first incident.
 * The message names each setting under `stages.<name>` in cdk.json. Non-production stages pass unchecked.
 */
export function assertNoPlaceholders(stage: Stage): void {
  if (!isProductionStage(stage)) return;
  const found = placeholderSettings(stage);
  if (found.length === 0) return;
  const list = found.map(([setting, value]) => `${STAGES_CONTEXT_KEY}.${stage.name}.escalation.${setting} ('${value}')`).join(', ');
  throw new Error(
    `stage '${stage.name}' is a production stage, but ${list} ${found.length === 1 ? 'is a placeholder' : 'are placeholders'} (example.com, example.org, example.net, *.test, *.invalid, *.example and localhost are reserved and never receive mail): set them in cdk.json under context.${STAGES_CONTEXT_KEY}.${stage.name}.escalation to the organisation's SES-verified sender (and publicBaseUrl to its own https domain, or leave it out to use the API's URL), or synth a non-production stage (-c ${STAGE_CONTEXT_KEY}=${DEFAULT_STAGE})`,
  );
}

export interface StageFromContextOptions {
  /**
   * Let a production stage keep placeholder senders. Only for test Apps, which synthesize cdk.json's prod stage as
   * shipped (example.com) to check its resources; bin/app.ts never sets it, so `cdk synth -c stage=prod` refuses.
   * @default false
   */
  readonly allowPlaceholders?: boolean;
}

/**
 * Reads the selected stage from a construct's context (the App's, which the CLI fills from cdk.json and -c), and
 * refuses a production stage with placeholder senders or links (assertNoPlaceholders) unless told otherwise.
 */
export function stageFromContext(scope: Construct, options: StageFromContextOptions = {}): Stage {
  const selected = scope.node.tryGetContext(STAGE_CONTEXT_KEY) ?? DEFAULT_STAGE;
  const stage = parseStage(String(selected), scope.node.tryGetContext(STAGES_CONTEXT_KEY));
  if (!options.allowPlaceholders) assertNoPlaceholders(stage);
  return stage;
}
