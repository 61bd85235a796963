import { Duration, Names } from 'aws-cdk-lib';
import type { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, FUNCTIONS, type FunctionSpec, QUEUES } from '../config/resources';
import type { AppFunction } from './app-function';
import { grantKeyViaService } from './data-key';
import { createAppFunction, type FunctionDependencies } from './function-factory';
import type { StageSettings } from './stage-config';

/**
 * AWS guidance for Lambda on SQS: the queue's visibility timeout must be at least six times the function's timeout,
 * so a batch that is retried after throttling or a timeout is not delivered to a second invocation meanwhile.
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** Throws, naming both settings and what to change, when `visibilityTimeoutSeconds` < 6 × `timeoutSeconds`. */
export function assertVisibilityCoversTimeout(
  fnName: string,
  fn: Pick<FunctionSpec, 'timeoutSeconds'>,
  queueName: string,
  queue: { readonly visibilityTimeoutSeconds: number },
): void {
  const needed = VISIBILITY_TIMEOUT_FACTOR * fn.timeoutSeconds;
  if (queue.visibilityTimeoutSeconds < needed) {
    throw new Error(
      `queue '${queueName}' has visibilityTimeoutSeconds ${queue.visibilityTimeoutSeconds}, less than ${VISIBILITY_TIMEOUT_FACTOR} × the ${fn.timeoutSeconds} s timeout of its consumer '${fnName}' (${needed} s): raise QUEUES.${queueName}.visibilityTimeoutSeconds to at least ${needed} or lower FUNCTIONS.${fnName}.timeoutSeconds in config/resources.ts`,
    );
  }
}

export interface ClassifierProps extends FunctionDependencies {
  /** SLA minutes, raw text retention, the high-reach threshold and the concurrency cap, from the stage settings. */
  readonly settings: Pick<StageSettings, 'slaMinutes' | 'rawTextRetentionDays' | 'highReachFollowers' | 'crisis' | 'classifierMaxConcurrency'>;
}

/**
 * The classify function on the events queue (FUNCTIONS.classify): an SQS event source mapping with the spec's batch
 * size and batching window and partial batch responses, so only the failed records of a batch return to the queue
 * (and after maxReceiveCount reach the DLQ, which is why the mapping needs no on-failure destination of its own).
 *
 * Access: consume the events queue (the mapping receives with the function's role) and decrypt its messages with the
 * data key through SQS only, GetItem/PutItem/UpdateItem on the cases table, and StartExecution on the escalation and
 * SLA state machines; nothing else beyond its own logs and X-Ray.
 *
 * The mapping is added directly rather than through SqsEventSource, whose grant gives the role kms:Decrypt on the
 * queue's key with no kms:ViaService condition (a role that could then decrypt any ciphertext of the key by calling
 * KMS itself); here the same queue actions are granted and the key only through SQS.
 */
export class Classifier extends Construct {
  readonly function: AppFunction;
  readonly eventSourceMapping: EventSourceMapping;
  /** The mapping on the bulk queue (FUNCTIONS.classify.consumesBulk). */
  readonly bulkEventSourceMapping?: EventSourceMapping;

  constructor(scope: Construct, id: string, props: ClassifierProps) {
    super(scope, id);
    const spec: FunctionSpec = FUNCTIONS.classify;
    const consumes = spec.consumes;
    if (!consumes) throw new Error(`FUNCTIONS.classify has no 'consumes': set the queue it reads in config/resources.ts`);
    assertVisibilityCoversTimeout('classify', spec, consumes.queue, QUEUES[consumes.queue]);

    this.function = createAppFunction(this, 'Function', 'classify', props);
    this.eventSourceMapping = this.consume(props.queues[consumes.queue], {
      batchSize: consumes.batchSize,
      maxBatchingWindow: Duration.seconds(consumes.maxBatchingWindowSeconds),
      // A cap on concurrent classify invocations, so a spike waits on the queue instead of starving the webhooks of
      // the account's Lambda concurrency (stage setting classifierMaxConcurrency).
      maxConcurrency: props.settings.classifierMaxConcurrency,
    });
    const bulk = spec.consumesBulk;
    if (bulk) {
      assertVisibilityCoversTimeout('classify', spec, bulk.queue, QUEUES[bulk.queue]);
      // A second mapping on the bulk queue (big deliveries in bundles), capped low so that a big delivery never takes
      // the function's capacity from the events queue's mapping, where critical posts arrive.
      this.bulkEventSourceMapping = this.consume(props.queues[bulk.queue], { batchSize: bulk.batchSize, maxConcurrency: bulk.maxConcurrency });
    }

    const { settings } = props;
    this.function.fn.addEnvironment(ENV.slaMinutes, JSON.stringify(settings.slaMinutes));
    this.function.fn.addEnvironment(ENV.rawTextRetentionDays, String(settings.rawTextRetentionDays));
    this.function.fn.addEnvironment(ENV.highReachFollowers, String(settings.highReachFollowers));
    this.function.fn.addEnvironment(ENV.crisisThresholds, JSON.stringify(settings.crisis));
  }

  /** A mapping from `queue` into the function, with partial batch responses, and what its poller needs to read it. */
  private consume(queue: IQueue, options: { batchSize: number; maxBatchingWindow?: Duration; maxConcurrency: number }): EventSourceMapping {
    // The id SqsEventSource gave the mapping, so a deployed stack keeps its mapping rather than replacing it.
    const mapping = this.function.fn.addEventSourceMapping(`SqsEventSource:${Names.nodeUniqueId(queue.node)}`, {
      eventSourceArn: queue.queueArn,
      reportBatchItemFailures: true,
      ...options,
    });
    // What the mapping's poller calls with the function's role (SqsEventSource's grantConsumeMessages, minus its
    // unconditioned kms:Decrypt).
    queue.grant(this.function.role, 'sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes');
    if (queue.encryptionMasterKey) grantKeyViaService(queue.encryptionMasterKey, this.function.role, 'sqs', ['kms:Decrypt']);
    return mapping;
  }
}
