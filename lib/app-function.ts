import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../config/metrics';
import type { FunctionSpec } from '../config/resources';
import { grantKeyViaService } from './data-key';
import { addressOfEmailFrom } from './stage-config';

/** Repository root: entries in config/resources.ts are relative to it, whatever directory `cdk` runs from. */
export const REPO_ROOT = resolve(__dirname, '..');

/** Powertools Metrics namespace shared by every function of the project (config/metrics.ts lists the metrics). */
export { METRICS_NAMESPACE };

/** Why a function that sends SMS has sns:Publish on Resource * (cdk-nag IAM5), recorded on its role. */
export const SMS_WILDCARD_REASON =
  'sns:Publish on Resource * is how IAM allows SMS to a phone number (Publish with PhoneNumber has no resource ARN to name). The same role has an explicit Deny of sns:Publish on arn:<partition>:sns:*:*:*, so this grant can only send SMS and never publish to any topic or platform endpoint; tests assert both statements.';

/**
 * Why an email sender has ses:SendEmail on every SES identity of its account and region (cdk-nag IAM5), recorded on
 * its role.
 */
export const SES_IDENTITY_WILDCARD_REASON =
  'ses:SendEmail on identity/* of this account and region, conditioned on ses:FromAddress equal to the stage\'s one From address: SES authorizes a send against every identity it checks, which is the sender\'s domain identity or its own email-address identity (whichever is verified) and, while the account is in the SES sandbox, each recipient\'s identity too. Naming only the domain identity fails in the sandbox and for a sender verified as an address. The condition keeps the grant to that one sender; tests assert the statement and its condition.';

/** How cdk-nag writes the `identity/*` ARN of bindEmailSending in its IAM5 finding id. */
export const SES_IDENTITIES_NAG_RESOURCE = 'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*';

export interface AppFunctionProps {
  /** Entry, description, memory and timeout, from FUNCTIONS in config/resources.ts. */
  readonly spec: FunctionSpec;
  /** Powertools service name: one per bounded context (e.g. `intake`), so logs and metrics group by it. */
  readonly serviceName: string;
  /** Retention of the function's own log group. */
  readonly logRetention: RetentionDays;
  /** X-Ray: ACTIVE samples requests itself; PASS_THROUGH traces only a request whose caller sampled it. */
  readonly tracing: Tracing.ACTIVE | Tracing.PASS_THROUGH;
}

/**
 * A Lambda function with the settings every handler of this project gets, so no call site can forget one:
 * Node.js 24 on arm64 (20% cheaper per GB-s), X-Ray tracing (active, or pass-through: the stage's `tracing`), JSON logs into its own log group with a
 * retention, memory and timeout from the spec, and a local esbuild bundle (no Docker) that includes the AWS SDK
 * clients we import, because a bundled, tree-shaken client initialises faster than the runtime's copy.
 *
 * The function gets its own role instead of the default one: the default attaches the AWS managed
 * AWSLambdaBasicExecutionRole, which allows writing to every log group in the account (cdk-nag IAM4). Here the role
 * may only write to this function's log group; everything else is granted through the `bind*` methods.
 *
 * Fails at synth when the entry file does not exist (NodejsFunction needs it even when bundling is skipped).
 */
