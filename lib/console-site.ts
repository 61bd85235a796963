import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Aws, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildConsole } from '../console/build';
import { CONSOLE_LABELS, CONSOLE_OPENER_POLICY, CONSOLE_PERMISSIONS_POLICY, consoleCsp, renderConsolePage } from '../console/page';

export interface ConsoleSiteProps {
  /** `DESTROY` also empties the bucket when the stack goes (its objects are the build, nothing else). */
  readonly removalPolicy: RemovalPolicy;
  /** How long the deployment provider's log (one line per deploy) is kept: the stage's retention. */
  readonly logRetention: RetentionDays;
}

export interface ConsoleEndpoints {
  /** The staff API's base URL (ending in '/'). */
  readonly apiUrl: string;
  /** The managed login's base URL. */
  readonly signInUrl: string;
  /** The staff app client's id. */
  readonly clientId: string;
}

/** Why the site has no access log of its own (cdk-nag S1, CFR3). */
export const CONSOLE_ACCESS_LOG_REASON =
  'The bucket and the distribution serve the console build only: public, static code with no data in it. Who reads cases is recorded where the data is: the staff API access log (every request, route key, status) and the case timeline (every action, by whom). CloudFront standard logging would need an ACL-enabled log bucket for no added audit value.';

/** Why the distribution has no geographic restriction or WAF (cdk-nag CFR1, CFR2). */
export const CONSOLE_EDGE_REASON =
  'Staff work from anywhere (on call from a phone abroad), and the site is static code: a request gets the same few files whoever sends it. Access to data is decided by the staff API behind Cognito (MFA, threat protection in prod) and its stage throttling, not by the site.';

/** Why the viewer TLS setting is the default one (cdk-nag CFR4). */
export const CONSOLE_TLS_REASON =
  "The distribution answers on its cloudfront.net name with CloudFront's default certificate, where the minimum protocol cannot be set; the viewer policy redirects HTTP to HTTPS and HSTS keeps browsers on it. A stage with its own domain and certificate can raise the minimum to TLS 1.2.";

/** Why the deployment's provider function and the bucket emptier are as CDK makes them (cdk-nag IAM4, IAM5, L1). */
export const CONSOLE_DEPLOYMENT_REASON =
  "CDK's own providers (BucketDeployment copying the build at deploy time, the bucket emptier of stages that destroy their data): a managed basic-execution policy, object wildcards on this one bucket and the build's asset bucket, and a runtime CDK chooses. They run only during a deploy, hold no data, and are not reachable from outside.";

/**
 * The care team's console in AWS: the console build in a private, encrypted S3 bucket (no public access, TLS only),
 * read by CloudFront through origin access control, served over HTTPS with a response headers policy that sets the
 * CSP, HSTS, no framing, no referrer and no sniffing. Its URL is the staff app client's callback and the only
 * origin the staff API's CORS allows (lib/social-care-stack.ts).
 *
 * The headers' CSP bounds calls to the region's API Gateway and Cognito hosts; the page itself (written at deploy
 * time with the stack's values: `deploy`) carries the exact API and sign-in origins in a second policy, which the
 * browser applies too. The exact values cannot go into the header: the API's CORS names this distribution, and the
 * distribution's headers naming the API would make a cycle.
 */
export class ConsoleSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  /** The page as deployed (after `deploy`), with the stack's values as tokens. */
  page: string | undefined;
  private readonly deployLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    // Unnamed, with the stage's retention (CDK's provider otherwise makes a named group kept for two years).
    this.deployLogs = new LogGroup(this, 'DeployLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const destroy = props.removalPolicy === RemovalPolicy.DESTROY;
    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: false,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: destroy,
    });
    Validations.of(this.bucket).acknowledge({ id: 'AwsSolutions-S1', reason: CONSOLE_ACCESS_LOG_REASON });

    const region = Stack.of(this).region;
    this.headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Social care console: CSP, HSTS, no framing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleCsp([`https://*.execute-api.${region}.${Aws.URL_SUFFIX}`, `https://*.auth.${region}.amazoncognito.com`]),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        contentTypeOptions: { override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Cross-Origin-Opener-Policy', value: CONSOLE_OPENER_POLICY, override: true },
          { header: 'Permissions-Policy', value: CONSOLE_PERMISSIONS_POLICY, override: true },
        ],
      },
    });

    this.distribution = new Distribution(this, 'Cdn', {
      comment: `${Stack.of(this).stackName} care console`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR3', reason: CONSOLE_ACCESS_LOG_REASON });
    Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR1', reason: CONSOLE_EDGE_REASON });
    Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR2', reason: CONSOLE_EDGE_REASON });
    Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR4', reason: CONSOLE_TLS_REASON });
  }

  /** The console's address: the Cognito callback and sign-out URL, and the staff API's one CORS origin. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}/`;
  }

  /** The console's origin (no path), as CORS compares it. */
  get origin(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Copies the build to the bucket: the hashed script and stylesheet first (cached for a year: a new build has new
   * names), then the page with this stack's API, sign-in service and client written into it (never cached).
   * Neither deployment prunes, so a page still open keeps finding the assets it names.
   */
  deploy(endpoints: ConsoleEndpoints): void {
    const build = buildConsole();
    // The asset's source folder is named by the build's content-hashed file names: synths of one build share it, so
    // each test's synth does not leave a folder of its own behind.
    const dir = path.join(tmpdir(), `social-care-console-${[build.script, build.stylesheet].map((n) => n.split('.')[1]).join('-')}`);
    mkdirSync(dir, { recursive: true });
    for (const [name, file] of build.files) writeFileSync(path.join(dir, name), file.body);
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [Source.asset(dir)],
      destinationBucket: this.bucket,
      prune: false,
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      memoryLimit: 256,
      logGroup: this.deployLogs,
    });
    const page = (this.page = renderConsolePage(
      {
        mode: 'cognito',
        apiBase: endpoints.apiUrl,
        signInUrl: endpoints.signInUrl,
        clientId: endpoints.clientId,
        redirectUri: this.url,
        labels: CONSOLE_LABELS,
        refreshSeconds: 15,
      },
      { script: build.script, stylesheet: build.stylesheet, cspMeta: consoleCsp([endpoints.apiUrl, endpoints.signInUrl], { forMeta: true }) },
    ));
    const pageDeployment = new BucketDeployment(this, 'DeployPage', {
      sources: [Source.data('index.html', page)],
      destinationBucket: this.bucket,
      prune: false,
      cacheControl: [CacheControl.noCache()],
      contentType: 'text/html; charset=utf-8',
      memoryLimit: 256,
      logGroup: this.deployLogs,
    });
    pageDeployment.node.addDependency(assets);
    this.acknowledgeDeploymentProvider(assets);
  }

  /** The findings on CDK's one BucketDeployment provider of the stack (both deployments share it). */
  private acknowledgeDeploymentProvider(deployment: BucketDeployment): void {
    const provider = deployment.handlerRole.node.scope;
    if (!provider) return;
    const stack = Stack.of(this);
    const bucketId = stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    const findings = [
      'AwsSolutions-L1',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) => `AwsSolutions-IAM5[Action::${action}]`),
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>/*]`,
    ];
    for (const id of findings) Validations.of(provider).acknowledge({ id, reason: CONSOLE_DEPLOYMENT_REASON });
  }
}
