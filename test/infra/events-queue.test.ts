/**
 * The events queue and its DLQ as synthesized from QUEUES.events: redrive, visibility, retention, encryption and
 * the TLS-only queue policies.
 */
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { QUEUES } from '../../config/resources';
import { DATA_KEY_REUSE, EventsQueue } from '../../lib/events-queue';
import { arnOf, emptyStack, logicalId, ref, synthStack } from './helpers';

const { stack, template } = synthStack();
const { queue, deadLetterQueue } = stack.eventsQueue;
const spec = QUEUES.events;

test('the stack has exactly the events queue, the bulk queue and their one shared DLQ', () => {
  template.resourceCountIs('AWS::SQS::Queue', 3);
  expect(stack.bulkQueue.deadLetterQueue).toBe(deadLetterQueue);
});

test('the bulk queue redrives to the events DLQ, encrypted and TLS-only like the events queue', () => {
  const props = template.findResources('AWS::SQS::Queue')[logicalId(stack.bulkQueue.queue)].Properties;
  expect(props.RedrivePolicy).toEqual({ deadLetterTargetArn: arnOf(deadLetterQueue), maxReceiveCount: QUEUES.bulk.maxReceiveCount });
  expect(props.VisibilityTimeout).toBe(QUEUES.bulk.visibilityTimeoutSeconds);
  expect(props.KmsMasterKeyId).toEqual(arnOf(stack.dataKey.key));
  template.hasResourceProperties('AWS::SQS::QueuePolicy', {
    Queues: [ref(stack.bulkQueue.queue)],
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
  });
});

test('the queue redrives to the DLQ after maxReceiveCount deliveries, with the configured visibility timeout', () => {
  const props = template.findResources('AWS::SQS::Queue')[logicalId(queue)].Properties;
  expect(props.RedrivePolicy).toEqual({ deadLetterTargetArn: arnOf(deadLetterQueue), maxReceiveCount: spec.maxReceiveCount });
  expect(props.VisibilityTimeout).toBe(spec.visibilityTimeoutSeconds);
});

test('the DLQ keeps messages for dlqRetentionDays, longer than the queue, and has no DLQ of its own', () => {
  const queues = template.findResources('AWS::SQS::Queue');
  const dlq = queues[logicalId(deadLetterQueue)].Properties;
  const main = queues[logicalId(queue)].Properties;
  expect(dlq.MessageRetentionPeriod).toBe(Duration.days(spec.dlqRetentionDays).toSeconds());
  expect(dlq.MessageRetentionPeriod).toBeGreaterThan(main.MessageRetentionPeriod);
  expect(dlq.RedrivePolicy).toBeUndefined();
});

test.each([
  ['queue', queue],
  ['DLQ', deadLetterQueue],
])('the %s is encrypted with the stack data key, reusing data keys for 5 minutes', (_name, q) => {
  const props = template.findResources('AWS::SQS::Queue')[logicalId(q)].Properties;
  expect(props.KmsMasterKeyId).toEqual(arnOf(stack.dataKey.key));
  expect(props.KmsDataKeyReusePeriodSeconds).toBe(DATA_KEY_REUSE.toSeconds());
  expect(DATA_KEY_REUSE.toSeconds()).toBe(300);
  expect(props.SqsManagedSseEnabled).toBeUndefined();
});

test.each([
  ['queue', queue],
  ['DLQ', deadLetterQueue],
])('the %s denies every request not made over TLS', (_name, q) => {
  template.hasResourceProperties('AWS::SQS::QueuePolicy', {
    Queues: [ref(q)],
    PolicyDocument: {
      Statement: Match.arrayWith([
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sqs:*',
          Resource: arnOf(q),
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
    },
  });
});

test('fails when the DLQ retention is not longer than the queue retention', () => {
  // Arrange
  const scope = emptyStack();
  const encryptionKey = new Key(scope, 'K');
  // Act / Assert
  expect(
    () => new EventsQueue(scope, 'Q', { spec: { ...spec, dlqRetentionDays: 4 }, retentionPeriod: Duration.days(4), encryptionKey }),
  ).toThrow(/dlqRetentionDays 4 of queue Q must be longer than the queue's retention \(4 days\)/);
});
