import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { AppSecrets as AppSecretsJson } from '../schemas/app-secrets';

/** The one field Secrets Manager generates: a random token we issue ourselves. */
export const GENERATED_SECRET_KEY = 'staffApiToken' satisfies keyof AppSecretsJson;

/** Fields issued by the platforms (Meta, X) or chosen by ops; they start as JSON null. */
type PlatformFields = Exclude<keyof AppSecretsJson, typeof GENERATED_SECRET_KEY | 'webhookSecrets'>;

/**
 * The initial JSON of the secret: every field of schemas/app-secrets.ts except the generated one. The mapped type
 * makes a field added to the schema a compile error here.
 *
 * Platform fields are null, not a placeholder string: a published placeholder would be a valid HMAC key, so anyone
 * could sign forged deliveries for a platform ops had not configured yet. null fails the schema, so the intake
 * Lambdas refuse every delivery (503 naming the missing fields in the log; platforms retry) until ops paste the real values; webhookSecrets starts empty,
 * which the schema reads as "no generic source exists".
 */
export const SECRET_TEMPLATE: { [K in PlatformFields]: null } & Pick<AppSecretsJson, 'webhookSecrets'> = {
  metaAppSecret: null,
  metaVerifyToken: null,
  xConsumerSecret: null,
  webhookSecrets: {},
};

export interface AppSecretsProps {
  /** The stack's data key (lib/data-key.ts). */
  readonly encryptionKey: IKey;
}

/**
 * The Secrets Manager secret holding the webhook and API secrets (one secret: one fetch per cold start, one price).
 * Created with SECRET_TEMPLATE plus a generated staffApiToken; ops fill in the platform values after the first
 * deploy (docs/deploy.md). CloudFormation only writes the value when the template changes, so later deploys keep
 * what ops entered; changing the template (or the generator settings) regenerates the whole value and erases it,
 * so add new fields by hand in the console rather than here.
 *
 * Retained on stack deletion: the values were pasted in by a person, and losing them with the stack would stop every
 * webhook until they are collected again from each platform.
 *
 * Encrypted with the stack's data key (lib/data-key.ts) instead of aws/secretsmanager; readers get kms:Decrypt through
 * Secrets Manager only (Secret.grantRead). A stage whose key is destroyed with the stack leaves this retained secret
 * unreadable once the key's deletion completes (30 days later, cancellable until then).
 */
export class AppSecrets extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      encryptionKey: props.encryptionKey,
      description: 'Social care webhook and API secrets (JSON, see schemas/app-secrets.ts). Fill in the null fields after deploy.',
      generateSecretString: {
        secretStringTemplate: JSON.stringify(SECRET_TEMPLATE),
        generateStringKey: GENERATED_SECRET_KEY,
        passwordLength: 48,
        // Letters and digits only: the token travels in an HTTP header.
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The values are issued by third parties (Meta app secret, X consumer secret, Standard Webhooks signing secrets) and can only be rotated in those platforms\' dashboards; a Secrets Manager rotation Lambda cannot rotate them. The one value we issue (staffApiToken) is rotated by ops together with its clients.',
    });
  }
}
