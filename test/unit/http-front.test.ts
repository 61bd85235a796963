import { request as httpRequest } from 'node:http';
import { HTTP_ROUTES } from '../../config/resources';
import { hostName, startHttpFront } from '../../local/http-front';

/** The local API Gateway stand-in's Host rules, on its own: loopback names, a tunnel's name, nothing else. */

let front: Awaited<ReturnType<typeof startHttpFront>>;

beforeAll(async () => {
  front = await startHttpFront(
    {
      routes: HTTP_ROUTES,
      handlers: {},
      localRoutes: [{ method: 'GET', path: '/_local/outbox', serve: async () => ({ statusCode: 200, contentType: 'application/json', body: '{"sms":[]}' }) }],
      maxBodyBytes: 1024,
      staffToken: () => 'token-of-at-least-16-chars',
      extraHosts: () => ['abc.tunnel.example'],
    },
    0,
  );
});
afterAll(async () => {
  front.closeAllConnections();
  await new Promise((r) => front.close(r));
});

const get = (path: string, host: string) =>
  new Promise<number>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: new URL(front.url).port, path, headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });

describe('hostName', () => {
  it.each([
    ['127.0.0.1:3000', '127.0.0.1'],
    ['LOCALHOST', 'localhost'],
    ['[::1]:8080', '[::1]'],
    ['[::1]', '[::1]'],
    ['abc.tunnel.example:443', 'abc.tunnel.example'],
    ['', ''],
  ])('%s → %s', (header, name) => expect(hostName(header)).toBe(name));
});

describe('Host rules', () => {
  it('serves the local-only routes to loopback hosts', async () => {
    expect(await get('/_local/outbox', 'localhost')).toBe(200);
  });
  it("serves the webhooks to the tunnel named in PUBLIC_BASE_URL, but never the local-only routes", async () => {
    // No handler is loaded here, so a routed request reaches the "still starting" 503: past the Host check.
    expect(await get('/webhooks/x?crc_token=abc', 'abc.tunnel.example')).toBe(503);
    expect(await get('/_local/outbox', 'abc.tunnel.example')).toBe(404);
  });
  it('refuses any other host with 421', async () => {
    expect(await get('/webhooks/x?crc_token=abc', 'tunnel.example')).toBe(421);
    expect(await get('/_local/outbox', 'abc.tunnel.example.evil')).toBe(421);
  });
});