export class AppFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const { spec } = props;
    const entry = join(REPO_ROOT, spec.entry);
    if (!existsSync(entry)) {
      throw new Error(
        `entry '${spec.entry}' of function ${id} not found at ${entry}: create the module exporting 'handler' or fix FUNCTIONS in config/resources.ts`,
      );
    }

    this.logGroup = new LogGroup(this, 'LogGroup', { retention: props.logRetention });
    this.role = new Role(this, 'ServiceRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}: its own log group, X-Ray, and what it is bound to`,
    });
    // CreateLogStream and PutLogEvents on this group only. The group's Arn attribute already ends in ':*', which
    // covers its streams, so the policy names no wildcard of ours.
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      description: spec.description,
      // Explicit: without it NodejsFunction's default depends on a feature flag (nodejs16.x in tests).
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: props.tracing,
      role: this.role,
      logGroup: this.logGroup,
      // Lambda's own lines (START, REPORT, platform errors) become JSON too, like the Powertools lines.
      loggingFormat: LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        // Stack traces point at the TypeScript sources instead of the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        // Local esbuild from devDependencies; Docker is neither needed nor wanted.
        forceDockerBundling: false,
        format: OutputFormat.CJS,
        target: 'node24',
        minify: true,
        sourceMap: true,
        // The map only needs the mappings for readable stack traces; leaving the sources out halves it.
        sourcesContent: false,
        // ESM entry points tree-shake better (AWS SDK v3, Powertools).
        mainFields: ['module', 'main'],
        // Bundle everything, the AWS SDK included: the runtime's SDK version is not ours to pick, and a bundled
        // client loads faster than the runtime's full copy.
        externalModules: [],
      },
    });

    // X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions: IAM requires '*'.
    // Acknowledged on this role only, so a wildcard added to another role is still reported.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The X-Ray statement added by Tracing.ACTIVE or PASS_THROUGH (xray:PutTraceSegments, xray:PutTelemetryRecords) uses Resource *; X-Ray supports no resource-level permissions. Tests assert no other statement of this role has a wildcard resource, except one that carries its own acknowledgement (allowSmsToPhoneNumbers).',
    });
  }

  /**
   * Lets the function send SMS with SNS Publish to a phone number (`PhoneNumber`), and nothing else of SNS.
   * A publish to a phone number has no resource ARN, so IAM can only allow it on Resource '*'; an explicit Deny of
   * sns:Publish on every SNS ARN (topics, platform endpoints) in every region and account then makes sure the
   * grant can only ever send SMS, never publish to a topic, whatever else the role is given later.
   */
  allowSmsToPhoneNumbers(): void {
    const partition = Stack.of(this).partition;
    this.role.addToPrincipalPolicy(new PolicyStatement({ sid: 'SmsToPhoneNumbers', actions: ['sns:Publish'], resources: ['*'] }));
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'NoPublishToTopics',
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${partition}:sns:*:*:*`],
      }),
    );
    Validations.of(this.role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: SMS_WILDCARD_REASON });
  }

  /**
   * Lets the function send email through SES v2 SendEmail from `from`'s address only, and sets `from` (an address or
   * `Name <address>`) in `fromEnvName`.
   *
   * The resource is every identity of the account and region (`identity/*`), because SES authorizes SendEmail against
   * each identity it checks: the sender's domain identity or, when the address is verified on its own, its
   * email-address identity, and in the SES sandbox every recipient's identity as well. Naming only the stage's
   * domain identity makes every send fail in the sandbox and for an address identity. The `ses:FromAddress`
   * condition (the bare address, without the display name) is what limits the grant: the function cannot send as
   * any other address, whichever identities the account has verified. No configuration set is used; if one is
   * added (ConfigurationSetName), SendEmail also needs its `configuration-set/<name>` ARN here.
   */
  bindEmailSending(from: string, fromEnvName: string): void {
    const address = addressOfEmailFrom(from);
    if (address === undefined) throw new Error(`emailFrom '${from}' is not an email address or 'Name <address>': fix escalation.emailFrom of the stage in cdk.json`);
    const identities = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'SendEmailFromStageAddress',
        actions: ['ses:SendEmail'],
        resources: [identities],
        conditions: { StringEquals: { 'ses:FromAddress': address } },
      }),
    );
    Validations.of(this.role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${SES_IDENTITIES_NAG_RESOURCE}]`, reason: SES_IDENTITY_WILDCARD_REASON });
    this.fn.addEnvironment(fromEnvName, from);
  }

  /**
   * Lets the function send to `queue` (SendMessage and the attribute reads the SDK needs) and sets its URL in
   * `urlEnvName`. For a KMS-encrypted queue, kms:GenerateDataKey and kms:Decrypt on its key through SQS only, instead
   * of grantSendMessages' kms:Encrypt, ReEncrypt* and GenerateDataKey* on it.
   */
  bindQueueSend(queue: IQueue, urlEnvName: string): void {
    queue.grant(this.fn, 'sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl');
    if (queue.encryptionMasterKey) grantKeyViaService(queue.encryptionMasterKey, this.role, 'sqs', ['kms:GenerateDataKey', 'kms:Decrypt']);
    this.fn.addEnvironment(urlEnvName, queue.queueUrl);
  }

  /**
   * Lets the function read `secret` (GetSecretValue, DescribeSecret on that secret only, and kms:Decrypt on its key
   * through Secrets Manager) and sets its ARN in `arnEnvName`. The ARN is an identifier, not the secret: the value is
   * fetched at run time, never put in env.
   */
  bindSecretRead(secret: ISecret, arnEnvName: string): void {
    // Not secret.grantRead: for a secret with a customer managed key it adds kms:Decrypt to the key policy; here it
    // goes into this role's policy, through Secrets Manager only, next to the function's other permissions.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secret.secretArn] }),
    );
    if (secret.encryptionKey) grantKeyViaService(secret.encryptionKey, this.role, 'secretsmanager', ['kms:Decrypt']);
    this.fn.addEnvironment(arnEnvName, secret.secretArn);
  }
}
