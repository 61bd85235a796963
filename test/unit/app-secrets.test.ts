import { cachedByIdentity, IncompleteSecretError, parseAppSecrets, secretsFromEnv, sourceNamesForEnvKey } from '../../lambdas/adapters/app-secrets';

const whsec = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');

describe('app secrets', () => {
  it('reads the contract variables, falling back to the printed development defaults', () => {
    const s = secretsFromEnv({ META_APP_SECRET: 'm', WEBHOOK_SECRET_BLOG_SITE: whsec });
    expect(s.metaAppSecret).toBe('m');
    expect(s.metaVerifyToken).toBe('dev-meta-verify-token');
    expect(Object.keys(s.webhookSecrets).sort()).toEqual(['blog-site', 'blog_site', 'reviews']);
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
    expect(() => secretsFromEnv({ WEBHOOK_SECRET_BLOG: 'plain-password' })).toThrow('webhookSecrets.blog');
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
