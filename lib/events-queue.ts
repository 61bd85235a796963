import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
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
  /** The stack's data key (lib/data-key.ts): both queues are encrypted with it. */
  readonly encryptionKey: IKey;
  /** Another EventsQueue's dead-letter queue to share (one place for ops to look); a new one otherwise. */
  readonly deadLetterQueue?: Queue;
}

/**
 * How long SQS reuses a data key before asking KMS for a new one (GenerateDataKey per producer, Decrypt per
 * consumer): 5 minutes, the SQS default, written out because it bounds the KMS requests (and their cost) to about
 * a dozen an hour per principal, whatever the traffic.
 */
export const DATA_KEY_REUSE = Duration.minutes(5);

/**
 * A standard SQS queue with its dead-letter queue: after `maxReceiveCount` failed deliveries a message is parked on
 * the DLQ for a person to inspect instead of being retried forever or lost.
 *
 * Both queues are encrypted with the stack's customer managed key (SSE-KMS), like everything else the stack stores:
 * the messages are customer posts, DMs included, and the key gives one place to audit (CloudTrail records each KMS
 * use) and to revoke access. Producers need kms:GenerateDataKey and kms:Decrypt and consumers kms:Decrypt, through
 * SQS only (AppFunction.bindQueueSend, the event source mapping's grant); a data key is reused for DATA_KEY_REUSE.
 * An AWS service that should ever send here directly (SNS, EventBridge) would need a key policy statement too.
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

    const encryption = { encryption: QueueEncryption.KMS, encryptionMasterKey: props.encryptionKey, dataKeyReuse: DATA_KEY_REUSE };
    this.deadLetterQueue =
      props.deadLetterQueue ??
      new Queue(this, 'DeadLetterQueue', {
        ...encryption,
        enforceSSL: true,
        retentionPeriod: dlqRetention,
      });
    this.queue = new Queue(this, 'Queue', {
      ...encryption,
      enforceSSL: true,
      retentionPeriod,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
    });
  }
}
