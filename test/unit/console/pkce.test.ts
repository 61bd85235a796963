/** The console's PKCE and token handling (console/src/pkce.ts), against RFC 7636's own example and Cognito's answers. */
import { authorizeUrl, base64url, challengeOf, codeExchangeBody, jwtClaims, logoutUrl, randomToken, readTokenAnswer, refreshBody } from '../../../console/src/pkce';

const client = { signInUrl: 'https://social-care-dev-123.auth.eu-west-2.amazoncognito.com', clientId: 'abc123client', redirectUri: 'https://d111.cloudfront.net/' };
const jwt = (claims: object) => `${base64url(new TextEncoder().encode('{"alg":"RS256"}'))}.${base64url(new TextEncoder().encode(JSON.stringify(claims)))}.c2ln`;

test('RFC 7636 appendix B: the verifier of those 32 octets and its S256 challenge', async () => {
  const octets = [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121];
  const verifier = base64url(Uint8Array.from(octets));
  expect(verifier).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
  await expect(challengeOf(verifier)).resolves.toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('random tokens are 43 base64url characters (256 bits) and never repeat', () => {
  const seen = new Set(Array.from({ length: 200 }, () => randomToken()));
  expect(seen.size).toBe(200);
  for (const t of seen) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
});

test('the sign-in URL asks for a code with the S256 challenge, the state and the registered redirect', () => {
  const url = new URL(authorizeUrl(client, 'state-1', 'challenge-1'));
  expect(url.origin + url.pathname).toBe(`${client.signInUrl}/oauth2/authorize`);
  expect(Object.fromEntries(url.searchParams)).toEqual({
    response_type: 'code',
    client_id: 'abc123client',
    redirect_uri: 'https://d111.cloudfront.net/',
    scope: 'openid email profile',
    state: 'state-1',
    code_challenge: 'challenge-1',
    code_challenge_method: 'S256',
  });
  expect(Object.fromEntries(new URL(logoutUrl(client)).searchParams)).toEqual({ client_id: 'abc123client', logout_uri: 'https://d111.cloudfront.net/' });
});

test('the token requests: the code with its verifier, and the refresh', () => {
  expect(Object.fromEntries(new URLSearchParams(codeExchangeBody(client, 'the-code', 'the-verifier')))).toEqual({
    grant_type: 'authorization_code',
    client_id: 'abc123client',
    code: 'the-code',
    redirect_uri: 'https://d111.cloudfront.net/',
    code_verifier: 'the-verifier',
  });
  expect(Object.fromEntries(new URLSearchParams(refreshBody(client, 'r-1')))).toEqual({ grant_type: 'refresh_token', client_id: 'abc123client', refresh_token: 'r-1' });
});

test('a token answer gives the ID token, its expiry and the refresh token; a refresh keeps the one held', () => {
  const idToken = jwt({ sub: 'u1', exp: 2_000_000_000 });
  expect(readTokenAnswer(200, { id_token: idToken, access_token: 'a', refresh_token: 'r-1', expires_in: 3600 })).toEqual({
    ok: true,
    tokens: { idToken, expiresAt: 2_000_000_000_000, refreshToken: 'r-1' },
  });
  expect(readTokenAnswer(200, { id_token: idToken }, 'r-held')).toEqual({ ok: true, tokens: { idToken, expiresAt: 2_000_000_000_000, refreshToken: 'r-held' } });
});

test('a refused or malformed answer says why, in words, and never echoes what came back', () => {
  expect(readTokenAnswer(400, { error: 'invalid_grant' })).toEqual({ ok: false, error: 'the sign-in has expired or was already used' });
  expect(readTokenAnswer(400, { error: 'invalid_client' })).toEqual({ ok: false, error: 'the sign-in service refused (invalid_client)' });
  expect(readTokenAnswer(500, { error: '<script>alert(1)</script>' })).toEqual({ ok: false, error: 'the sign-in service refused (status 500)' });
  expect(readTokenAnswer(200, {})).toEqual({ ok: false, error: 'the sign-in service answered without an ID token' });
  expect(readTokenAnswer(200, { id_token: 'not a jwt' })).toEqual({ ok: false, error: 'the sign-in service answered without an ID token' });
  expect(readTokenAnswer(200, { id_token: jwt({ sub: 'u1' }) })).toEqual({ ok: false, error: 'the ID token carries no expiry' });
  expect(readTokenAnswer(200, undefined)).toMatchObject({ ok: false });
});

test('claims are read from well-formed JWTs only', () => {
  expect(jwtClaims(jwt({ sub: 'u1', exp: 5 }))).toEqual({ sub: 'u1', exp: 5 });
  expect(jwtClaims('a.b')).toBeUndefined();
  expect(jwtClaims('a.%%%.c')).toBeUndefined();
  expect(jwtClaims(`x.${base64url(new TextEncoder().encode('[1,2]'))}.y`)).toBeUndefined();
  expect(jwtClaims(`x.${base64url(new TextEncoder().encode('{not json'))}.y`)).toBeUndefined();
});

test("the token endpoint's answers as AWS documents them (docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html)", () => {
  // The documented fields of a code redemption, with JWT-shaped tokens in place of the page's placeholders.
  const idToken = jwt({ sub: 'u1', aud: 'abc123client', token_use: 'id', exp: 2_000_000_000 });
  expect(readTokenAnswer(200, { access_token: jwt({ token_use: 'access' }), id_token: idToken, refresh_token: 'eyJj3example', token_type: 'Bearer', expires_in: 3600 })).toEqual({
    ok: true,
    tokens: { idToken, expiresAt: 2_000_000_000_000, refreshToken: 'eyJj3example' },
  });
  // The page's own placeholders are no tokens at all: refused, not sent to the API.
  expect(readTokenAnswer(200, { access_token: 'eyJra1example', id_token: 'eyJra2example', refresh_token: 'eyJj3example', token_type: 'Bearer', expires_in: 3600 })).toMatchObject({ ok: false });
  // Its documented error codes.
  for (const error of ['invalid_request', 'invalid_client', 'unauthorized_client', 'unsupported_grant_type']) {
    expect(readTokenAnswer(400, { error })).toEqual({ ok: false, error: `the sign-in service refused (${error})` });
  }
});
