import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { EmailSender, SmsSender } from '../domain/escalation/ports';

/**
 * The senders behind the escalation's pages and offers.
 *
 * SMS: SNS `Publish` with `PhoneNumber`, marked Transactional (delivered ahead of promotional traffic and through
 * routes that reach numbers on do-not-disturb lists where the law allows alerts). SNS is chosen over End User
 * Messaging's SendTextMessage because it needs no phone pool or configuration set to start, its quota and spend
 * limit are account settings ops already know, and the same call works in every region that sends SMS; the
 * origination identity (a registered number or sender id) is set per account, outside the code.
 *
 * Email: SES v2 `SendEmail`, simple content with text and HTML parts, from a verified identity.
 */

export function snsSmsSender(client: SNSClient, opts: { senderId?: string } = {}): SmsSender {
  return {
    async send(to, body) {
      await client.send(
        new PublishCommand({
          PhoneNumber: to,
          Message: body,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(opts.senderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: opts.senderId } } : {}),
          },
        }),
      );
    },
  };
}

export function sesEmailSender(client: SESv2Client, opts: { from: string; configurationSet?: string }): EmailSender {
  return {
    async send(to, content) {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: opts.from,
          Destination: { ToAddresses: to },
          Content: {
            Simple: {
              Subject: { Data: content.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: content.text, Charset: 'UTF-8' }, Html: { Data: content.html, Charset: 'UTF-8' } },
            },
          },
          ...(opts.configurationSet ? { ConfigurationSetName: opts.configurationSet } : {}),
        }),
      );
    },
  };
}
