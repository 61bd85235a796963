import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { tracer } from './tracing';

/**
 * SDK clients, one per service, created once per container and imported by service so bundles stay small.
 * Endpoints come from the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables, which the local stack sets to the
 * emulators; in AWS they are unset and the regional endpoints apply. Each client is traced (an X-Ray subsegment per
 * call) when tracing is on (tracing.ts).
 */
let sqs: SQSClient | undefined;

export function sqsClient(): SQSClient {
  // Address queues through the configured endpoint, not the host inside the queue URL: the same in AWS (both are
  // the regional endpoint), and locally fauxqs issues `sqs.<region>.localhost` URLs that do not resolve here.
  sqs ??= tracer.captureAWSv3Client(new SQSClient({ maxAttempts: 3, useQueueUrlAsEndpoint: false }));
  return sqs;
}

let dynamodb: DynamoDBClient | undefined;
export function dynamoDbClient(): DynamoDBClient {
  dynamodb ??= tracer.captureAWSv3Client(new DynamoDBClient({ maxAttempts: 3 }));
  return dynamodb;
}

let sfn: SFNClient | undefined;
export function sfnClient(): SFNClient {
  sfn ??= tracer.captureAWSv3Client(new SFNClient({ maxAttempts: 3 }));
  return sfn;
}

let sns: SNSClient | undefined;
/** SMS goes out through SNS Publish with a PhoneNumber. */
export function snsClient(): SNSClient {
  sns ??= tracer.captureAWSv3Client(new SNSClient({ maxAttempts: 3 }));
  return sns;
}

let ses: SESv2Client | undefined;
export function sesClient(): SESv2Client {
  ses ??= tracer.captureAWSv3Client(new SESv2Client({ maxAttempts: 3 }));
  return ses;
}
