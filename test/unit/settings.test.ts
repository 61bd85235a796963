/** Settings from the environment fail the cold start loudly on a malformed value instead of silently defaulting. */
import { policyCacheMsFromEnv } from '../../lambdas/adapters/settings';

describe('policyCacheMsFromEnv', () => {
  it('defaults to a minute and reads POLICY_CACHE_SECONDS as seconds', () => {
    expect(policyCacheMsFromEnv({})).toBe(60_000);
    expect(policyCacheMsFromEnv({ POLICY_CACHE_SECONDS: '5' })).toBe(5_000);
    expect(policyCacheMsFromEnv({ POLICY_CACHE_SECONDS: '0' })).toBe(0);
  });

  it('refuses a value that is not a number ≥ 0', () => {
    expect(() => policyCacheMsFromEnv({ POLICY_CACHE_SECONDS: 'soon' })).toThrow(/POLICY_CACHE_SECONDS/);
    expect(() => policyCacheMsFromEnv({ POLICY_CACHE_SECONDS: '-1' })).toThrow(/POLICY_CACHE_SECONDS/);
  });
});
