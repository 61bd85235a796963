import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { RouteSpec } from '../config/resources';
import { safeEqual } from '../lambdas/domain/signatures';

/**
 * A stand-in for API Gateway's HTTP API on this machine: it matches the same route table the CDK stack deploys,
 * builds payload-v2 events the way API Gateway does (lower-case headers, decoded query parameters with repeats
 * joined by commas, text bodies as UTF-8 and anything else base64) and calls the very handler modules the Lambdas
 * bundle. Unmatched routes get API Gateway's 404. Local-only routes (health, outbox) are served beside them.
 */

export type LambdaHttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2 | string | undefined | void>;

export interface LocalRoute {
  method: 'GET' | 'POST';
  path: string;
  serve(req: IncomingMessage, url: URL): Promise<{ statusCode: number; contentType: string; body: string }>;
}

/** A file of a static site the front serves (the console): its bytes and the headers it goes out with. */
export interface StaticFile {
  body: Buffer;
  contentType: string;
  cacheControl: string;
}

/**
 * A static site under a path prefix ending in `/` (`/console/`): `prefix` itself is `index.html`, the bare prefix
 * without its slash redirects to it (so relative asset links resolve), anything else not in `files` is a 404.
 * `headers` go out with every file (the site's CSP and the like).
 */
export interface StaticSite {
  prefix: string;
  files: ReadonlyMap<string, StaticFile>;
  headers: Readonly<Record<string, string>>;
}

export interface HttpFrontOptions {
  /** Static sites served beside the routes, to every host the front answers (they hold no secret). */
  sites?: readonly StaticSite[];
  routes: readonly RouteSpec[];
  /**
   * Stands in for the staff routes' JWT authorizer: the bearer token that admits a caller, checked before the
   * handler runs (401 otherwise, as API Gateway answers); the handler then sees claims in the request context.
   */
  staffToken: () => string;
  handlers: Record<string, LambdaHttpHandler>;
  localRoutes: LocalRoute[];
  /** Bodies larger than this are refused with 413 before the handler runs (API Gateway/Lambda also cap bodies). */
  maxBodyBytes: number;
  functionTimeoutMs?: number;
  log?: (line: string) => void;
  /**
   * Host names (without port) served besides loopback ones, e.g. a tunnel's name in PUBLIC_BASE_URL so a platform can
   * reach the webhooks. Local-only routes (`/_local/…`) answer loopback hosts only.
   */
  extraHosts?: () => readonly string[];
}

/**
 * The local pages (start page, outbox) list live ack and offer links: no script, no framing by another site, no
 * referrer when a link is followed, not cached — the ack and offer pages' own rules.
 */
const LOCAL_PAGE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

/** Names that can only mean this machine: a page on another site that rebinds its DNS name here still sends its own. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a host name (no port; `[::1]` bracketed) can only mean this machine. */
export const isLoopbackName = (name: string): boolean => LOOPBACK_HOSTS.has(name);

/** The Host header's name without its port, lower-cased (`[::1]:3000` → `[::1]`). */
export function hostName(header: string | undefined): string {
  const host = (header ?? '').trim().toLowerCase();
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
}

interface CompiledRoute {
  spec: RouteSpec;
  pattern: RegExp;
  params: string[];
}

