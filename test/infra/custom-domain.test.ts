/**
 * The stage setting `customDomain` (lib/custom-domain.ts): the HTTP API under the organisation's own name, with an
 * ACM certificate from the stack's region. The links in pages and offers and the webhook URLs in the outputs use it;
 * a stage without it gets no domain resources and keeps the execute-api URL.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json';
import { ENV } from '../../config/resources';
import { SocialCareStack } from '../../lib/social-care-stack';
import { parseStage, stageFromContext } from '../../lib/stage-config';
import { synthStack, unacknowledgedFindings } from './helpers';

const DOMAIN = 'care-api.acme-care.co.uk';
const CERT = 'arn:aws:acm:eu-west-2:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

function withCustomDomain() {
  const stages = cdkJson.context.stages as Record<string, Record<string, unknown>>;
  const dev = { ...stages.dev, customDomain: { domainName: DOMAIN, certificateArn: CERT } };
  const app = new App({ context: { ...cdkJson.context, stages: { ...stages, dev }, 'aws:cdk:bundling-stacks': [] } });
  const stage = stageFromContext(app, { allowPlaceholders: true });
  const stack = new SocialCareStack(app, 'SocialCare-dev', { stage });
  return { stack, template: Template.fromStack(stack) };
}

const { stack, template } = withCustomDomain();

it('maps the API under the domain: regional, TLS 1.2, the given certificate, the $default stage', () => {
  template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 1);
  template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
    DomainName: DOMAIN,
    DomainNameConfigurations: [Match.objectLike({ CertificateArn: CERT, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' })],
  });
  template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { DomainName: Match.anyValue(), ApiId: Match.anyValue(), Stage: Match.anyValue() });
  template.hasOutput('CustomDomainTarget', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('CustomDomain'), 'RegionalDomainName'] } });
});

it('puts the domain in the links of pages and offers, and in the webhook URLs platforms are given', () => {
  template.hasOutput('PublicBaseUrl', { Value: `https://${DOMAIN}` });
  const outputs = template.findOutputs('*');
  const webhooks = Object.entries(outputs).filter(([, o]) => String(o.Description ?? '').startsWith('Webhook URL'));
  expect(webhooks.length).toBeGreaterThanOrEqual(3);
  for (const [, o] of webhooks) expect(o.Value).toMatch(new RegExp(`^https://${DOMAIN.replace(/\./g, '\\.')}/webhooks/`));
  const linkFunctions = Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => f.Properties.Environment?.Variables?.[ENV.publicBaseUrl] !== undefined);
  expect(linkFunctions.length).toBeGreaterThan(0);
  for (const f of linkFunctions) expect(f.Properties.Environment.Variables[ENV.publicBaseUrl]).toBe(`https://${DOMAIN}`);
});

it('stays cdk-nag clean', () => {
  expect(unacknowledgedFindings(stack)).toEqual([]);
});

it('adds nothing to a stage without it', () => {
  const { template: plain } = synthStack();
  plain.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  expect(Object.keys(plain.findOutputs('CustomDomainTarget'))).toEqual([]);
});

it('refuses a domain or a certificate that is not one, naming the setting', () => {
  const base = (cdkJson.context.stages as Record<string, unknown>).dev as Record<string, unknown>;
  const withDomain = (customDomain: unknown) => () => parseStage('dev', { dev: { ...base, customDomain } });
  expect(withDomain({ domainName: DOMAIN, certificateArn: CERT })).not.toThrow();
  expect(withDomain({ domainName: 'https://care.acme.com', certificateArn: CERT })).toThrow(/customDomain\.domainName/);
  expect(withDomain({ domainName: DOMAIN, certificateArn: 'arn:aws:iam::123456789012:role/x' })).toThrow(/customDomain\.certificateArn/);
  expect(withDomain({ domainName: DOMAIN })).toThrow(/customDomain\.certificateArn/);
});
