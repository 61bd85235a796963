import fc from 'fast-check';
import {
  CrcTokenRefused,
  metaHandshakeChallenge,
  signMeta,
  signStandardWebhook,
  signX,
  verifyMetaSignature,
  verifyStandardWebhook,
  verifyXSignature,
  X_CRC_TOKEN,
  xCrcResponseToken,
} from '../../lambdas/domain/signatures';

// Vectors computed with node:crypto and cross-checked with openssl (Meta, X); Standard Webhooks' own vector.
const META_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const META_BODY =
  '{"object":"page","entry":[{"id":"104857600000001","time":1718000000,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"104857600000001_900000000000002_800000000000003","post_id":"104857600000001_900000000000002","parent_id":"104857600000001_900000000000002","from":{"id":"6000000000000004","name":"Dana Reyes"},"message":"My order #4411 arrived damaged","created_time":1717999990}}]}]}';
const META_SIG = 'sha256=a7a39100fcff799541a38f3daebab6c5c380adb5084a4fd464e227bfa38ac697';

describe('Meta signature', () => {
  it('accepts the reference vector over the raw bytes', () => {
    expect(Buffer.byteLength(META_BODY)).toBe(414);
    expect(verifyMetaSignature(Buffer.from(META_BODY), META_SIG, META_SECRET)).toBe(true);
    expect(signMeta(META_BODY, META_SECRET)).toBe(META_SIG);
  });

  it('hashes escaped unicode as sent, not a re-serialised copy', () => {
    const wire = Buffer.from('{"message":"caf\\u00e9"}');
    expect(wire.length).toBe(23);
    const sig = 'sha256=eb1b03da0e1754d16be63ec9b3d172e5167b81cf2bf55820452d14d6f51df841';
    expect(verifyMetaSignature(wire, sig, META_SECRET)).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(wire.toString())));
    expect(verifyMetaSignature(reserialised, sig, META_SECRET)).toBe(false);
  });

  it('accepts an upper-case hex digest (hex case is not part of the secret)', () => {
    expect(verifyMetaSignature(Buffer.from(META_BODY), META_SIG.toUpperCase().replace('SHA256', 'sha256'), META_SECRET)).toBe(true);
  });

  it.each([
    ['a missing header', undefined],
    ['an empty header', ''],
    ['the legacy sha1 header value', 'sha1=626f2d81d94724c4141b67f222d4ed63cf2a1193'],
    ['a digest with no prefix', META_SIG.slice(7)],
    ['a digest one character short', META_SIG.slice(0, -1)],
    ['a digest with one character changed', META_SIG.slice(0, -1) + '8'],
  ])('rejects %s', (_label, header) => {
    expect(verifyMetaSignature(Buffer.from(META_BODY), header, META_SECRET)).toBe(false);
  });

  it('rejects a body with one byte changed', () => {
    expect(verifyMetaSignature(Buffer.from(META_BODY.replace('4411', '4412')), META_SIG, META_SECRET)).toBe(false);
  });

  it('rejects everything when no app secret is configured', () => {
    expect(verifyMetaSignature(Buffer.from(META_BODY), signMeta(META_BODY, ''), '')).toBe(false);
  });
});

