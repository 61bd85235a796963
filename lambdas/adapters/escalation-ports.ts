import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { ENV } from '../../config/resources';
import type { EscalationPorts } from '../domain/escalation/ports';
import { dynamoDbClient, sesClient, snsClient } from './aws-clients';
import { cachedPolicy, ConfigTable } from './config-table';
import { requiredEnv } from './env';
import { EscalationTable } from './escalation-table';
import { LinkCodesTable } from './link-codes-table';
import { sesEmailSender, snsSmsSender } from './notifications';
import { escalationSettingsFromEnv } from './settings';

/**
 * The escalation ports as the steps function and the link pages use them, built once per container from the
 * environment: the cases table (cases, link codes, policy, directory), SNS for SMS, SES for email, and CloudWatch
 * metrics in embedded metric format (namespace SocialCare) that the alarms watch.
 */

export const METRICS_NAMESPACE = 'SocialCare';

export function escalationPorts(env: NodeJS.ProcessEnv, metrics: Metrics): EscalationPorts {
  const tableName = requiredEnv(ENV.casesTable);
  const client = dynamoDbClient();
  const config = new ConfigTable(client, tableName);
  const cacheSeconds = Number(env[ENV.policyCacheSeconds] ?? 60);
  return {
    store: new EscalationTable(client, tableName),
    policy: cachedPolicy(config, (Number.isFinite(cacheSeconds) && cacheSeconds >= 0 ? cacheSeconds : 60) * 1000),
    customers: { get: (platform, authorId) => config.getCustomer(platform, authorId) },
    links: new LinkCodesTable(client, tableName),
    sms: snsSmsSender(snsClient(), env[ENV.smsSenderId] ? { senderId: env[ENV.smsSenderId] } : {}),
    email: sesEmailSender(sesClient(), { from: requiredEnv(ENV.emailFrom) }),
    metrics: {
      record(name, value, unit = 'Count', dimensions) {
        const u = unit === 'Milliseconds' ? MetricUnit.Milliseconds : MetricUnit.Count;
        if (!dimensions) {
          metrics.addMetric(name, u, value);
          return;
        }
        const single = metrics.singleMetric();
        for (const [k, v] of Object.entries(dimensions)) single.addDimension(k, v);
        single.addMetric(name, u, value);
      },
    },
    settings: escalationSettingsFromEnv(env),
    now: () => new Date(),
  };
}

/**
 * Flushes the invocation's metrics after the handler, only when there are some. Powertools' own middleware warns
 * on every invocation that records none (most link-page views and most steps), which is noise in every log.
 */
export function publishMetrics(metrics: Metrics): MiddlewareObj {
  const flush = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
}
