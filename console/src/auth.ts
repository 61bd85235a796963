/**
 * Who is signed in, and the bearer token the staff API gets. Tokens live in memory only (a reload signs in again:
 * on AWS that is one redirect while Cognito's own session lasts); the PKCE verifier waits in sessionStorage for the
 * length of one redirect and is removed as it is read.
 *
 * - Local: the staff token (STAFF_API_TOKEN, printed by `npm start`) typed into the sign-in form.
 * - Cognito: the managed login's authorization code flow with PKCE; the ID token is the bearer (the API's JWT
 *   authorizer checks its audience), renewed with the refresh token a minute before it expires; signing out revokes
 *   the refresh token and ends the managed login's session.
 */
import type { CognitoConfig } from './config';
import { authorizeUrl, challengeOf, codeExchangeBody, logoutUrl, randomToken, readTokenAnswer, refreshBody, type Tokens } from './pkce';

export interface Session {
  token(): Promise<string | undefined>;
  /** Signs out: forgets the token and, on Cognito, ends the managed login's session (the page navigates away). */
  signOut(): Promise<void>;
  /** Forgets the token here only (a token the API refused). */
  forget(): void;
}

export class LocalSession implements Session {
  private value: string | undefined;

  set(token: string): void {
    this.value = token.trim() || undefined;
  }

  async token(): Promise<string | undefined> {
    return this.value;
  }

  async signOut(): Promise<void> {
    this.forget();
  }

  forget(): void {
    this.value = undefined;
  }
}

const PENDING_KEY = 'social-care-console:sign-in';
/** A sign-in left half done for longer than this is not resumed. */
const PENDING_MAX_AGE_MS = 10 * 60_000;
const RENEW_BEFORE_MS = 60_000;

interface Pending {
  state: string;
  verifier: string;
  at: number;
  /** The console view the person was on (its hash), to return to. */
  returnTo: string;
}

export type Resumed = { outcome: 'none' } | { outcome: 'signed-in'; returnTo: string } | { outcome: 'failed'; error: string };

export class CognitoSession implements Session {
  private tokens: Tokens | undefined;
  private renewing: Promise<void> | undefined;

  constructor(private readonly config: CognitoConfig, private readonly fetchFn: typeof fetch = fetch.bind(globalThis)) {}

  /** Goes to the managed login; comes back to `redirectUri` with a code. */
  async start(returnTo: string): Promise<void> {
    const pending: Pending = { state: randomToken(), verifier: randomToken(), at: Date.now(), returnTo };
    sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    location.assign(authorizeUrl(this.config, pending.state, await challengeOf(pending.verifier)));
  }

  /** Finishes a sign-in the managed login sent the browser back from (`?code=…&state=…`), if this is one. */
  async resume(): Promise<Resumed> {
    const query = new URLSearchParams(location.search);
    const code = query.get('code');
    const error = query.get('error');
    if (!code && !error) return { outcome: 'none' };
    const raw = sessionStorage.getItem(PENDING_KEY);
    sessionStorage.removeItem(PENDING_KEY);
    // The code must not stay in the address bar or the history.
    history.replaceState(null, '', location.pathname);
    if (error) return { outcome: 'failed', error: error === 'access_denied' ? 'the sign-in was cancelled or refused' : `the sign-in service said ${error.replace(/[^a-z_]/g, '')}` };
    let pending: Pending | undefined;
    try {
      pending = raw ? (JSON.parse(raw) as Pending) : undefined;
    } catch {
      pending = undefined;
    }
    if (!pending || pending.state !== query.get('state') || Date.now() - pending.at > PENDING_MAX_AGE_MS) {
      return { outcome: 'failed', error: 'this sign-in was not started here, or took too long: sign in again' };
    }
    const answer = await this.tokenRequest(codeExchangeBody(this.config, code!, pending.verifier));
    if (!answer.ok) return { outcome: 'failed', error: answer.error };
    this.tokens = answer.tokens;
    return { outcome: 'signed-in', returnTo: pending.returnTo };
  }

  async token(): Promise<string | undefined> {
    const t = this.tokens;
    if (!t) return undefined;
    if (t.expiresAt - Date.now() > RENEW_BEFORE_MS) return t.idToken;
    if (!t.refreshToken) return t.expiresAt > Date.now() ? t.idToken : undefined;
    this.renewing ??= this.renew(t.refreshToken).finally(() => (this.renewing = undefined));
    await this.renewing;
    return this.tokens?.idToken;
  }

  async signOut(): Promise<void> {
    const refresh = this.tokens?.refreshToken;
    this.tokens = undefined;
    if (refresh) {
      // keepalive: the request outlives the navigation to the logout page. no-cors: the answer is not needed (a
      // public client's revocation is `token` and `client_id` in a form body, AWS's revocation endpoint docs), and
      // a simple form POST goes out whatever CORS headers the endpoint sends.
      void this.fetchFn(`${this.config.signInUrl}/oauth2/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: refresh, client_id: this.config.clientId }).toString(),
        keepalive: true,
        mode: 'no-cors',
        credentials: 'omit',
      }).catch(() => undefined);
    }
    location.assign(logoutUrl(this.config));
  }

  forget(): void {
    this.tokens = undefined;
  }

  private async renew(refreshToken: string): Promise<void> {
    const answer = await this.tokenRequest(refreshBody(this.config, refreshToken), refreshToken);
    this.tokens = answer.ok ? answer.tokens : undefined;
  }

  /** Cognito's token endpoint answers `Access-Control-Allow-Origin: *` (AWS docs, "The token issuer endpoint"): a browser may call it. */
  private async tokenRequest(body: string, previousRefresh?: string): Promise<ReturnType<typeof readTokenAnswer>> {
    try {
      const res = await this.fetchFn(`${this.config.signInUrl}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        credentials: 'omit',
      });
      return readTokenAnswer(res.status, await res.json().catch(() => undefined), previousRefresh);
    } catch {
      return { ok: false, error: 'could not reach the sign-in service' };
    }
  }
}
