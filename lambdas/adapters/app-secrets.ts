import { type AppSecrets, AppSecretsSchema } from '../../schemas/app-secrets';


/**
 * Where the webhook and API secrets come from. In AWS: the one Secrets Manager secret named by APP_SECRETS_ARN,
 * fetched through Powertools Parameters, which caches it for SECRETS_MAX_AGE_SECONDS so a warm Lambda does not
 * call Secrets Manager per request. On this machine: the environment, with development defaults.
 * Values are never logged.
 */

/** Development defaults for `npm start`; printed at start so a developer can sign test deliveries. */
export const LOCAL_SECRET_DEFAULTS = {
  META_APP_SECRET: 'dev-meta-app-secret',
  META_VERIFY_TOKEN: 'dev-meta-verify-token',
  X_CONSUMER_SECRET: 'dev-x-consumer-secret',
  STAFF_API_TOKEN: 'dev-staff-api-token-change-me',
  /** 32 bytes, base64: a valid Standard Webhooks secret for the `reviews` source. */
  WEBHOOK_SECRET_REVIEWS: 'whsec_ZGV2LXJldmlld3Mtc2VjcmV0LTMyLWJ5dGVzLWxvbmchIQ==',
} as const;

const WEBHOOK_SECRET_PREFIX = 'WEBHOOK_SECRET_';

/** `WEBHOOK_SECRET_REVIEW_SITE` serves `/webhooks/generic/review-site` and `/webhooks/generic/review_site`. */
export function sourceNamesForEnvKey(key: string): string[] {
  const base = key.slice(WEBHOOK_SECRET_PREFIX.length).toLowerCase();
  return base.includes('_') ? [base, base.replaceAll('_', '-')] : [base];
}

/** Reads the contract's local variables; unset ones take the printed development defaults. */
export function secretsFromEnv(env: NodeJS.ProcessEnv): AppSecrets {
  const pick = (name: keyof typeof LOCAL_SECRET_DEFAULTS) => env[name] || LOCAL_SECRET_DEFAULTS[name];
  const webhookSecrets: Record<string, string> = {};
  const keys = new Set([
    ...Object.keys(env).filter((k) => k.startsWith(WEBHOOK_SECRET_PREFIX) && env[k]),
    'WEBHOOK_SECRET_REVIEWS',
  ]);
  for (const key of keys) {
    const value = env[key] || LOCAL_SECRET_DEFAULTS[key as 'WEBHOOK_SECRET_REVIEWS'];
    if (!value) continue;
    for (const source of sourceNamesForEnvKey(key)) webhookSecrets[source] = value;
  }
  return parseAppSecrets({
    metaAppSecret: pick('META_APP_SECRET'),
    metaVerifyToken: pick('META_VERIFY_TOKEN'),
    xConsumerSecret: pick('X_CONSUMER_SECRET'),
    staffApiToken: pick('STAFF_API_TOKEN'),
    webhookSecrets,
  });
}

/** The secret exists but lacks fields (ops have not filled it in yet); names the fields, never the values. */
export class IncompleteSecretError extends Error {
  override readonly name = 'IncompleteSecretError';
}

export function parseAppSecrets(raw: unknown): AppSecrets {
  const parsed = AppSecretsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(whole secret)'))];
  throw new IncompleteSecretError(`app secret field(s) missing or invalid: ${fields.join(', ')}`);
}

/** A cached loader over Secrets Manager; the module is imported lazily so local runs never load it. */
export function secretsFromSecretsManager(secretArn: string, maxAgeSeconds: number): () => Promise<AppSecrets> {
  // Powertools hands back the same cached object until maxAge passes, so it is validated once per fetch, not once
  // per webhook (this runs on every request).
  const parse = cachedByIdentity(parseAppSecrets);
  return async () => {
    const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
    return parse(await getSecret(secretArn, { transform: 'json', maxAge: maxAgeSeconds }));
  };
}

/** Wraps `parse` so the same input object (by identity) is parsed once; a new object is parsed again. */
export function cachedByIdentity<T>(parse: (raw: unknown) => T): (raw: unknown) => T {
  let last: { raw: unknown; parsed: T } | undefined;
  return (raw) => {
    if (last === undefined || last.raw !== raw) last = { raw, parsed: parse(raw) };
    return last.parsed;
  };
}

/** Picks the source from the environment: Secrets Manager when APP_SECRETS_ARN is set, else local env. */
export function appSecretsLoader(env: NodeJS.ProcessEnv): () => Promise<AppSecrets> {
  const arn = env.APP_SECRETS_ARN;
  if (arn) return secretsFromSecretsManager(arn, Number(env.SECRETS_MAX_AGE_SECONDS ?? 300));
  // Read per call, so a developer's changed env (and each test's) applies without a restart of the module.
  return async () => secretsFromEnv(env);
}
