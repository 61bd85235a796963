/**
 * The development secrets of `npm start` and the tests: public values, printed at start so a developer can sign test
 * deliveries. They live here, under local/, because no Lambda entry imports this directory, so esbuild never puts
 * them into a deployed bundle (test/infra/bundling.test.ts checks every bundle). A deployed function reads its
 * secrets from Secrets Manager only (lambdas/adapters/app-secrets.ts).
 */
export const LOCAL_SECRET_DEFAULTS = {
  META_APP_SECRET: 'dev-meta-app-secret',
  META_VERIFY_TOKEN: 'dev-meta-verify-token',
  X_CONSUMER_SECRET: 'dev-x-consumer-secret',
  STAFF_API_TOKEN: 'dev-staff-api-token-change-me',
  /** 32 bytes, base64: a valid Standard Webhooks secret for the `reviews` source. */
  WEBHOOK_SECRET_REVIEWS: 'whsec_ZGV2LXJldmlld3Mtc2VjcmV0LTMyLWJ5dGVzLWxvbmchIQ==',
} as const;

/** `env` with each unset (or empty) variable of LOCAL_SECRET_DEFAULTS set to its development value. */
export function withLocalSecretDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const [name, value] of Object.entries(LOCAL_SECRET_DEFAULTS)) out[name] ||= value;
  return out;
}

/**
 * Sets the development value of every unset secret variable in `env` (the local stack passes process.env, which the
 * handler modules read per request, as in Lambda). A variable the developer set is left as it is.
 */
export function applyLocalSecretDefaults(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(LOCAL_SECRET_DEFAULTS)) env[name] ||= value;
}
