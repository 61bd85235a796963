/**
 * `npm run staff -- token` (bin/staff.ts) run as a person runs it, against a stand-in for Cognito's managed login
 * that checks what Cognito checks of a public client (RFC 6749 + RFC 7636): the code is issued for this client,
 * this redirect URI and this PKCE challenge, and is exchanged once with the matching verifier. The test plays the
 * browser: it opens the printed link, the stand-in redirects to the CLI's loopback with the code, and the CLI prints
 * the ID token alone on stdout. No emulator of Cognito exists in npm; the hosted sign-in page itself (password, MFA)
 * is Cognito's and is not what is tested here.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CLIENT_ID = '4abcdefghijklmnopqrstuvwx1';
const jwt = (claims: object) => `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJl`;
const ID_TOKEN = jwt({ sub: 'staff-1', exp: Math.floor(Date.now() / 1000) + 3600 });

interface Issued {
  clientId: string;
  redirectUri: string;
  challenge: string;
  used: boolean;
}

let server: Server;
let signInUrl: string;
const issued = new Map<string, Issued>();
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/oauth2/authorize') {
      const p = url.searchParams;
      const ok = p.get('response_type') === 'code' && p.get('client_id') === CLIENT_ID && p.get('code_challenge_method') === 'S256' && p.get('scope')?.split(' ').includes('openid');
      if (!ok || !p.get('code_challenge') || !p.get('state') || !p.get('redirect_uri')?.startsWith('http://localhost:')) {
        res.writeHead(400).end('bad authorize request');
        return;
      }
      const code = randomBytes(12).toString('hex');
      issued.set(code, { clientId: CLIENT_ID, redirectUri: p.get('redirect_uri')!, challenge: p.get('code_challenge')!, used: false });
      res.writeHead(302, { location: `${p.get('redirect_uri')}?code=${code}&state=${encodeURIComponent(p.get('state')!)}` }).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/oauth2/token') {
      let raw = '';
      req.on('data', (d: Buffer) => (raw += d.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(raw);
        const grant = issued.get(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const matches =
          grant !== undefined &&
          !grant.used &&
          form.get('grant_type') === 'authorization_code' &&
          form.get('client_id') === grant.clientId &&
          form.get('redirect_uri') === grant.redirectUri &&
          createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
        if (grant) grant.used = true;
        res.writeHead(matches ? 200 : 400, { 'content-type': 'application/json' });
        res.end(JSON.stringify(matches ? { id_token: ID_TOKEN, access_token: 'access', refresh_token: 'refresh', expires_in: 3600, token_type: 'Bearer' } : { error: 'invalid_grant' }));
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  signInUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await new Promise((r) => server.close(r));
});

/** Starts the CLI; resolves with the printed sign-in link, and later its exit code and streams. */
function signIn(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin/staff.ts'), 'token', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  const link = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /^ {2}(http\S+\/oauth2\/authorize\S+)$/m.exec(stderr);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 20);
    void exited.then((r) => {
      clearInterval(timer);
      reject(new Error(`exited ${r.code} before printing a link: ${r.stderr}`));
    });
  });
  link.catch(() => undefined); // a call that never prints a link is awaited through `exited`
  return { link, exited, child };
}

/** What the browser does with the link: follows Cognito's redirect to the CLI's loopback. */
async function browse(link: string): Promise<{ status: number; page: string }> {
  const redirect = await fetch(link, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const back = await fetch(redirect.headers.get('location')!.replace('http://localhost:', 'http://127.0.0.1:'));
  return { status: back.status, page: await back.text() };
}

it('prints the ID token alone on stdout after the browser signs in, with PKCE and the state checked', async () => {
  const { link, exited } = signIn(['--sign-in-url', signInUrl, '--client-id', CLIENT_ID]);
  const url = new URL(await link);
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/callback$/);
  const browser = await browse(url.href);
  expect(browser).toMatchObject({ status: 200 });
  expect(browser.page).toContain('Signed in');
  const result = await exited;
  expect(result.code).toBe(0);
  expect(result.stdout).toBe(`${ID_TOKEN}\n`);
  expect(result.stderr).toMatch(/valid for (59|60) minutes/);
}, 30_000);

