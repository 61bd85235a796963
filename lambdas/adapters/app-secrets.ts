import { type AppSecrets, AppSecretsSchema, secretFieldPath } from '../../schemas/app-secrets';

/**
 * Where the webhook and API secrets come from. In AWS: the one Secrets Manager secret named by APP_SECRETS_ARN,
 * fetched through Powertools Parameters, which caches it for SECRETS_MAX_AGE_SECONDS so a warm Lambda does not
 * call Secrets Manager per request; a function running in Lambda without APP_SECRETS_ARN refuses every request
 * instead of reading its environment. On this machine: the environment (the local stack fills unset variables with
 * the development values of local/secret-defaults.ts, which no Lambda bundle contains). Values are never logged.
 */

const WEBHOOK_SECRET_PREFIX = 'WEBHOOK_SECRET_';

/** `WEBHOOK_SECRET_REVIEW_SITE` serves `/webhooks/generic/review-site` and `/webhooks/generic/review_site`. */
export function sourceNamesForEnvKey(key: string): string[] {
  const base = key.slice(WEBHOOK_SECRET_PREFIX.length).toLowerCase();
  return base.includes('_') ? [base, base.replaceAll('_', '-')] : [base];
}

/** Reads the contract's local variables; an unset one is a missing field (IncompleteSecretError names it). */
export function secretsFromEnv(env: NodeJS.ProcessEnv): AppSecrets {
  const webhookSecrets: Record<string, string> = {};
  for (const key of Object.keys(env).filter((k) => k.startsWith(WEBHOOK_SECRET_PREFIX) && env[k])) {
    for (const source of sourceNamesForEnvKey(key)) webhookSecrets[source] = env[key]!;
  }
  return parseAppSecrets({
    metaAppSecret: env.META_APP_SECRET || undefined,
    metaVerifyToken: env.META_VERIFY_TOKEN || undefined,
    xConsumerSecret: env.X_CONSUMER_SECRET || undefined,
    staffApiToken: env.STAFF_API_TOKEN || undefined,
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
  const fields = [...new Set(parsed.error.issues.map((i) => secretFieldPath(i.path)))];
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

/**
 * A function running in Lambda (AWS_LAMBDA_FUNCTION_NAME is set) without APP_SECRETS_ARN: a deployment fault, not a
 * reason to read secrets from the environment. The message names the setting, never a value.
 */
export class SecretSourceMissingError extends Error {
  override readonly name = 'SecretSourceMissingError';
}

/**
 * Picks the source: Secrets Manager when APP_SECRETS_ARN is set; in Lambda without it, a loader that always fails
 * (the webhooks answer 503 and log why, so platforms retry until the deployment is fixed); else the local env.
 */
export function appSecretsLoader(env: NodeJS.ProcessEnv): () => Promise<AppSecrets> {
  const arn = env.APP_SECRETS_ARN;
  if (arn) return secretsFromSecretsManager(arn, Number(env.SECRETS_MAX_AGE_SECONDS ?? 300));
  if (env.AWS_LAMBDA_FUNCTION_NAME) {
    const missing = new SecretSourceMissingError(
      'APP_SECRETS_ARN is not set: a function in Lambda reads its secrets from Secrets Manager only (lib/function-factory.ts sets it for functions with readsSecrets); every request is refused until it is deployed with it',
    );
    return async () => {
      throw missing;
    };
  }
  // Read per call, so a developer's changed env (and each test's) applies without a restart of the module.
  return async () => secretsFromEnv(env);
}
