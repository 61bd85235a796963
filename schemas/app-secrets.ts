import * as z from 'zod';

/**
 * The JSON held by the one Secrets Manager secret in AWS (`APP_SECRETS_ARN`), and what the local stack builds from
 * its environment. Ops fill it in after the first deploy (docs/deploy.md).
 */
export const StandardWebhookSecretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'a Standard Webhooks secret is whsec_ followed by base64');

export const GenericSourceNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/);

export const AppSecretsSchema = z.object({
  metaAppSecret: z.string().min(1),
  metaVerifyToken: z.string().min(1),
  xConsumerSecret: z.string().min(1),
  staffApiToken: z.string().min(16).optional(),
  /** One `whsec_` secret per generic source; a source with no secret does not exist (404). */
  webhookSecrets: z.record(GenericSourceNameSchema, StandardWebhookSecretSchema).default({}),
});
export type AppSecrets = z.infer<typeof AppSecretsSchema>;

/** The fields ops fill in by hand after the first deploy (the platforms issue them). */
export const SECRET_FIELDS_TO_FILL = ['metaAppSecret', 'metaVerifyToken', 'xConsumerSecret'] as const satisfies readonly (keyof AppSecrets)[];

/**
 * Where in the secret a problem is, for logs and the operator's terminal — never a value, and never a key that is
 * not a field's or a source's name: a secret pasted where a name belongs (`{"whsec_…": "reviews"}`) would otherwise
 * be printed, and logged by every function that reads the secret.
 */
export function secretFieldPath(path: readonly PropertyKey[]): string {
  const [field, key] = path;
  if (field === undefined) return '(the whole secret)';
  if (typeof field !== 'string' || !Object.hasOwn(AppSecretsSchema.shape, field)) return '(a field that is not one of the secret\'s)';
  if (field !== 'webhookSecrets' || key === undefined) return field;
  return typeof key === 'string' && GenericSourceNameSchema.safeParse(key).success ? `webhookSecrets.${key}` : 'webhookSecrets (a key that is not a source name: a secret in its place?)';
}