it('refuses a redirect that is not its own (wrong state) and keeps waiting for the real one', async () => {
  const { link, exited } = signIn(['--sign-in-url', signInUrl, '--client-id', CLIENT_ID]);
  const url = new URL(await link);
  const loopback = url.searchParams.get('redirect_uri')!.replace('http://localhost:', 'http://127.0.0.1:');
  const forged = await fetch(`${loopback}?code=attackers-code&state=not-the-one`);
  expect(forged.status).toBe(400);
  expect(await forged.text()).toContain('Not this sign-in');
  expect((await browse(url.href)).status).toBe(200);
  const result = await exited;
  expect(result.code).toBe(0);
  expect(result.stdout).toBe(`${ID_TOKEN}\n`);
}, 30_000);

it('says so and exits 1 when Cognito refuses the code, or the sign-in was cancelled', async () => {
  const wrongClient = signIn(['--sign-in-url', signInUrl, '--client-id', 'not-the-client']);
  const link = new URL(await wrongClient.link);
  expect((await fetch(link, { redirect: 'manual' })).status).toBe(400);
  const loopback = link.searchParams.get('redirect_uri')!.replace('http://localhost:', 'http://127.0.0.1:');
  // An error from anyone but this sign-in's redirect (no state, or another) is ignored: no page can cancel it.
  expect((await fetch(`${loopback}?error=access_denied`)).status).toBe(400);
  expect((await fetch(`${loopback}?error=access_denied&state=forged`)).status).toBe(400);
  expect(wrongClient.child.exitCode).toBeNull();
  await fetch(`${loopback}?error=access_denied&state=${link.searchParams.get('state')}`);
  const result = await wrongClient.exited;
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('sign-in failed: Cognito answered access_denied');
  expect(result.stdout).toBe('');
}, 30_000);

it('refuses a plain-http sign-in URL that is not on this machine, and a call without its targets', async () => {
  const http = await signIn(['--sign-in-url', 'http://care.example.com', '--client-id', CLIENT_ID]).exited;
  expect(http.code).toBe(2);
  expect(http.stderr).toContain('--sign-in-url must be https');
  const none = await signIn([]).exited;
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('--sign-in-url and --client-id are required');
}, 30_000);

/**
 * A token endpoint that redirects straight back with a code, then answers `answer`: what a rogue or broken server
 * could say. The CLI must print nothing on stdout, exit 1, and say why without echoing the answer.
 */
it.each([
  ['a token with terminal escapes and a second line', JSON.stringify({ id_token: 'x\u001b]0;pwned\u0007\nEXTRA LINE', expires_in: 3600 }), 'the token endpoint answered without a well-formed ID token'],
  ['an ID token already expired', JSON.stringify({ id_token: jwt({ sub: 's', exp: Math.floor(Date.now() / 1000) - 60 }) }), 'the token endpoint answered with an ID token already expired'],
  ['an answer too big to be a token', JSON.stringify({ id_token: ID_TOKEN, pad: 'x'.repeat(100_000) }), "the token endpoint's answer is over 64 KB"],
])('refuses %s, and echoes none of it', async (_what, answer, why) => {
  const rogue = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/oauth2/authorize') {
      res.writeHead(302, { location: `${url.searchParams.get('redirect_uri')}?code=c&state=${encodeURIComponent(url.searchParams.get('state')!)}` }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
  });
  await new Promise<void>((resolve) => rogue.listen(0, '127.0.0.1', resolve));
  try {
    const { link, exited } = signIn(['--sign-in-url', `http://127.0.0.1:${(rogue.address() as { port: number }).port}`, '--client-id', CLIENT_ID]);
    await browse(await link);
    const result = await exited;
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`sign-in failed: ${why}`);
    expect(result.stderr).not.toMatch(/\u001b|pwned|EXTRA LINE/);
  } finally {
    await new Promise((r) => rogue.close(r));
  }
}, 30_000);
