/**
 * The care console as `cdk deploy` ships it: a private bucket read by CloudFront through origin access control,
 * HTTPS with the console's security headers, the build and its page copied by the deploy, and the three places
 * that must agree for a staff member to sign in and work a case — the page's configuration (API, sign-in service,
 * client, redirect), the app client's callback URLs, and the staff API's CORS origin.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { buildConsole } from '../../console/build';
import { CONFIG_META_NAME } from '../../console/src/config';
import { logicalId, ref, synthStack } from './helpers';

const built = synthStack();
const prod = synthStack({ stage: 'prod' });
const { stack, template } = built;
const site = stack.console;
const distributionId = logicalId(site.distribution);
const consoleUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] };
const consoleOrigin = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] };

const only = <T>(resources: Record<string, T>): T => {
  const values = Object.values(resources);
  expect(values).toHaveLength(1);
  return values[0]!;
};

test('the bucket is private, encrypted, TLS only, and CloudFront alone may read it (origin access control, this distribution)', () => {
  const bucket = template.findResources('AWS::S3::Bucket')[logicalId(site.bucket)]!.Properties;
  expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
  expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  expect(bucket.WebsiteConfiguration).toBeUndefined();

  const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify(ref(site.bucket)))!;
  const statements = policy.Properties.PolicyDocument.Statement as any[];
  expect(statements).toContainEqual(
    expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
  );
  const reads = statements.filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Action).includes('s3:GetObject'));
  expect(reads).toHaveLength(1);
  expect(reads[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
  expect(JSON.stringify(reads[0].Condition)).toContain(distributionId);
  // No other principal reads objects: no public read, no OAI.
  expect(statements.filter((s) => s.Effect === 'Allow' && s.Principal !== undefined && JSON.stringify(s.Principal) !== JSON.stringify({ Service: 'cloudfront.amazonaws.com' })).map((s) => s.Action)).not.toContainEqual(
    expect.arrayContaining(['s3:GetObject']),
  );

  const oac = only(template.findResources('AWS::CloudFront::OriginAccessControl')).Properties.OriginAccessControlConfig;
  expect(oac).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
});

test('the distribution serves the page at / over HTTPS only, GET and HEAD, with the console\'s response headers', () => {
  const config = template.findResources('AWS::CloudFront::Distribution')[distributionId]!.Properties.DistributionConfig;
  expect(config.DefaultRootObject).toBe('index.html');
  expect(config.Enabled).toBe(true);
  expect(config.Origins).toHaveLength(1);
  expect(config.Origins[0].OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
  expect(config.Origins[0].S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
  expect(config.DefaultCacheBehavior).toMatchObject({
    ViewerProtocolPolicy: 'redirect-to-https',
    AllowedMethods: ['GET', 'HEAD'],
    Compress: true,
    ResponseHeadersPolicyId: ref(site.headers),
  });
  expect(config.CacheBehaviors).toBeUndefined();
});

test('the response headers: a strict CSP (own script and style, Trusted Types, no framing), HSTS, DENY, no referrer, nosniff', () => {
  const policy = template.findResources('AWS::CloudFront::ResponseHeadersPolicy')[logicalId(site.headers)]!.Properties.ResponseHeadersPolicyConfig;
  const security = policy.SecurityHeadersConfig;
  const csp = JSON.stringify(stack.resolve(security.ContentSecurityPolicy.ContentSecurityPolicy));
  for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "require-trusted-types-for 'script'"]) {
    expect(csp).toContain(directive);
  }
  expect(csp).not.toMatch(/unsafe-|\bdata:|\*\s|'\*'/);
  // Calls go to the region's API Gateway and Cognito hosts only; the page narrows them to the stack's own.
  expect(csp).toContain('.execute-api.');
  expect(csp).toContain('.amazoncognito.com');
  expect(security.ContentSecurityPolicy.Override).toBe(true);
  expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 730 * 86400, IncludeSubdomains: true, Override: true });
  expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
  expect(security.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
  expect(security.ContentTypeOptions).toEqual({ Override: true });
});

test('the staff API answers CORS for the console\'s origin only: GET and POST with a bearer token, no cookies', () => {
  const api = template.findResources('AWS::ApiGatewayV2::Api')[logicalId(stack.intakeApi.api)]!.Properties;
  expect(api.CorsConfiguration).toEqual({
    AllowOrigins: [consoleOrigin],
    AllowMethods: ['GET', 'POST'],
    AllowHeaders: ['authorization', 'content-type'],
    AllowCredentials: false,
    MaxAge: 3600,
  });
});

test('the page the deploy writes names this stack\'s API, sign-in service and client, and comes back to the callback Cognito allows', () => {
  const page = JSON.stringify(stack.resolve(site.page));
  const meta = new RegExp(`name=\\\\"${CONFIG_META_NAME}\\\\" content=\\\\"`);
  expect(page).toMatch(meta);
  // The config (HTML-escaped JSON, with the stack's values as CloudFormation references).
  expect(page).toContain('&quot;mode&quot;:&quot;cognito&quot;');
  expect(page).toContain(JSON.stringify(ref(stack.intakeApi.api)).slice(1, -1));
  expect(page).toContain(JSON.stringify(ref(stack.staffAuth.client)).slice(1, -1));
  expect(page).toContain(JSON.stringify(ref(stack.staffAuth.domain)).slice(1, -1));
  expect(page).toContain(JSON.stringify({ 'Fn::GetAtt': [distributionId, 'DomainName'] }).slice(1, -1));
  // The exact CSP in the page: the stack's API and sign-in origins.
  expect(page).toMatch(/http-equiv=\\"Content-Security-Policy\\" content=\\"default-src &#39;none&#39;; script-src &#39;self&#39;/);
  expect(page).toMatch(/connect-src &#39;self&#39; https:\/\/",\{"Ref":"IntakeApi[0-9A-F]+"\},".execute-api./);
  const client = template.findResources('AWS::Cognito::UserPoolClient')[logicalId(stack.staffAuth.client)]!.Properties;
  expect(client.CallbackURLs).toContainEqual(consoleUrl);
  expect(stack.resolve(site.url)).toEqual(consoleUrl);
  // The API's authorizer accepts this client's tokens, the ones the console sends.
  const authorizer = only(template.findResources('AWS::ApiGatewayV2::Authorizer')).Properties;
  expect(authorizer.JwtConfiguration.Audience).toEqual([ref(stack.staffAuth.client)]);
});

test('the deploy copies the build (hashed, cached a year) before the page (never cached), neither pruning the other', () => {
  const deployments = template.findResources('Custom::CDKBucketDeployment');
  const [assets, page] = ['ConsoleDeployAssets', 'ConsoleDeployPage'].map((prefix) => only(Object.fromEntries(Object.entries(deployments).filter(([id]) => id.startsWith(prefix)))));
  expect(assets!.Properties).toMatchObject({ Prune: false, DestinationBucketName: ref(site.bucket), SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' } });
  expect(page!.Properties).toMatchObject({ Prune: false, DestinationBucketName: ref(site.bucket), SystemMetadata: { 'cache-control': 'no-cache', 'content-type': 'text/html; charset=utf-8' } });
  expect(page!.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ConsoleDeployAssets/)]));
  // The page's markers carry the stack's values into the file at deploy time.
  expect(page!.Properties.SourceMarkers.length).toBeGreaterThan(0);
  expect(assets!.Properties.SourceObjectKeys).toHaveLength(1);
  expect(page!.Properties.SourceObjectKeys).toHaveLength(1);
  // The page names the build it was deployed with.
  expect(JSON.stringify(stack.resolve(site.page))).toContain(`src=\\"${buildConsole().script}\\"`);
});

test('its URL is a stack output', () => {
  template.hasOutput('ConsoleUrl', { Value: consoleUrl, Description: Match.stringLikeRegexp('console') });
});

test('prod keeps the bucket with the stack\'s data; dev empties and deletes it', () => {
  const bucketOf = (b: typeof built) => b.template.findResources('AWS::S3::Bucket')[logicalId(b.stack.console.bucket)]!;
  expect(bucketOf(prod).DeletionPolicy).toBe('Retain');
  expect(bucketOf(built).DeletionPolicy).toBe('Delete');
  expect(Object.keys(built.template.findResources('Custom::S3AutoDeleteObjects'))).toHaveLength(1);
  expect(Object.keys(prod.template.findResources('Custom::S3AutoDeleteObjects'))).toHaveLength(0);
});