function compile(spec: RouteSpec): CompiledRoute {
  const params: string[] = [];
  const source = spec.path
    .split('/')
    .map((segment) => {
      const m = /^\{(\w+)\}$/.exec(segment);
      if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(m[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { spec, pattern: new RegExp(`^${source}$`), params };
}

const TEXT_TYPES = /^(text\/|application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml|javascript))/i;

class BodyTooLarge extends Error {}

/** Uploads beyond this are cut off rather than drained. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads the body up to `limit` bytes. A larger body is drained (not buffered) before the 413 goes out, so a client
 * still uploading receives the answer instead of a reset connection; absurd uploads are cut off.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT_BYTES) req.destroy();
      else if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('close', () => size > limit && reject(new BodyTooLarge()));
  });
}

function queryParameters(search: URLSearchParams): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [key, value] of search) out[key] = key in out ? `${out[key]},${value}` : value;
  return Object.keys(out).length > 0 ? out : undefined;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

/** What an API Gateway v2 event is made of; `apiGatewayEvent` fills in the rest as API Gateway does. */
export interface ApiGatewayEventParts {
  method: string;
  path: string;
  /** The route key's path, e.g. `/api/cases/{id}` (defaults to `path`). */
  routePath?: string;
  rawQueryString?: string;
  queryStringParameters?: Record<string, string>;
  pathParameters?: Record<string, string>;
  /** Lower-case names; repeats joined by commas. */
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Whether the body travels base64-encoded (API Gateway does that for non-text content types). */
  base64?: boolean;
  sourceIp?: string;
  protocol?: string;
}

/** The one builder of payload-v2 events: for the local front, the bench, and anything else that calls a handler. */
export function apiGatewayEvent(parts: ApiGatewayEventParts): APIGatewayProxyEventV2 {
  const now = Date.now();
  const method = parts.method.toUpperCase();
  const headers = parts.headers ?? {};
  const routeKey = `${method} ${parts.routePath ?? parts.path}`;
  const body = parts.body === undefined ? undefined : Buffer.from(parts.body);
  return {
    version: '2.0',
    routeKey,
    rawPath: parts.path,
    rawQueryString: parts.rawQueryString ?? '',
    headers,
    queryStringParameters: parts.queryStringParameters,
    pathParameters: parts.pathParameters,
    isBase64Encoded: parts.base64 === true,
    body: body === undefined || body.length === 0 ? undefined : body.toString(parts.base64 ? 'base64' : 'utf8'),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers['host'] ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: parts.path,
        protocol: parts.protocol ?? 'HTTP/1.1',
        sourceIp: parts.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
  };
}

function toApiGatewayEvent(
  req: IncomingMessage,
  url: URL,
  route: CompiledRoute,
  pathParameters: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers = headersOf(req);
  return apiGatewayEvent({
    method: req.method ?? 'GET',
    path: url.pathname,
    routePath: route.spec.path,
    rawQueryString: url.search.slice(1),
    queryStringParameters: queryParameters(url.searchParams),
    pathParameters: route.params.length > 0 ? pathParameters : undefined,
    headers,
    body,
    base64: body.length > 0 && !TEXT_TYPES.test(headers['content-type'] ?? ''),
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    protocol: `HTTP/${req.httpVersion}`,
  });
}

export function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function send(res: ServerResponse, statusCode: number, headers: Record<string, string>, body: string | Buffer): void {
  if (res.headersSent) return;
  res.writeHead(statusCode, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

function sendResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string | undefined | void): void {
  // API Gateway's rules for payload v2: a string (or no statusCode) is a 200 JSON body.
  if (result === undefined || typeof result === 'string' || result.statusCode === undefined) {
    send(res, 200, { 'content-type': 'application/json' }, typeof result === 'string' ? result : JSON.stringify(result ?? ''));
    return;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  const body = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
  send(res, result.statusCode, headers, body);
}

function serveStatic(site: StaticSite, method: string, url: URL, res: ServerResponse): void {
  if (method !== 'GET' && method !== 'HEAD') {
    send(res, 405, { 'content-type': 'application/json', allow: 'GET, HEAD' }, '{"message":"Method Not Allowed"}');
    return;
  }
  if (url.pathname === site.prefix.slice(0, -1)) {
    send(res, 301, { location: `${site.prefix}${url.search}`, 'content-type': 'text/plain; charset=utf-8' }, `Moved to ${site.prefix}`);
    return;
  }
  const name = url.pathname.slice(site.prefix.length) || 'index.html';
  const file = site.files.get(name);
  if (!file) {
    send(res, 404, { 'content-type': 'text/plain; charset=utf-8', ...site.headers }, 'Not found');
    return;
  }
  const headers = { 'content-type': file.contentType, 'cache-control': file.cacheControl, ...site.headers };
  if (method === 'HEAD') {
    res.writeHead(200, { 'content-length': String(file.body.length), ...headers });
    res.end();
    return;
  }
  send(res, 200, headers, file.body);
}

/** The running front; `localRoutes` may be added to after it starts (routes that need the front's URL). */
export async function startHttpFront(options: HttpFrontOptions, port: number, host = '127.0.0.1'): Promise<Server & { url: string; localRoutes: LocalRoute[] }> {
  const compiled = options.routes.map(compile);
  const timeoutMs = options.functionTimeoutMs ?? 10_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = (req.method ?? 'GET').toUpperCase();
    // DNS rebinding: a web page whose name now resolves to 127.0.0.1 could read /_local/outbox (link codes) or drive the
    // routes from a browser. Such a request still carries the page's own Host, so only this machine's names are served.
    const host = hostName(req.headers.host);
    const loopback = LOOPBACK_HOSTS.has(host);
    if (!loopback && !(options.extraHosts?.() ?? []).includes(host)) {
      send(res, 421, { 'content-type': 'application/json' }, '{"message":"Misdirected Request: this local stack answers 127.0.0.1 and localhost only"}');
      return;
    }
    const site = options.sites?.find((s) => url.pathname.startsWith(s.prefix) || url.pathname === s.prefix.slice(0, -1));
    if (site) {
      serveStatic(site, method, url, res);
      return;
    }
    const local = loopback ? options.localRoutes.find((r) => r.method === method && r.path === url.pathname) : undefined;
    if (local) {
      const out = await local.serve(req, url);
      send(res, out.statusCode, { 'content-type': out.contentType, ...LOCAL_PAGE_HEADERS }, out.body);
      return;
    }
    let match: { route: CompiledRoute; params: Record<string, string> } | undefined;
    for (const route of compiled) {
      if (route.spec.method !== method) continue;
      const m = route.pattern.exec(url.pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      try {
        route.params.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      } catch {
        // A malformed escape (`/ack/%ZZ`): API Gateway refuses it as a bad request, no handler runs.
        send(res, 400, { 'content-type': 'application/json' }, '{"message":"Bad Request"}');
        return;
      }
      match = { route, params };
      break;
    }
    if (!match) {
      send(res, 404, { 'content-type': 'application/json' }, '{"message":"Not Found"}');
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        send(res, 413, { 'content-type': 'application/json', connection: 'close' }, '{"message":"Request Entity Too Large"}');
        return;
      }
      throw err;
    }
    const handler = options.handlers[match.route.spec.fn];
    if (!handler) {
      // Still starting: what API Gateway answers while an integration is unavailable.
      send(res, 503, { 'content-type': 'application/json', 'retry-after': '1' }, '{"message":"Service Unavailable"}');
      return;
    }
    const event = toApiGatewayEvent(req, url, match.route, match.params, body);
    if (match.route.spec.auth === 'staff') {
      const presented = /^Bearer (.+)$/i.exec(req.headers['authorization'] ?? '')?.[1] ?? '';
      if (!safeEqual(options.staffToken(), presented)) {
        send(res, 401, { 'content-type': 'application/json' }, '{"message":"Unauthorized"}');
        return;
      }
      Object.assign(event.requestContext, {
        authorizer: { jwt: { claims: { sub: 'local-staff', 'cognito:username': 'local-staff' }, scopes: null } },
      });
    }
    const started = performance.now();
    const result = await handler(event, lambdaContext(match.route.spec.fn, timeoutMs));
    sendResult(res, result);
    // Link pages carry a credential in the path: log the route, never the code.
    const shown = match.route.spec.auth === 'link' ? match.route.spec.path : url.pathname;
    options.log?.(`${method} ${shown} → ${res.statusCode} ${(performance.now() - started).toFixed(1)} ms`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Mirrors API Gateway when an integration fails: a bare 500, no details.
      send(res, 500, { 'content-type': 'application/json' }, '{"message":"Internal Server Error"}');
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return Object.assign(server, { url: `http://${host}:${address.port}`, localRoutes: options.localRoutes });
}