describe('Meta handshake', () => {
  const q = (o: Record<string, string>) => o;
  it("echoes the challenge for Meta's own sample", () => {
    expect(
      metaHandshakeChallenge(q({ 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': 'meatyhamhock' }), 'meatyhamhock'),
    ).toBe('1158201444');
  });
  it.each([
    ['a wrong token', { 'hub.mode': 'subscribe', 'hub.challenge': '1', 'hub.verify_token': 'nope' }, 'tok'],
    ['a mode other than subscribe', { 'hub.mode': 'unsubscribe', 'hub.challenge': '1', 'hub.verify_token': 'tok' }, 'tok'],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok' }, 'tok'],
    ['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }, 'tok'],
    ['an empty configured token', { 'hub.mode': 'subscribe', 'hub.challenge': '1', 'hub.verify_token': '' }, ''],
  ])('refuses %s', (_label, query, configured) => {
    expect(metaHandshakeChallenge(query, configured)).toBeUndefined();
  });
});

describe('X signatures', () => {
  const secret = 'xKq3vN8pLr2TzW6yBd9mHf4sJc7gUe1aQo5iVt0bXn';
  it('answers the CRC vector', () => {
    expect(xCrcResponseToken('b3f1c6a2-7d4e-4f5a-9c8b-0e1d2f3a4b5c', secret)).toBe('sha256=1EbblUlRPtBODnyXyBvu/tIjBG5U0LRC1tZSetIvnL0=');
  });
  const body =
    '{"for_user_id":"1700000000000000001","tweet_create_events":[{"id_str":"1800000000000000002","text":"@AcmeSupport my refund hasn\'t arrived"}]}';
  const sig = 'sha256=//rkP/I0/P1XPx2Oa7IB8MiiWRw1+nNgxG3VLIjXTow=';
  it('answers a base64url token as X sends them today', () => {
    expect(xCrcResponseToken('M2RkODJkZmMtYjlkYi00NmQ4LTk0MGUtM2JjYzkwM2Q4MjQ0', secret)).toMatch(/^sha256=[A-Za-z0-9+/]{43}=$/);
  });
  it('never signs a string that could be a delivery body (the CRC is no signing oracle)', () => {
    expect(() => xCrcResponseToken(body, secret)).toThrow(CrcTokenRefused);
    for (const token of ['{}', '[1]', '"x"', 'a b', 'a'.repeat(129), '', 'ü']) {
      expect(() => xCrcResponseToken(token, secret)).toThrow(CrcTokenRefused);
    }
  });
  it('accepts no token that parses as a JSON object', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 140 }), (token) => {
        if (!X_CRC_TOKEN.test(token)) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(token);
        } catch {
          return;
        }
        expect(typeof parsed === 'object' && parsed !== null).toBe(false);
      }),
    );
  });
  it('accepts the POST vector', () => {
    expect(Buffer.byteLength(body)).toBe(141);
    expect(verifyXSignature(Buffer.from(body), sig, secret)).toBe(true);
    expect(signX(body, secret)).toBe(sig);
  });
  it.each([
    ['a missing header', undefined],
    ['a hex digest', 'sha256=' + Buffer.from(sig.slice(7), 'base64').toString('hex')],
    ['a digest keyed with another secret', signX(body, 'other')],
  ])('rejects %s', (_label, header) => {
    expect(verifyXSignature(Buffer.from(body), header, secret)).toBe(false);
  });
});

describe('Standard Webhooks', () => {
  // The official vector (standard-webhooks libraries' "sign function" tests).
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const ts = 1614265330;
  const payload = '{"test": 2432232314}';
  const expected = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
  const base = {
    rawBody: Buffer.from(payload),
    id,
    timestamp: String(ts),
    secret,
    nowSeconds: ts,
    toleranceSeconds: 300,
  };

  it('signs the official vector', () => {
    expect(signStandardWebhook(secret, id, ts, payload)).toBe(expected);
  });

  it('accepts when any v1 entry of several matches (key rotation)', () => {
    const header = `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ${expected}`;
    expect(verifyStandardWebhook({ ...base, signatureHeader: header })).toEqual({ ok: true });
  });

  it('skips unknown versions and accepts the v1 entry', () => {
    expect(verifyStandardWebhook({ ...base, signatureHeader: `v1a,abcd ${expected}` })).toEqual({ ok: true });
  });

  it('accepts at the edge of the 5-minute tolerance, both ways', () => {
    expect(verifyStandardWebhook({ ...base, signatureHeader: expected, nowSeconds: ts + 300 }).ok).toBe(true);
    expect(verifyStandardWebhook({ ...base, signatureHeader: expected, nowSeconds: ts - 300 }).ok).toBe(true);
  });

  it.each([
    ['a timestamp 301 s old', { nowSeconds: ts + 301 }, 'stale-timestamp'],
    ['a timestamp 301 s in the future', { nowSeconds: ts - 301 }, 'stale-timestamp'],
    ['a body with one digit changed', { rawBody: Buffer.from('{"test": 2432232315}') }, 'bad-signature'],
    ['another message id', { id: 'msg_other' }, 'bad-signature'],
    ['a non-numeric timestamp', { timestamp: '16142x5330' }, 'bad-timestamp'],
    ['a missing id', { id: undefined }, 'missing-headers'],
    ['a missing timestamp', { timestamp: undefined }, 'missing-headers'],
    ['a secret that is not base64', { secret: 'whsec_not base64!' }, 'bad-secret'],
  ])('rejects %s', (_label, change, reason) => {
    expect(verifyStandardWebhook({ ...base, signatureHeader: expected, ...change })).toEqual({ ok: false, reason });
  });

  it.each([
    ['a missing header', undefined, 'missing-headers'],
    ['only a v1a entry', 'v1a,' + expected.slice(3), 'bad-signature'],
    ['an entry with no comma', expected.replace(',', ''), 'bad-signature'],
    ['the right digest under v2', expected.replace('v1,', 'v2,'), 'bad-signature'],
  ])('rejects a signature header with %s', (_label, header, reason) => {
    expect(verifyStandardWebhook({ ...base, signatureHeader: header })).toEqual({ ok: false, reason });
  });
});
