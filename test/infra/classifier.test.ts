/**
 * The classify function on the events queue: the event source mapping from FUNCTIONS.classify.consumes with
 * partial batch responses, a queue visibility timeout of at least 6× the function timeout, and the case settings
 * from the stage in its environment.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json';
import { FUNCTIONS, QUEUES } from '../../config/resources';
import { assertVisibilityCoversTimeout, VISIBILITY_TIMEOUT_FACTOR } from '../../lib/classifier';
import { SocialCareStack } from '../../lib/social-care-stack';
import { parseStage } from '../../lib/stage-config';
import { arnOf, logicalId, ref, synthStack } from './helpers';

const { stack, stage, template } = synthStack();
const spec = FUNCTIONS.classify;
const fn = stack.classifier.function;
const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));

test('the stack has two event source mappings, both into classify: the events queue first, then the bulk queue', () => {
  expect(mappings).toHaveLength(2);
  expect(mappings.map((m) => m.Properties.EventSourceArn)).toEqual([arnOf(stack.eventsQueue.queue), arnOf(stack.bulkQueue.queue)]);
  for (const m of mappings) expect(m.Properties.FunctionName).toEqual(ref(fn.fn));
  expect(stack.functionFor('classify')).toBe(fn);
});

test('the bulk mapping takes one bundle at a time, at most two at once, with partial batch responses', () => {
  expect(mappings[1]?.Properties).toMatchObject({
    BatchSize: spec.consumesBulk.batchSize,
    ScalingConfig: { MaximumConcurrency: spec.consumesBulk.maxConcurrency },
    FunctionResponseTypes: ['ReportBatchItemFailures'],
  });
  const queue = template.findResources('AWS::SQS::Queue')[logicalId(stack.bulkQueue.queue)].Properties;
  expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(VISIBILITY_TIMEOUT_FACTOR * spec.timeoutSeconds);
});

test('batch size and batching window come from the spec; partial batch responses are on', () => {
  expect(mappings[0]?.Properties).toMatchObject({
    BatchSize: spec.consumes.batchSize,
    MaximumBatchingWindowInSeconds: spec.consumes.maxBatchingWindowSeconds,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
  });
  // No on-failure destination: after maxReceiveCount failed deliveries SQS itself parks the record on the DLQ.
  expect(mappings[0]?.Properties.DestinationConfig).toBeUndefined();
});

test("the mapping runs at most the stage's classifierMaxConcurrency (default 20) classify invocations at once", () => {
  // Without a cap a viral spike scales the consumer until it holds the account's whole Lambda concurrency, and the
  // webhooks (which must answer the platforms) are throttled.
  expect(stage.settings.classifierMaxConcurrency).toBe(20);
  expect(mappings[0]?.Properties.ScalingConfig).toEqual({ MaximumConcurrency: stage.settings.classifierMaxConcurrency });
});

test('a stage may set its own cap', () => {
  const stages = cdkJson.context.stages;
  const stage = parseStage('dev', { dev: { ...stages.dev, classifierMaxConcurrency: 5 } });
  const stack = new SocialCareStack(new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } }), 'SocialCare-capped', { stage });
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 5 } });
});

test('no function reserves concurrency: a new account (quota 10) could not deploy it, and the cap above suffices', () => {
  // Lambda keeps at least 100 of the account's concurrency unreserved, so any reservation fails to deploy in an
  // account whose quota is still the new-account 10.
  for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
    expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  }
});

test('the deployed queue visibility timeout is at least 6× the deployed function timeout', () => {
  const queue = template.findResources('AWS::SQS::Queue')[logicalId(stack.eventsQueue.queue)].Properties;
  const timeout = template.findResources('AWS::Lambda::Function')[logicalId(fn.fn)].Properties.Timeout;
  expect(timeout).toBe(spec.timeoutSeconds);
  expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(VISIBILITY_TIMEOUT_FACTOR * timeout);
  expect(queue.RedrivePolicy.deadLetterTargetArn).toEqual(arnOf(stack.eventsQueue.deadLetterQueue));
});

test('gets the SLA minutes, raw text retention and high-reach threshold of the stage', () => {
  const env = template.findResources('AWS::Lambda::Function')[logicalId(fn.fn)].Properties.Environment.Variables;
  expect(JSON.parse(env.SLA_MINUTES)).toEqual(stage.settings.slaMinutes);
  expect(env.RAW_TEXT_RETENTION_DAYS).toBe(String(stage.settings.rawTextRetentionDays));
  expect(env.HIGH_REACH_FOLLOWERS).toBe(String(stage.settings.highReachFollowers));
});

test('fails synth, naming both settings, when the visibility timeout is shorter than 6× the consumer timeout', () => {
  // Arrange
  const queue = { ...QUEUES.events, visibilityTimeoutSeconds: 179 };
  // Act / Assert
  expect(() => assertVisibilityCoversTimeout('classify', { timeoutSeconds: 30 }, 'events', queue)).toThrow(
    "queue 'events' has visibilityTimeoutSeconds 179, less than 6 × the 30 s timeout of its consumer 'classify' (180 s): raise QUEUES.events.visibilityTimeoutSeconds to at least 180 or lower FUNCTIONS.classify.timeoutSeconds in config/resources.ts",
  );
  expect(() => assertVisibilityCoversTimeout('classify', { timeoutSeconds: 30 }, 'events', QUEUES.events)).not.toThrow();
});
