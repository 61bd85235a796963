import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * SDK clients, one per service, created once per container and imported by service so bundles stay small.
 * Endpoints come from the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables, which the local stack sets to the
 * emulators; in AWS they are unset and the regional endpoints apply.
 */
let sqs: SQSClient | undefined;

export function sqsClient(): SQSClient {
  // Address queues through the configured endpoint, not the host inside the queue URL: the same in AWS (both are
  // the regional endpoint), and locally fauxqs issues `sqs.<region>.localhost` URLs that do not resolve here.
  sqs ??= new SQSClient({ maxAttempts: 3, useQueueUrlAsEndpoint: false });
  return sqs;
}

let dynamodb: DynamoDBClient | undefined;
export function dynamoDbClient(): DynamoDBClient {
  dynamodb ??= new DynamoDBClient({ maxAttempts: 3 });
  return dynamodb;
}

let sfn: SFNClient | undefined;
export function sfnClient(): SFNClient {
  sfn ??= new SFNClient({ maxAttempts: 3 });
  return sfn;
}
