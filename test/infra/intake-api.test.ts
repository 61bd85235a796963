/**
 * The HTTP API as synthesized from HTTP_ROUTES: one explicit $default stage with access logs and throttling, one
 * route per entry wired to the right function, invoke permissions per route, the Cognito JWT authorizer on staff
 * routes only, and the URL outputs.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { HTTP_ROUTES } from '../../config/resources';
import { ROUTE_AUTH } from '../../lib/intake-api';
import { arnOf, logicalId, ref, synthStack } from './helpers';

const { stack, stage, template } = synthStack();
const api = stack.intakeApi;
const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer');
const authorizerId = Object.keys(authorizers)[0];

test('the stack has one HTTP API with one stage, the explicit $default', () => {
  template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
  template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
  template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
  template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
    ApiId: ref(api.api),
    StageName: '$default',
    AutoDeploy: true,
  });
});

test('the stage throttles every route by default with the stage settings', () => {
  template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
    DefaultRouteSettings: {
      ThrottlingRateLimit: stage.settings.apiThrottle.rateLimit,
      ThrottlingBurstLimit: stage.settings.apiThrottle.burstLimit,
    },
  });
});

test('the stage writes JSON access logs, without query strings, to a log group with the stage retention', () => {
  const settings = template.findResources('AWS::ApiGatewayV2::Stage')[logicalId(api.stage)].Properties.AccessLogSettings;
  expect(settings.DestinationArn).toEqual(arnOf(api.accessLogGroup));
  const format = JSON.parse(settings.Format) as Record<string, string>;
  expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
  // Meta's handshake carries hub.verify_token in the query string.
  expect(settings.Format).not.toMatch(/querystring|\$context\.(?:requestOverride|identity\.apiKey)/i);
  const logGroup = template.findResources('AWS::Logs::LogGroup')[logicalId(api.accessLogGroup)];
  expect(logGroup.Properties.RetentionInDays).toBe(stage.settings.logRetentionDays);
});

test('there is exactly one route per HTTP_ROUTES entry', () => {
  expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(HTTP_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
});

describe.each(HTTP_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (routeKey, spec) => {
  const fnArn = () => arnOf(api.functionFor(spec.fn).fn);

  test(`invokes ${spec.fn} through a Lambda proxy integration (payload 2.0)`, () => {
    const route = routes.find((r) => r.Properties.RouteKey === routeKey);
    expect(route).toBeDefined();
    const [prefix, integrationRef] = route?.Properties.Target['Fn::Join'][1] ?? [];
    expect(prefix).toBe('integrations/');
    expect(integrations[integrationRef.Ref].Properties).toEqual({
      ApiId: ref(api.api),
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: fnArn(),
      PayloadFormatVersion: '2.0',
    });
  });

  if (spec.auth === 'staff') {
    test('requires a staff JWT: the route has the Cognito authorizer', () => {
      const route = routes.find((r) => r.Properties.RouteKey === routeKey);
      expect(route?.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    });
  } else {
    test('has no API Gateway authorizer (the handler checks the platform signature or the link code)', () => {
      const route = routes.find((r) => r.Properties.RouteKey === routeKey);
      expect(route?.Properties.AuthorizationType).toBe('NONE');
      expect(route?.Properties.AuthorizerId).toBeUndefined();
    });
  }

  test('lets API Gateway invoke the function for this path only', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: fnArn(),
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([ref(api.api), `/*/*${spec.path}`])] },
    });
  });
});

test('the API has one authorizer: JWT from the staff user pool, for the dashboard client', () => {
  expect(Object.keys(authorizers)).toHaveLength(1);
  expect(authorizers[authorizerId]?.Properties).toEqual({
    ApiId: ref(api.api),
    AuthorizerType: 'JWT',
    Name: 'staff-cognito',
    IdentitySource: ['$request.header.Authorization'],
    JwtConfiguration: {
      Audience: [ref(stack.staffAuth.client)],
      Issuer: { 'Fn::GetAtt': [logicalId(stack.staffAuth.userPool), 'ProviderURL'] },
    },
  });
});

test('every kind of route says how it is protected: an authorizer or a reason for APIG4', () => {
  expect(ROUTE_AUTH.staff).toEqual({ authorizer: 'staffJwt' });
  expect(Object.keys(ROUTE_AUTH).sort()).toEqual(['handshake', 'link', 'signature', 'staff']);
  expect('noAuthorizerReason' in ROUTE_AUTH.link && ROUTE_AUTH.link.noAuthorizerReason).toMatch(/single-use.*SHA-256.*conditional write/s);
});

test('the link pages are served by linkPages, GET and POST on /ack/{code} and /offer/{code}, with no authorizer', () => {
  const linkRoutes = routes.filter((r) => /^(GET|POST) \/(ack|offer)\/\{code\}$/.test(r.Properties.RouteKey));
  expect(linkRoutes.map((r) => r.Properties.RouteKey).sort()).toEqual(['GET /ack/{code}', 'GET /offer/{code}', 'POST /ack/{code}', 'POST /offer/{code}']);
  expect(linkRoutes.every((r) => r.Properties.AuthorizationType === 'NONE')).toBe(true);
  expect(HTTP_ROUTES.filter((r) => r.auth === 'link').every((r) => r.fn === 'linkPages')).toBe(true);
});

test('outputs the API URL and one URL per webhook path, none for staff routes or link pages', () => {
  const outputs = template.toJSON().Outputs as Record<string, { Value: { 'Fn::Join': [string, unknown[]] } }>;
  const endsWith = (id: string) => outputs[id]?.Value['Fn::Join'][1].at(-1);
  expect(endsWith('ApiUrl')).toBe('/');
  expect(endsWith('MetaWebhookUrl')).toBe('/webhooks/meta');
  expect(endsWith('XWebhookUrl')).toBe('/webhooks/x');
  expect(endsWith('GenericWebhookUrl')).toBe('/webhooks/generic/{source}');
  expect(api.webhookUrls.map((w) => w.path)).toEqual([
    ...new Set(HTTP_ROUTES.filter((r) => r.auth === 'signature' || r.auth === 'handshake').map((r) => r.path)),
  ]);
  expect(Object.keys(outputs).filter((k) => /LinkPages|Ack|Offer/.test(k))).toEqual([]);
});

test('outputs the base of the links in pages and offers: the API URL without its trailing slash', () => {
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
  expect(outputs['PublicBaseUrl']?.Value).toEqual({
    'Fn::Join': ['', ['https://', ref(api.api), '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
  });
});

test('outputs the staff API base URL, the user pool, its client, the table and the state machine', () => {
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
  const staffUrl = outputs['StaffApiUrl']?.Value as { 'Fn::Join': [string, unknown[]] };
  expect(staffUrl['Fn::Join'][1].at(-1)).toBe('/api/');
  expect(outputs['UserPoolId']?.Value).toEqual(ref(stack.staffAuth.userPool));
  expect(outputs['UserPoolClientId']?.Value).toEqual(ref(stack.staffAuth.client));
  expect(outputs['CasesTableName']?.Value).toEqual(ref(stack.casesTable.table));
  expect(outputs['EscalationStateMachineArn']?.Value).toEqual(ref(stack.escalation.stateMachine));
  expect(Object.keys(outputs).filter((k) => k.includes('StaffApi') && k !== 'StaffApiUrl')).toEqual([]);
});
