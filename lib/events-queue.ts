import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueSpec } from '../config/resources';

export interface EventsQueueProps {
  /** Redrive, visibility and DLQ retention, from QUEUES in config/resources.ts. */
  readonly spec: QueueSpec;
  /**
   * How long an unconsumed message stays on the main queue.
   * @default - 4 days (the SQS default), shorter than the DLQ's retention as required below
   */
  readonly retentionPeriod?: Duration;
}

/**
 * A standard SQS queue with its dead-letter queue: after `maxReceiveCount` failed deliveries a message is parked on
 * the DLQ for a person to inspect instead of being retried forever or lost.
 *
 * Encryption is SQS-managed SSE (SSE-SQS) on both queues, not a KMS key: it costs nothing, needs no kms:* grants for
 * producers and future consumers (a Lambda event source mapping would need kms:Decrypt), and works with every AWS
 * service that may later send here (SNS, EventBridge), while a customer-managed key adds $1/month per key, per-request
 * KMS charges and key-policy upkeep. It would buy key-level access control and per-use CloudTrail records, which the
 * queues' IAM-scoped policies already make unnecessary for public social posts in transit.
 * Both queues deny any request not made over TLS (aws:SecureTransport).
 */
export class EventsQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: EventsQueueProps) {
    super(scope, id);
    const { spec } = props;
    const retentionPeriod = props.retentionPeriod ?? Duration.days(4);
    const dlqRetention = Duration.days(spec.dlqRetentionDays);
    // A standard queue keeps a message's original enqueue time when it moves to the DLQ, so a DLQ retention not
    // longer than the source's could expire a message the moment it is parked.
    if (dlqRetention.toSeconds() <= retentionPeriod.toSeconds()) {
      throw new Error(
        `dlqRetentionDays ${spec.dlqRetentionDays} of queue ${id} must be longer than the queue's retention (${retentionPeriod.toDays()} days): raise dlqRetentionDays in config/resources.ts`,
      );
    }

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: dlqRetention,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
    });
  }
}
