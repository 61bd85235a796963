/**
 * The HTTP API as synthesized from HTTP_ROUTES: one explicit $default stage with access logs and throttling, one
 * route per entry wired to the right function, invoke permissions per route, and the URL outputs.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { HTTP_ROUTES } from '../../config/resources';
import { arnOf, logicalId, ref, synthStack } from './helpers';

const { stack, stage, template } = synthStack();
const api = stack.intakeApi;
const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
const integrations = template.findResources('AWS::ApiGatewayV2::Integration');

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

  test('lets API Gateway invoke the function for this path only', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: fnArn(),
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([ref(api.api), `/*/*${spec.path}`])] },
    });
  });
});

test('outputs the API URL and one URL per webhook path', () => {
  const outputs = template.toJSON().Outputs as Record<string, { Value: { 'Fn::Join': [string, unknown[]] } }>;
  const endsWith = (id: string) => outputs[id]?.Value['Fn::Join'][1].at(-1);
  expect(endsWith('ApiUrl')).toBe('/');
  expect(endsWith('MetaWebhookUrl')).toBe('/webhooks/meta');
  expect(endsWith('XWebhookUrl')).toBe('/webhooks/x');
  expect(endsWith('GenericWebhookUrl')).toBe('/webhooks/generic/{source}');
  expect(api.webhookUrls.map((w) => w.path)).toEqual([...new Set(HTTP_ROUTES.map((r) => r.path))]);
});
