import { Duration, type IAspect, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Grant, type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';

/** The alias of a stage's data key: `alias/social-care-<stage>`. */
export const dataKeyAlias = (stageName: string) => `alias/social-care-${stageName}`;

/**
 * The AWS services that may use the data key on a function's behalf (kms:ViaService), and what each needs:
 * - `dynamodb`: every request to a table encrypted with a customer managed key has DynamoDB unwrap the table key with
 *   the caller's kms:Decrypt (a PutItem fails without it; aws/aws-cdk#10010); writers also get GenerateDataKey.
 * - `sqs`: a producer needs kms:GenerateDataKey (a data key per reuse period) and kms:Decrypt (SQS docs, "Key
 *   management"); a consumer kms:Decrypt, including a Lambda event source mapping, which receives with the
 *   function's role (lib/classifier.ts grants it, as SqsEventSource would without the condition).
 * - `secretsmanager`: reading a secret needs kms:Decrypt (Secret.grantRead adds it, through Secrets Manager only).
 * Never Encrypt, ReEncrypt*, a `*` action or any key administration: a function cannot change or schedule the key.
 */
export type KeyService = 'dynamodb' | 'sqs' | 'secretsmanager';
export type DataKeyAction = 'kms:Decrypt' | 'kms:GenerateDataKey';

/**
 * Lets `grantee` use `key` for `actions` only through `service` in this stack's region (condition kms:ViaService
 * `<service>.<region>.amazonaws.com`): it can read and write the encrypted resource, never call KMS itself to decrypt
 * a ciphertext it got hold of. The statement goes into the grantee's identity policy, on this key's ARN only (the
 * key policy trusts the account's IAM policies); kms.ViaServicePrincipal would put it into the key policy instead,
 * where it is harder to review next to the function's other permissions.
 */
export function grantKeyViaService(key: IKey, grantee: IGrantable, service: KeyService, actions: readonly DataKeyAction[]): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: [...actions],
    resourceArns: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': viaService(key, service) } },
  });
}

/** `<service>.<region>.amazonaws.com`, the value of kms:ViaService for requests `service` makes in the key's region. */
export function viaService(scope: IConstruct, service: KeyService): string {
  return `${service}.${Stack.of(scope).region}.amazonaws.com`;
}

export interface DataKeyProps {
  /** The stage's name, part of the alias. */
  readonly stageName: string;
  /** The stage's `dataRemovalPolicy`: `destroy` schedules the key's deletion with the stack (after `pendingWindow`). */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The stack's one customer managed KMS key (symmetric, automatic yearly rotation of its key material), which encrypts
 * everything the stack stores: the cases table, the events queue and its DLQ, the app secret, every CloudWatch log
 * group (EncryptLogGroups below) and the alarm topic. One key rather than one per resource: $1 a month per key
 * (rotations add $1 for each of the first two), and KMS requests are few because DynamoDB, SQS (data key reuse) and
 * CloudWatch Logs cache data keys; who may use it is decided per function by IAM, each through one service only
 * (grantKeyViaService).
 *
 * The key policy is CDK's default (the account's IAM policies decide, so no principal is locked out) plus:
 * - CloudWatch Logs in this region, for log groups of this account only (condition on the encryption context
 *   `aws:logs:arn`, as the CloudWatch Logs guide "Encrypt log data using AWS KMS" prescribes): without it, a log group
 *   with this key fails to create and stops receiving events when the key is removed from the policy;
 * - CloudWatch alarms (`cloudwatch.amazonaws.com`), which need kms:Decrypt and kms:GenerateDataKey* to publish to
 *   an SNS topic encrypted with this key (the alarm topic), on behalf of alarms of this account and region only
 *   (aws:SourceAccount, aws:SourceArn); they can use the key only for a topic that already uses it and whose policy
 *   lets them publish.
 *
 * Removal: `retain` stages keep the key (and so can still read retained log groups and PITR backups after a stack
 * deletion); `destroy` stages schedule its deletion after 30 days. Deletion makes everything it encrypted unreadable
 * for good, including the app secret, which is retained: cancel the deletion in the KMS console within those 30 days
 * to keep it (`aws kms cancel-key-deletion`).
 */
export class DataKey extends Construct {
  readonly key: Key;
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: DataKeyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.aliasName = dataKeyAlias(props.stageName);
    this.key = new Key(this, 'Key', {
      description: `Social care (${props.stageName}): encrypts the cases table, events queues, app secret, log groups and alarm topic`,
      alias: this.aliasName,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: props.removalPolicy,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` },
        },
      }),
    );
    // Confused-deputy guard: only on behalf of alarms of this account and region, like the alarm topic's own policy
    // (lib/observability.ts). The topic's ARN (encryption context aws:sns:topicArn) would narrow it further, but the
    // topic is encrypted with this key, so naming it here would make the key and the topic depend on each other.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsToEncryptedTopics',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
        },
      }),
    );
  }
}

/**
 * Sets `key` on every CloudWatch log group in the scope that names no key of its own: the functions' groups, the
 * state machines' and the API's access logs, and any group a later construct adds, so none is left on the
 * service-owned key by omission. Applied by the stack (Aspects.of(stack).add). CloudWatch Logs encrypts new events
 * with the key once it is associated; the key policy's CloudWatch Logs statement (DataKey) lets it.
 */
export class EncryptLogGroups implements IAspect {
  constructor(private readonly key: IKey) {}

  visit(node: IConstruct): void {
    if (node instanceof CfnLogGroup && node.kmsKeyId === undefined) node.kmsKeyId = this.key.keyArn;
  }
}
