/**
 * The OAuth 2.0 authorization code flow with PKCE (RFC 7636) against Cognito's managed login, as pure functions
 * over Web Crypto: the verifier and its S256 challenge, the sign-in and sign-out URLs, the token requests and the
 * reading of their answers. The console (console/src/auth.ts) drives them; Node's tests run them as they are.
 */

/** base64url without padding (RFC 4648 §5), as PKCE and JWTs use it. */
export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Random, unguessable text: 32 bytes give the verifier 43 characters, RFC 7636's minimum, and 256 bits. */
export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)). */
export async function challengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export interface CognitoClient {
  signInUrl: string;
  clientId: string;
  redirectUri: string;
}

export const SCOPES = 'openid email profile';

/** The managed login's sign-in page for this attempt. */
export function authorizeUrl(c: CognitoClient, state: string, challenge: string): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: c.clientId,
    redirect_uri: c.redirectUri,
    scope: SCOPES,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${c.signInUrl}/oauth2/authorize?${q.toString()}`;
}

/** Signs out of the managed login too (its own session cookie), then comes back to the console. */
export function logoutUrl(c: CognitoClient): string {
  return `${c.signInUrl}/logout?${new URLSearchParams({ client_id: c.clientId, logout_uri: c.redirectUri }).toString()}`;
}

/** The form body that trades the code for tokens. */
export const codeExchangeBody = (c: CognitoClient, code: string, verifier: string): string =>
  new URLSearchParams({ grant_type: 'authorization_code', client_id: c.clientId, code, redirect_uri: c.redirectUri, code_verifier: verifier }).toString();

/** The form body that renews the ID token within the refresh token's life (one shift). */
export const refreshBody = (c: CognitoClient, refreshToken: string): string =>
  new URLSearchParams({ grant_type: 'refresh_token', client_id: c.clientId, refresh_token: refreshToken }).toString();

export interface Tokens {
  idToken: string;
  /** When the ID token expires, in ms since the epoch (its `exp`). */
  expiresAt: number;
  refreshToken?: string;
}

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The claims of a JWT's payload, unverified (the API verifies; the console only reads the expiry). */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  if (!JWT.test(token)) return undefined;
  try {
    const part = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part + '='.repeat((4 - (part.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The tokens in a token endpoint's answer, or why there are none. A refresh answers without a refresh token: the
 * one held is kept (`previousRefresh`).
 */
export function readTokenAnswer(status: number, body: unknown, previousRefresh?: string): { ok: true; tokens: Tokens } | { ok: false; error: string } {
  const o = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (status !== 200) {
    const code = typeof o['error'] === 'string' && /^[a-z_]{1,40}$/.test(o['error']) ? o['error'] : `status ${status}`;
    return { ok: false, error: code === 'invalid_grant' ? 'the sign-in has expired or was already used' : `the sign-in service refused (${code})` };
  }
  const idToken = o['id_token'];
  if (typeof idToken !== 'string' || !JWT.test(idToken)) return { ok: false, error: 'the sign-in service answered without an ID token' };
  const exp = jwtClaims(idToken)?.['exp'];
  if (typeof exp !== 'number') return { ok: false, error: 'the ID token carries no expiry' };
  const refresh = typeof o['refresh_token'] === 'string' ? o['refresh_token'] : previousRefresh;
  return { ok: true, tokens: { idToken, expiresAt: exp * 1000, ...(refresh ? { refreshToken: refresh } : {}) } };
}
