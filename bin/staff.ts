import { createServer, type Server } from 'node:http';
import { parseArgs } from 'node:util';
import { CLI_CALLBACK_PORT } from '../config/resources';
import { authorizeUrl, challengeOf, codeExchangeBody, jwtClaims, randomToken } from '../console/src/pkce';
import { isLoopbackName } from '../local/http-front';
import { boundedText } from './bounded-answer';

/**
 * `npm run --silent staff -- token --sign-in-url <StaffSignInUrl> --client-id <UserPoolClientId>`: a staff member
 * signs in from a terminal and gets an ID token for the staff API (`Authorization: Bearer <token>`), without any
 * password or MFA code passing through this program.
 *
 * It is the OAuth 2.0 authorization code flow with PKCE for native apps (RFC 7636, RFC 8252), against Cognito's
 * managed login: this prints the sign-in link (and opens nothing itself, so it works over SSH too); the person signs
 * in in their browser — password, and the authenticator code Cognito asks for (set up on first sign-in) — and
 * Cognito redirects the browser to http://localhost:8765/callback, where this listens on 127.0.0.1 for one request.
 * The code is exchanged at the pool's token endpoint with the PKCE verifier, and the ID token alone is printed to
 * stdout (everything else goes to stderr), so `TOKEN=$(npm run --silent staff -- token …)` works. The token lasts an
 * hour. A redirect whose `state` is not the one sent is refused (another page cannot inject its code).
 *
 * Hand-written rather than a library: the flow is two HTTP requests, and the OAuth client libraries for Node
 * (openid-client, Amplify) would add a dependency tree for what Node's fetch and crypto already do.
 */

const USAGE = `usage: npm run --silent staff -- token --sign-in-url <StaffSignInUrl> --client-id <UserPoolClientId> [--timeout-seconds 300]

Prints a sign-in link; sign in in a browser on this machine (password and authenticator code), and the ID token for
the staff API is printed on stdout.`;

class UsageError extends Error {}

interface Options {
  signInUrl: URL;
  clientId: string;
  port: number;
  timeoutMs: number;
}


