/** Settings from the environment fail the cold start loudly on a malformed value instead of silently defaulting. */
import { caseRetentionDaysFromEnv, escalationSettingsFromEnv, policyCacheMsFromEnv, sourceNamesFromEnv } from '../../lambdas/adapters/settings';

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

describe('escalationSettingsFromEnv: the daily cap of offers', () => {
  const env = (cap?: string) => ({ PUBLIC_BASE_URL: 'https://care.example.com', ...(cap === undefined ? {} : { OFFER_DAILY_CAP: cap }) });

  test('defaults to 500 a day, takes a whole number ≥ 1, and fails the cold start on anything else', () => {
    expect(escalationSettingsFromEnv(env()).offerDailyCap).toBe(500);
    expect(escalationSettingsFromEnv(env('3')).offerDailyCap).toBe(3);
    for (const bad of ['0', '-1', '2.5', 'lots']) expect(() => escalationSettingsFromEnv(env(bad))).toThrow(/OFFER_DAILY_CAP/);
  });
});

describe('sourceNamesFromEnv: what customers call each generic source', () => {
  it('reads SOURCE_NAMES as JSON, none when unset', () => {
    expect(sourceNamesFromEnv({})).toEqual({});
    expect(sourceNamesFromEnv({ SOURCE_NAMES: '{"reviews":" Trustpilot ","blog":"the Acme blog"}' })).toEqual({ reviews: 'Trustpilot', blog: 'the Acme blog' });
  });
  it.each([
    ['not JSON', '{reviews: Trustpilot}'],
    ['a source id that is no URL segment', '{"Reviews Site":"Trustpilot"}'],
    ['an empty name', '{"reviews":""}'],
    ['a name over 40 characters', `{"reviews":"${'x'.repeat(41)}"}`],
    ['a name with a line break', '{"reviews":"Trust\\npilot"}'],
    ['a name with markup', '{"reviews":"<b>Trustpilot</b>"}'],
  ])('fails the cold start on %s, naming the variable', (_what, value) => {
    expect(() => sourceNamesFromEnv({ SOURCE_NAMES: value })).toThrow(/^SOURCE_NAMES must be JSON/);
  });
});

describe('caseRetentionDaysFromEnv: how long cases are kept after their last write', () => {
  it('is unset (kept until erased) by default, and reads whole days', () => {
    expect(caseRetentionDaysFromEnv({})).toBeUndefined();
    expect(caseRetentionDaysFromEnv({ CASE_RETENTION_DAYS: '' })).toBeUndefined();
    expect(caseRetentionDaysFromEnv({ CASE_RETENTION_DAYS: '730' })).toBe(730);
  });
  it('fails the cold start on a value that is not a whole number ≥ 1', () => {
    for (const bad of ['0', '-3', '1.5', 'forever']) expect(() => caseRetentionDaysFromEnv({ CASE_RETENTION_DAYS: bad })).toThrow(/CASE_RETENTION_DAYS/);
  });
});
