import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hostName, isLoopbackName } from './http-front';

/**
 * The AWS-API emulators from npm, each started in this process and bound to 127.0.0.1 only (their defaults bind
 * every interface). Each closes a gap the spike measured (measured when the local stack was built):
 * - DynamoDB: dynalite, persisted under the data dir;
 * - SQS and SNS: fauxqs, plus a hook that records SNS Publish-to-PhoneNumber (fauxqs has no SMS) as the SMS outbox;
 * - SES: aws-ses-v2-local, with send times recorded in milliseconds (its own store keeps whole seconds), and
 *   optionally an account in the SES sandbox, which refuses mail to recipients it has not verified.
 */

export interface Emulator {
  url: string;
  stop(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Puts `front` before the server's own request handler; `front` calls `next` to hand a request on. */
function inFrontOf(server: Server, front: (req: IncomingMessage, res: ServerResponse, next: RequestListener) => void): void {
  const handlers = server.listeners('request') as RequestListener[];
  if (handlers.length !== 1) throw new Error(`expected one request handler on the emulator, found ${handlers.length}`);
  const [app] = handlers as [RequestListener];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => front(req, res, app));
}

/**
 * Whether a request to an emulator may come from where it says it does. The emulators hold the cases (DynamoDB) and
 * every SMS and email with live ack and offer links (SES's inbox), and some answer any origin's CORS preflight: a web
 * page on another site that finds the port, or rebinds its DNS name to 127.0.0.1, must not read them. The SDK
 * clients send this machine's Host and no Origin; a browser on another site sends its own Origin (or its own Host).
 */
export function isFromThisMachine(headers: IncomingMessage['headers']): boolean {
  if (!isLoopbackName(hostName(headers.host))) return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  try {
    // URL gives an IPv6 hostname in brackets, as a Host header has it.
    return isLoopbackName(new URL(origin).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** Refuses, before the emulator sees it, any request not from this machine (isFromThisMachine). */
export function onlyThisMachine(server: Server): void {
  inFrontOf(server, (req, res, next) => {
    if (isFromThisMachine(req.headers)) return next(req, res);
    res.writeHead(421, { 'content-type': 'application/json' });
    res.end('{"message":"Misdirected Request: this emulator answers this machine only"}');
  });
}

function urlOf(server: Server): string {
  return `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** dynalite; in memory when `dataDir` is undefined (tests), else LevelDB files that survive a restart. */
export async function startDynamoDb(dataDir?: string, port = 0): Promise<Emulator> {
  const { default: dynalite } = await import('dynalite');
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  onlyThisMachine(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });
  return {
    url: urlOf(server),
    // dynalite closes its LevelDB store when the server closes, so data is flushed for the next start.
    stop: () => closeServer(server),
  };
}

export interface SmsRecord {
  to: string;
  body: string;
  at: string;
  messageId: string;
}

export interface SqsSnsEmulator extends Emulator {
  /** SNS Publish calls with a PhoneNumber, oldest first. */
  sms: SmsRecord[];
}

/**
 * fauxqs on loopback. Not `startFauxqs()`, which always binds 0.0.0.0; `buildApp()` + `listen` instead. The
 * preHandler hook answers SNS `Publish` with `PhoneNumber` the way SNS does, and records the text message.
 */
export async function startSqsSns(port = 0): Promise<SqsSnsEmulator> {
  const { buildApp } = await import('fauxqs');
  const app = buildApp({ logger: false });
  const sms: SmsRecord[] = [];
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Record<string, unknown> | undefined;
    if (!body || body['Action'] !== 'Publish' || typeof body['PhoneNumber'] !== 'string') return;
    const messageId = randomUUID();
    sms.push({ to: body['PhoneNumber'], body: String(body['Message'] ?? ''), at: new Date().toISOString(), messageId });
    await reply
      .type('text/xml')
      .send(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
      );
  });
  await app.listen({ port, host: LOOPBACK });
  onlyThisMachine(app.server);
  return {
    url: urlOf(app.server),
    sms,
    stop: () => app.close(),
  };
}

export interface EmailRecord {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  at: string;
  messageId: string;
}

export interface SesEmulator extends Emulator {
  emails(): EmailRecord[];
  clear(): void;
}

export interface SesOptions {
  /**
   * An account in the SES sandbox: SendEmail to any recipient that is not one of these verified identities (an
   * address, or a domain covering its addresses) is refused with MessageRejected, as SES does. @default - production
   * access: every recipient is accepted
   */
  sandboxVerified?: readonly string[];
}

const SEND_EMAIL_PATH = '/v2/email/outbound-emails';

/** Whether `identity` (an address or a domain) verifies `address` in SES: the same address, or an address at the domain. */
function verifies(identity: string, address: string): boolean {
  const id = identity.toLowerCase();
  const addr = address.toLowerCase().replace(/^.*<([^>]*)>\s*$/, '$1').trim();
  return id.includes('@') ? addr === id : addr.slice(addr.lastIndexOf('@') + 1) === id;
}

/**
 * Puts the SES sandbox in front of aws-ses-v2-local's request handler (which takes mail to anyone): a v2 SendEmail
 * naming an unverified recipient is answered as SES answers it, and the body of any other is handed on already read.
 */
function sandbox(server: Server, verified: readonly string[]): void {
  inFrontOf(server, (req, res, app) => {
    if (req.method !== 'POST' || !req.url?.startsWith(SEND_EMAIL_PATH)) return app(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: { Destination?: Record<string, string[] | undefined> } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        // Left for the emulator's own validation to refuse.
      }
      const d = body.Destination ?? {};
      const refused = [...(d['ToAddresses'] ?? []), ...(d['CcAddresses'] ?? []), ...(d['BccAddresses'] ?? [])].filter((a) => !verified.some((id) => verifies(id, a)));
      if (refused.length) {
        res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' });
        res.end(JSON.stringify({ message: `Email address is not verified. The following identities failed the check in region US-EAST-1: ${refused.join(', ')}` }));
        return;
      }
      // The body is read: express.json() skips a request whose body was parsed before it.
      (req as IncomingMessage & { body?: unknown; _body?: boolean }).body = body;
      (req as IncomingMessage & { _body?: boolean })._body = true;
      app(req, res);
    });
  });
}

/** aws-ses-v2-local; its store is module-global, so one per process. Its web inbox is served at `url`. */
export async function startSes(port = 0, options: SesOptions = {}): Promise<SesEmulator> {
  const store = await import('aws-ses-v2-local/dist/store');
  const sentAt = new Map<string, string>();
  // Its store records whole seconds; the outbox contract asks for milliseconds, so stamp each email as it is saved.
  const save = store.saveEmail;
  store.saveEmail = (email) => {
    sentAt.set(email.messageId, new Date().toISOString());
    save(email);
  };
  const { default: sesServer } = await import('aws-ses-v2-local');
  const server = (await sesServer({ host: LOOPBACK, port })) as unknown as Server;
  if (options.sandboxVerified) sandbox(server, options.sandboxVerified);
  onlyThisMachine(server);
  return {
    url: urlOf(server),
    emails: () =>
      store.getStoreReadonly().emails.map((e) => ({
        to: [...e.destination.to, ...e.destination.cc, ...e.destination.bcc],
        from: e.from,
        subject: e.subject,
        text: e.body.text ?? '',
        html: e.body.html ?? '',
        at: sentAt.get(e.messageId) ?? new Date(e.at * 1000).toISOString(),
        messageId: e.messageId,
      })),
    clear: () => store.clearStore(),
    stop: async () => {
      store.saveEmail = save;
      await closeServer(server);
    },
  };
}
