import { appSecretsLoader, cachedByIdentity, IncompleteSecretError, parseAppSecrets, secretsFromEnv, sourceNamesForEnvKey } from '../../lambdas/adapters/app-secrets';
import { handleMetaWebhook } from '../../lambdas/domain/intake';
import { intakePortsFromEnv } from '../../lambdas/intake/http';
import { LOCAL_SECRET_DEFAULTS, withLocalSecretDefaults } from '../../local/secret-defaults';

const whsec = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');

describe('app secrets', () => {
  it('reads the contract variables; the local stack fills unset ones with the printed development defaults', () => {
    const env = withLocalSecretDefaults({ META_APP_SECRET: 'm', WEBHOOK_SECRET_BLOG_SITE: whsec });
    const s = secretsFromEnv(env);
    expect(s.metaAppSecret).toBe('m');
    expect(s.metaVerifyToken).toBe('dev-meta-verify-token');
    expect(Object.keys(s.webhookSecrets).sort()).toEqual(['blog-site', 'blog_site', 'reviews']);
  });

  it('has no development defaults of its own: unset variables are missing fields, named without values', () => {
    const attempt = () => secretsFromEnv({ META_APP_SECRET: 'sekrit-app-secret' });
    expect(attempt).toThrow(IncompleteSecretError);
    expect(attempt).toThrow('app secret field(s) missing or invalid: metaVerifyToken, xConsumerSecret');
    expect(() => attempt()).not.toThrow(/sekrit/);
  });

  it('maps WEBHOOK_SECRET_<SOURCE> to lower-case source names, underscores also as hyphens', () => {
    expect(sourceNamesForEnvKey('WEBHOOK_SECRET_REVIEWS')).toEqual(['reviews']);
    expect(sourceNamesForEnvKey('WEBHOOK_SECRET_TRUST_PILOT')).toEqual(['trust_pilot', 'trust-pilot']);
  });

  it('names the missing fields of a secret ops have not filled in, never its values', () => {
    const attempt = () => parseAppSecrets({ metaAppSecret: null, metaVerifyToken: 'sekrit-token', xConsumerSecret: null, webhookSecrets: {} });
    expect(attempt).toThrow(IncompleteSecretError);
    expect(attempt).toThrow('app secret field(s) missing or invalid: metaAppSecret, xConsumerSecret');
    try {
      attempt();
    } catch (err) {
      expect(String((err as Error).message)).not.toContain('sekrit');
    }
  });

  it('rejects a generic source secret that is not whsec_ base64', () => {
    expect(() => secretsFromEnv(withLocalSecretDefaults({ WEBHOOK_SECRET_BLOG: 'plain-password' }))).toThrow('webhookSecrets.blog');
  });

  it('validates a cached secret object once, and a refreshed one again', () => {
    let calls = 0;
    const parse = cachedByIdentity((raw) => {
      calls++;
      return raw;
    });
    const first = { a: 1 };
    parse(first);
    parse(first);
    expect(calls).toBe(1);
    const refreshed = { a: 2 };
    expect(parse(refreshed)).toBe(refreshed);
    expect(calls).toBe(2);
  });
});

describe('in Lambda, secrets come from APP_SECRETS_ARN only', () => {
  /** A deployed webhook function whose APP_SECRETS_ARN went missing, with the development values in its env. */
  const lambdaEnv = {
    AWS_LAMBDA_FUNCTION_NAME: 'SocialCare-prod-MetaWebhook',
    AWS_REGION: 'us-east-1',
    EVENTS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/events',
    BULK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/bulk',
    EVENTS_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/events-dlq',
    ...LOCAL_SECRET_DEFAULTS,
  };

  it('refuses to read secrets from the environment, naming the missing setting', async () => {
    await expect(appSecretsLoader(lambdaEnv)()).rejects.toThrow(/APP_SECRETS_ARN is not set/);
  });

  it('answers a correctly signed delivery 503 (the platform retries), logging the missing setting and no secret', async () => {
    // Arrange: a handshake with the development verify token, which would pass with the development defaults.
    const ports = intakePortsFromEnv(lambdaEnv);
    const req = {
      method: 'GET',
      headers: {},
      query: { 'hub.mode': 'subscribe', 'hub.challenge': '42', 'hub.verify_token': LOCAL_SECRET_DEFAULTS.META_VERIFY_TOKEN },
      pathParams: {},
      rawBody: Buffer.alloc(0),
    };
    // Act
    const { response, outcome } = await handleMetaWebhook(req, ports);
    // Assert
    expect(response.statusCode).toBe(503);
    expect(outcome).toMatchObject({ result: 'unavailable', reason: expect.stringMatching(/^secrets: APP_SECRETS_ARN is not set/) });
    const said = JSON.stringify({ response, outcome });
    for (const value of Object.values(LOCAL_SECRET_DEFAULTS)) expect(said).not.toContain(value);
  });
});

it('names a problem by field, never by a key that is no field or source name (a secret pasted in a name\'s place)', () => {
  const pasted = 'whsec_Geaw7iyFVXp/VnOp9rQf7fmBYa/upPrO54XOUhu6Zjg=';
  let message = '';
  try {
    parseAppSecrets({ metaAppSecret: 'm', metaVerifyToken: 'v', xConsumerSecret: 'x', webhookSecrets: { [pasted]: 'reviews' } });
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toContain('webhookSecrets (a key that is not a source name');
  expect(message).not.toContain('Geaw7iy');
});
