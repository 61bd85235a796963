import type { Metrics } from '@aws-lambda-powertools/metrics';
import { ENV } from '../../config/resources';
import type { EscalationPorts } from '../domain/escalation/ports';
import { dynamoDbClient, sesClient, snsClient } from './aws-clients';
import { cachedPolicy, ConfigTable } from './config-table';
import { requiredEnv } from './env';
import { EscalationTable } from './escalation-table';
import { LinkCodesTable } from './link-codes-table';
import { sesEmailSender, snsSmsSender } from './notifications';
import { metricsPort } from './metrics';
import { caseRetentionDaysFromEnv, escalationSettingsFromEnv, policyCacheMsFromEnv } from './settings';

/**
 * The escalation ports as the steps function and the link pages use them, built once per container from the
 * environment: the cases table (cases, link codes, policy, directory), SNS for SMS, SES for email, and CloudWatch
 * metrics in embedded metric format (namespace SocialCare) that the alarms watch.
 */

export function escalationPorts(env: NodeJS.ProcessEnv, metrics: Metrics): EscalationPorts {
  const tableName = requiredEnv(ENV.casesTable);
  const client = dynamoDbClient();
  const config = new ConfigTable(client, tableName);
  return {
    store: new EscalationTable(client, tableName, { retentionDays: caseRetentionDaysFromEnv(env) }),
    policy: cachedPolicy(config, policyCacheMsFromEnv(env)),
    customers: { get: (platform, authorId) => config.getCustomer(platform, authorId) },
    links: new LinkCodesTable(client, tableName),
    sms: snsSmsSender(snsClient(), env[ENV.smsSenderId] ? { senderId: env[ENV.smsSenderId] } : {}),
    email: sesEmailSender(sesClient(), { from: requiredEnv(ENV.emailFrom) }),
    metrics: metricsPort(metrics),
    settings: escalationSettingsFromEnv(env),
    now: () => new Date(),
  };
}
