import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { QUEUES } from '../config/resources';
import { AppSecrets } from './app-secrets';
import { EventsQueue } from './events-queue';
import { IntakeApi, type WebhookUrl } from './intake-api';
import type { Stage } from './stage-config';

export interface SocialCareStackProps extends StackProps {
  /** The selected stage and its settings (lib/stage-config.ts). */
  readonly stage: Stage;
}

/**
 * The deployable unit: signed webhooks in through the intake API, SocialEvents out on the events queue.
 * One stack for now; the constructs only meet through interfaces (IQueue, ISecret), so the queue and the secret can
 * move to a stateful stack, and the classifier, table and state machine can join, without changing the others.
 */
export class SocialCareStack extends Stack {
  readonly eventsQueue: EventsQueue;
  readonly appSecrets: AppSecrets;
  readonly intakeApi: IntakeApi;

  constructor(scope: Construct, id: string, props: SocialCareStackProps) {
    const { stage, ...stackProps } = props;
    super(scope, id, {
      description: `Social customer care (${stage.name}): signed platform webhooks via API Gateway and Lambda onto SQS`,
      ...stackProps,
    });
    const { settings } = stage;

    this.eventsQueue = new EventsQueue(this, 'EventsQueue', { spec: QUEUES.events });
    this.appSecrets = new AppSecrets(this, 'AppSecrets');
    this.intakeApi = new IntakeApi(this, 'IntakeApi', {
      queues: { events: this.eventsQueue.queue },
      deadLetterQueues: { events: this.eventsQueue.deadLetterQueue },
      secret: this.appSecrets.secret,
      // Validated against RetentionDays in stage-config.ts.
      logRetention: settings.logRetentionDays as RetentionDays,
      throttle: settings.apiThrottle,
      secretsMaxAge: Duration.seconds(settings.secretsMaxAgeSeconds),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.intakeApi.url, description: 'Base URL of the intake API' });
    for (const webhook of this.intakeApi.webhookUrls) {
      new CfnOutput(this, webhookOutputId(webhook, this.intakeApi.webhookUrls), {
        value: webhook.url,
        description: webhook.path.includes('{')
          ? `Webhook URL to register with the platform; replace ${webhook.path.match(/\{[^}]+\}/g)?.join(', ')}`
          : 'Webhook URL to register with the platform',
      });
    }
    new CfnOutput(this, 'AppSecretsArn', {
      value: this.appSecrets.secret.secretArn,
      description: 'Secret to fill in after the first deploy (schemas/app-secrets.ts)',
    });
    new CfnOutput(this, 'EventsQueueUrl', { value: this.eventsQueue.queue.queueUrl });
    new CfnOutput(this, 'EventsDeadLetterQueueUrl', { value: this.eventsQueue.deadLetterQueue.queueUrl });
  }
}

/** `MetaWebhookUrl`; a function serving several paths gets the path in the id too, so ids stay unique. */
export function webhookOutputId(webhook: WebhookUrl, all: readonly WebhookUrl[]): string {
  const fnPart = webhook.fn.charAt(0).toUpperCase() + webhook.fn.slice(1);
  if (all.filter((w) => w.fn === webhook.fn).length === 1) return `${fnPart}Url`;
  const pathPart = webhook.path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
    .join('');
  return `${fnPart}${pathPart}Url`;
}
