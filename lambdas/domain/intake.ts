import { MAX_WEBHOOK_BODY_BYTES, STANDARD_WEBHOOKS_TOLERANCE_SECONDS } from '../../config/resources';
import type { AppSecrets } from '../../schemas/app-secrets';
import { GenericSourceNameSchema } from '../../schemas/app-secrets';
import { type SocialEvent, SocialEventSchema } from '../../schemas/social-event';
import { normaliseGeneric } from './platforms/generic';
import { normaliseMeta } from './platforms/meta';
import { type NormalisedDelivery, type NormaliseContext, PayloadError } from './platforms/types';
import { normaliseX } from './platforms/x';
import {
  metaHandshakeChallenge,
  verifyMetaSignature,
  verifyStandardWebhook,
  verifyXSignature,
  X_CRC_TOKEN,
  xCrcResponseToken,
} from './signatures';

/**
 * The intake use case, free of Lambda and HTTP framework types: a request goes in, a response and an outcome (for
 * logs and metrics) come out. Checks run cheapest-first — route, size, signature, JSON, schema — and a 200 is only
 * returned once every event of the delivery is on the queue.
 */

export interface WebhookRequest {
  method: string;
  /** Header names in lower case (API Gateway and the local front both guarantee it). */
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  pathParams: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
}

export interface WebhookResponse {
  statusCode: number;
  contentType: 'application/json' | 'text/plain';
  body: string;
}

/** What happened, for the structured log line and metrics; never carries post text or secrets. */
export interface IntakeOutcome {
  platform: string;
  result:
    | 'accepted'
    | 'handshake'
    | 'handshake-refused'
    | 'unauthorized'
    | 'not-found'
    | 'too-large'
    | 'bad-request'
    | 'unavailable';
  reason?: string;
  eventIds?: string[];
  echoes?: number;
  ignored?: number;
  /** Items parked on the DLQ because they failed their schema, and the first problem found. */
  parked?: number;
}

export interface IntakeResult {
  response: WebhookResponse;
  outcome: IntakeOutcome;
}

export interface IntakePorts {
  secrets(): Promise<AppSecrets>;
  /** Resolves once every event is durably queued; rejects otherwise (the platform will retry). */
  publish(events: readonly SocialEvent[]): Promise<void>;
  /** Parks items that failed their schema where a person will see them (the DLQ); rejects if it cannot. */
  park(items: readonly { platform: string; problem: string; item: unknown; receivedAt: string }[]): Promise<void>;
  now(): Date;
}

const json = (statusCode: number, value: unknown): WebhookResponse => ({
  statusCode,
  contentType: 'application/json',
  body: JSON.stringify(value),
});

function fail(platform: string, result: IntakeOutcome['result'], statusCode: number, message: string, reason?: string): IntakeResult {
  return { response: json(statusCode, { error: message }), outcome: { platform, result, reason: reason ?? message } };
}

/** Errors of the secrets port whose messages say what to fix, safe to log (lambdas/adapters/app-secrets.ts). */
const SECRET_SETUP_ERRORS = ['IncompleteSecretError', 'SecretSourceMissingError'];

async function loadSecrets(ports: IntakePorts, platform: string): Promise<AppSecrets | IntakeResult> {
  try {
    return await ports.secrets();
  } catch (err) {
    // The loader's own errors name missing fields or a missing setting (never values); anything else is reported by
    // name only.
    const detail = err instanceof Error && SECRET_SETUP_ERRORS.includes(err.name) ? err.message : errorName(err);
    return fail(platform, 'unavailable', 503, 'temporarily unavailable, retry later', `secrets: ${detail}`);
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}

const isResult = (v: unknown): v is IntakeResult => typeof v === 'object' && v !== null && 'response' in v;

/**
 * Parses, normalises, validates and queues one verified delivery. Everything a platform can send ends in a 200,
 * a 400 or (if our queue is down) a 503 that makes the platform retry — never an unhandled throw.
 */
async function acceptDelivery(
  platform: string,
  rawBody: Buffer,
  normalise: (body: unknown, ctx: NormaliseContext) => NormalisedDelivery,
  ports: IntakePorts,
): Promise<IntakeResult> {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return fail(platform, 'bad-request', 400, 'body is not valid JSON');
  }
  let delivery: NormalisedDelivery;
  const receivedAt = ports.now().toISOString();
  try {
    delivery = normalise(body, { receivedAt });
  } catch (err) {
    if (err instanceof PayloadError) return fail(platform, 'bad-request', 400, err.message);
    throw err;
  }
  // Each event is checked on its own (ids too long to store are refused here): one bad item is parked, not the batch.
  const events: SocialEvent[] = [];
  const invalid = [...delivery.invalid];
  for (const draft of delivery.events) {
    const checked = SocialEventSchema.safeParse(draft);
    if (checked.success) events.push(checked.data);
    else invalid.push({ problem: `${platform} event: ${describeEventIssue(checked.error)}`, item: draft });
  }
  // Nothing usable at all is a bad request; one bad item among good ones must not sink the batch (Meta retries
  // the whole POST for 36 hours, then drops it), so it is parked for a person instead.
  if (events.length === 0 && invalid.length > 0) {
    const more = invalid.length > 1 ? ` (and ${invalid.length - 1} more invalid item${invalid.length > 2 ? 's' : ''})` : '';
    return fail(platform, 'bad-request', 400, `${invalid[0]!.problem}${more}`);
  }
  try {
    await Promise.all([
      events.length > 0 ? ports.publish(events) : undefined,
      invalid.length > 0 ? ports.park(invalid.map((i) => ({ platform, problem: i.problem, item: i.item, receivedAt }))) : undefined,
    ]);
  } catch (err) {
    return fail(platform, 'unavailable', 503, 'temporarily unavailable, retry later', `queue: ${errorName(err)}`);
  }
  return {
    response: json(200, invalid.length > 0 ? { accepted: events.length, parked: invalid.length } : { accepted: events.length }),
    outcome: {
      platform,
      result: 'accepted',
      eventIds: events.map((e) => e.id),
      echoes: events.filter((e) => e.isEcho).length,
      ignored: delivery.ignored,
      ...(invalid.length > 0 ? { parked: invalid.length, reason: invalid[0]!.problem } : {}),
    },
  };
}

