import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { ENV } from '../../config/resources';
import { CaseListQuerySchema, CaseQuerySchema } from '../../schemas/case';
import { MAX_STAFF_ACTION_BODY_BYTES, parseStaffAction, STAFF_ACTION_NAMES, type StaffActionName } from '../../schemas/staff-actions';
import { dynamoDbClient } from '../adapters/aws-clients';
import { CasesTable } from '../adapters/cases-table';
import { requiredEnv } from '../adapters/env';
import { internalErrorBoundary, jsonResponse } from '../adapters/http-responses';
import { InvalidPageTokenError } from '../adapters/page-tokens';
import { METRICS_NAMESPACE, metricsPort, publishMetrics } from '../adapters/metrics';
import { caseRetentionDaysFromEnv, caseSettingsFromEnv } from '../adapters/settings';
import { traceHandler } from '../adapters/tracing';
import { applyStaffAction, type StaffActionPorts, type StaffMember } from '../domain/cases/staff-actions';

/**
 * Staff API: who is signed in (`GET /api/me`), the case queue, a case with its timeline, and the team's actions on a
 * case (acknowledge, assign, responded, resolve, reclassify; rules in lambdas/domain/cases/staff-actions.ts). Who may call is decided before
 * the handler runs: a JWT authorizer (Cognito) in AWS, the bearer token check of the local front on this machine;
 * both leave the caller's claims in the request context. A request that arrives without them is refused here too,
 * so a route deployed without its authorizer fails closed.
 */

export const logger = new Logger({ serviceName: 'staff-api' });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'staff-api' });

const table = new CasesTable(dynamoDbClient(), requiredEnv(ENV.casesTable), { retentionDays: caseRetentionDaysFromEnv(process.env) });

const ports: StaffActionPorts = {
  store: table,
  metrics: metricsPort(metrics),
  settings: caseSettingsFromEnv(process.env),
  now: () => new Date(),
};

const json = jsonResponse;
const CASE_ID = /^c_[A-Za-z0-9_-]{1,64}$/;
const ACTION_ROUTES = new Map<string, StaffActionName>(STAFF_ACTION_NAMES.map((name) => [`POST /api/cases/{id}/${name}`, name]));

/** A claim value people can read: one line, no control characters, bounded. */
function readable(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = value.replace(/[\u0000-\u001F\u007F]/g, '').trim().slice(0, 120);
  return clean === '' ? undefined : clean;
}

/** The caller from the authorizer's claims: `sub` is the id; the username (or email) is the name people see. */
export function staffOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): StaffMember | undefined {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const id = claims['sub'];
  if (typeof id !== 'string' || id === '') return undefined;
  const username = readable(claims['cognito:username']);
  // A pool that signs in by email gives its users a generated username (the sub itself): the email reads better.
  const name = (username !== undefined && username !== id ? username : undefined) ?? readable(claims['email']) ?? username ?? readable(id) ?? 'staff';
  return { id, name };
}

type Body = { ok: true; value: unknown } | { ok: false; response: APIGatewayProxyStructuredResultV2 };

/** The request body as JSON: at most 4 KB, `application/json` whenever there is a body; none is `undefined`. */
function jsonBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): Body {
  const raw = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  if (raw.length > MAX_STAFF_ACTION_BODY_BYTES) return { ok: false, response: json(413, { error: `the body is larger than ${MAX_STAFF_ACTION_BODY_BYTES / 1024} KB` }) };
  if (raw.length === 0) return { ok: true, value: undefined };
  const contentType = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType)) return { ok: false, response: json(415, { error: 'send the body as application/json' }) };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false, response: json(400, { error: 'the body is not valid JSON' }) };
  }
}

async function caseAction(event: APIGatewayProxyEventV2WithJWTAuthorizer, name: StaffActionName, staff: StaffMember): Promise<APIGatewayProxyStructuredResultV2> {
  const id = event.pathParameters?.['id'] ?? '';
  if (!CASE_ID.test(id)) return json(404, { error: 'no such case' });
  const body = jsonBody(event);
  if (!body.ok) return body.response;
  const parsed = parseStaffAction(name, body.value);
  if (!parsed.ok) return json(400, { error: parsed.error });
  const result = await applyStaffAction(id, parsed.action, staff, ports);
  return result.status === 200 ? json(200, result.case) : json(result.status, { error: result.error });
}

function badQuery(error: z.ZodError): APIGatewayProxyStructuredResultV2 {
  const issue = error.issues[0];
  return json(400, { error: `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}` });
}

/** A paging token the API did not issue is the caller's mistake (400), whatever its shape. */
async function pageTokenRefusal(read: () => Promise<APIGatewayProxyStructuredResultV2>): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof InvalidPageTokenError) return json(400, { error: err.message });
    throw err;
  }
}

export async function route(event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> {
  const staff = staffOf(event);
  if (!staff) return json(401, { message: 'Unauthorized' });

  if (event.routeKey === 'GET /api/cases') {
    const query = CaseListQuerySchema.safeParse(event.queryStringParameters ?? {});
    if (!query.success) return badQuery(query.error);
    // `assignee=me`: the caller, whichever of their id or name the assigning colleague typed.
    const assignedTo = query.data.assignee === 'me' ? [staff.id, staff.name] : undefined;
    return pageTokenRefusal(async () => json(200, await table.listCases(query.data, assignedTo ? { assignedTo } : {})));
  }
  if (event.routeKey === 'GET /api/me') return json(200, staff);
  if (event.routeKey === 'GET /api/cases/{id}') {
    const id = event.pathParameters?.['id'] ?? '';
    if (!CASE_ID.test(id)) return json(404, { error: 'no such case' });
    const query = CaseQuerySchema.safeParse(event.queryStringParameters ?? {});
    if (!query.success) return badQuery(query.error);
    return pageTokenRefusal(async () => {
      const found = await table.caseWithTimeline(id, query.data);
      return found ? json(200, found) : json(404, { error: 'no such case' });
    });
  }
  const action = ACTION_ROUTES.get(event.routeKey);
  if (action) return caseAction(event, action, staff);
  return json(404, { message: 'Not Found' });
}

export const handler = middy<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Error, Context>()
  .use(traceHandler())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics(metrics))
  .use(internalErrorBoundary(logger, 'staff api'))
  .handler(async (event) => {
    const response = await route(event);
    // The route key has `{id}`; the case id is no personal data, the body (notes, reasons) is never logged.
    logger.info('staff api', { route: event.routeKey, status: response.statusCode, ...(event.pathParameters?.['id'] ? { caseId: event.pathParameters['id'] } : {}) });
    return response;
  });