function options(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (command !== 'token') throw new UsageError(command === undefined || command === '--help' ? '' : `unknown command '${command}'`);
  const { values } = parseArgs({
    args: rest,
    options: {
      'sign-in-url': { type: 'string' },
      'client-id': { type: 'string' },
      // Only for tests: Cognito accepts the registered callback port and no other.
      port: { type: 'string', default: String(CLI_CALLBACK_PORT) },
      'timeout-seconds': { type: 'string', default: '300' },
    },
    strict: true,
  });
  if (!values['sign-in-url'] || !values['client-id']) throw new UsageError('--sign-in-url and --client-id are required (the stack outputs StaffSignInUrl and UserPoolClientId)');
  let signInUrl: URL;
  try {
    signInUrl = new URL(values['sign-in-url']);
  } catch {
    throw new UsageError('--sign-in-url is not a URL');
  }
  // Tokens travel over this connection: https, except to a server on this machine.
  if (signInUrl.protocol !== 'https:' && !(signInUrl.protocol === 'http:' && isLoopbackName(signInUrl.hostname))) throw new UsageError('--sign-in-url must be https');
  const port = Number(values.port);
  const timeoutSeconds = Number(values['timeout-seconds']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError('--timeout-seconds must be a positive number');
  return { signInUrl, clientId: values['client-id'], port, timeoutMs: timeoutSeconds * 1000 };
}

/** The token endpoint gets this long to answer, and this much to say: an ID token is a few KB. */
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;
const MAX_TOKEN_ANSWER_BYTES = 64 * 1024;
/** A JWT: three base64url parts (the signature may be empty only in tokens nobody should use, so not here). */
const JWT = /^[A-Za-z0-9_-]{1,8192}\.[A-Za-z0-9_-]{1,8192}\.[A-Za-z0-9_-]{1,8192}$/;

/** The ID token, if the answer holds a well-formed one, and the error code, cleaned to one short word. */
function parseTokenAnswer(text: string): { idToken?: string; error?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  // Nothing but a JWT is printed: the token goes to a terminal or into a header.
  return {
    ...(typeof o.id_token === 'string' && JWT.test(o.id_token) ? { idToken: o.id_token } : {}),
    ...(typeof o.error === 'string' ? { error: o.error.replace(/[^\w.-]/g, '').slice(0, 60) } : {}),
  };
}

/** Whole minutes until the token's `exp`, or undefined when it has none that can be read. */
function minutesUntilExpiry(jwt: string): number | undefined {
  const exp = jwtClaims(jwt)?.['exp'];
  return typeof exp === 'number' ? Math.floor((exp * 1000 - Date.now()) / 60_000) : undefined;
}

const PAGE = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body style="font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1>${title}</h1><p>${text}</p></body></html>`;

/** Waits for the one redirect to `/callback` and answers the browser; resolves with the code. */
function awaitRedirect(server: Server, state: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sign-in within ${timeoutMs / 1000} s`)), timeoutMs);
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/callback') {
        res.writeHead(404).end();
        return;
      }
      const send = (status: number, title: string, text: string) => res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE(title, text));
      if (url.searchParams.get('state') !== state) {
        // Not our sign-in (another page, or an old tab), an error included: refused, and we keep waiting for ours.
        send(400, 'Not this sign-in', 'This link does not belong to the sign-in the terminal started.');
        return;
      }
      const error = url.searchParams.get('error');
      if (error) {
        send(400, 'Sign-in did not finish', 'Cognito answered with an error; the terminal says which.');
        clearTimeout(timer);
        reject(new Error(`Cognito answered ${error.replace(/[^\w.-]/g, '').slice(0, 60)}`));
        return;
      }
      const code = url.searchParams.get('code');
      if (!code) {
        send(400, 'Not this sign-in', 'The link carries no code.');
        return;
      }
      send(200, 'Signed in', 'You can close this tab and go back to the terminal.');
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  // The console's PKCE (console/src/pkce.ts): a 256-bit verifier, its S256 challenge, a 128-bit state.
  const verifier = randomToken(32);
  const challenge = await challengeOf(verifier);
  const state = randomToken(16);

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', resolve);
  });
  try {
    const port = (server.address() as { port: number }).port;
    const redirectUri = `http://localhost:${port}/callback`;
    const client = { signInUrl: o.signInUrl.origin, clientId: o.clientId, redirectUri };
    process.stderr.write(`Open this link in a browser on this machine and sign in:\n\n  ${authorizeUrl(client, state, challenge)}\n\nWaiting for the sign-in…\n`);
    const code = await awaitRedirect(server, state, o.timeoutMs);

    const res = await fetch(new URL('/oauth2/token', o.signInUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: codeExchangeBody(client, code, verifier),
      redirect: 'error',
      signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
    });
    const body = parseTokenAnswer(await boundedText(res, MAX_TOKEN_ANSWER_BYTES, "the token endpoint's answer"));
    const minutesLeft = body.idToken ? minutesUntilExpiry(body.idToken) : undefined;
    if (!res.ok) throw new Error(`the token endpoint answered ${res.status}${body.error ? ` ${body.error}` : ''}`);
    if (!body.idToken) throw new Error('the token endpoint answered without a well-formed ID token');
    if (minutesLeft === undefined || minutesLeft <= 0) throw new Error('the token endpoint answered with an ID token already expired');
    process.stdout.write(`${body.idToken}\n`);
    process.stderr.write(`Signed in. The ID token above is valid for ${minutesLeft} minutes: send it as "Authorization: Bearer <token>".\n`);
  } finally {
    server.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message ? `${err.message}\n\n` : ''}${USAGE}\n`);
      process.exit(err.message ? 2 : 0);
    }
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EADDRINUSE' ? `port ${CLI_CALLBACK_PORT} is in use on this machine (another sign-in still waiting?)` : e instanceof Error ? e.message : String(e);
    process.stderr.write(`sign-in failed: ${why}\n`);
    process.exit(1);
  },
);