/** The first problem of a normalised event, by path and kind only: the value may be a customer's message or name. */
function describeEventIssue(error: { issues: readonly { path: readonly PropertyKey[]; code: string }[] }): string {
  const issue = error.issues[0];
  const where = issue?.path.map(String).join('.') || 'event';
  return issue?.code === 'too_big' ? `${where} is too long` : `${where} is invalid`;
}

function tooLarge(platform: string, rawBody: Buffer): IntakeResult | undefined {
  return rawBody.length > MAX_WEBHOOK_BODY_BYTES
    ? fail(platform, 'too-large', 413, `body over ${MAX_WEBHOOK_BODY_BYTES} bytes`)
    : undefined;
}

/** `GET|POST /webhooks/meta`: Facebook Pages, Messenger, Instagram and WhatsApp through one Meta app. */
export async function handleMetaWebhook(req: WebhookRequest, ports: IntakePorts): Promise<IntakeResult> {
  const platform = 'meta';
  const secrets = await loadSecrets(ports, platform);
  if (isResult(secrets)) return secrets;
  if (req.method === 'GET') {
    const challenge = metaHandshakeChallenge(req.query, secrets.metaVerifyToken);
    return challenge === undefined
      ? { response: { statusCode: 403, contentType: 'text/plain', body: 'forbidden' }, outcome: { platform, result: 'handshake-refused' } }
      : { response: { statusCode: 200, contentType: 'text/plain', body: challenge }, outcome: { platform, result: 'handshake' } };
  }
  const oversize = tooLarge(platform, req.rawBody);
  if (oversize) return oversize;
  if (!verifyMetaSignature(req.rawBody, req.headers['x-hub-signature-256'], secrets.metaAppSecret)) {
    return fail(platform, 'unauthorized', 401, 'invalid or missing X-Hub-Signature-256');
  }
  return acceptDelivery(platform, req.rawBody, normaliseMeta, ports);
}

/** `GET|POST /webhooks/x`: X Account Activity (CRC, tweets, DMs). */
export async function handleXWebhook(req: WebhookRequest, ports: IntakePorts): Promise<IntakeResult> {
  const platform = 'x';
  const secrets = await loadSecrets(ports, platform);
  if (isResult(secrets)) return secrets;
  if (req.method === 'GET') {
    const crcToken = req.query['crc_token'];
    if (!crcToken) return fail(platform, 'bad-request', 400, 'crc_token is required');
    if (!X_CRC_TOKEN.test(crcToken)) return fail(platform, 'bad-request', 400, 'crc_token is not of the shape X sends');
    return {
      response: json(200, { response_token: xCrcResponseToken(crcToken, secrets.xConsumerSecret) }),
      outcome: { platform, result: 'handshake' },
    };
  }
  const oversize = tooLarge(platform, req.rawBody);
  if (oversize) return oversize;
  if (!verifyXSignature(req.rawBody, req.headers['x-twitter-webhooks-signature'], secrets.xConsumerSecret)) {
    return fail(platform, 'unauthorized', 401, 'invalid or missing x-twitter-webhooks-signature');
  }
  return acceptDelivery(platform, req.rawBody, normaliseX, ports);
}

/** `POST /webhooks/generic/{source}`: any Standard Webhooks sender with its own `whsec_` secret. */
export async function handleGenericWebhook(req: WebhookRequest, ports: IntakePorts): Promise<IntakeResult> {
  const rawSource = req.pathParams['source'] ?? '';
  const parsedSource = GenericSourceNameSchema.safeParse(rawSource);
  const platform = parsedSource.success ? parsedSource.data : 'generic';
  if (!parsedSource.success) return fail(platform, 'not-found', 404, 'unknown source');
  const secrets = await loadSecrets(ports, platform);
  if (isResult(secrets)) return secrets;
  // Own properties only: a source named `constructor` must not find Object.prototype's.
  const secret = Object.hasOwn(secrets.webhookSecrets, platform) ? secrets.webhookSecrets[platform] : undefined;
  if (!secret) return fail(platform, 'not-found', 404, 'unknown source');
  const oversize = tooLarge(platform, req.rawBody);
  if (oversize) return oversize;
  const verdict = verifyStandardWebhook({
    rawBody: req.rawBody,
    id: req.headers['webhook-id'],
    timestamp: req.headers['webhook-timestamp'],
    signatureHeader: req.headers['webhook-signature'],
    secret,
    nowSeconds: Math.floor(ports.now().getTime() / 1000),
    toleranceSeconds: STANDARD_WEBHOOKS_TOLERANCE_SECONDS,
  });
  if (!verdict.ok) {
    const message = verdict.reason === 'stale-timestamp' ? 'webhook-timestamp outside the 5-minute tolerance' : 'invalid or missing webhook signature';
    return fail(platform, 'unauthorized', 401, message, verdict.reason);
  }
  return acceptDelivery(platform, req.rawBody, (body, ctx) => normaliseGeneric(platform, body, ctx), ports);
}
