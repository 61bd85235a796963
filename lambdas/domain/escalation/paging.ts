import type { OncallContact } from '../../../schemas/oncall-policy';
import type { EmailSender, SmsSender } from './ports';
import type { EmailContent } from './views';

/**
 * One page to one on-call contact, by SMS and by email, as the escalation's pages, the SLA warnings and the crisis
 * alerts all send it: each channel is claimed (`<key>#sms`, `<key>#email`) before it is sent, so a step that Step
 * Functions retries never sends the same page twice; a send that still fails (the SDK has retried it) gives its claim
 * back, so the next attempt of the step sends it.
 */

export type Channel = 'SMS' | 'email';

/** The claims of one step's pages (the key names contact and channel; the claim's owner, case or window, is bound). */
export interface PageClaims {
  claim(key: string): Promise<boolean>;
  release(key: string): Promise<void>;
}

export interface ContactPage {
  /** The channels this call sent, in the order they succeeded. */
  sent: Channel[];
  /** The ones that failed, as `<name> (<channel>)`, for the timeline or the step's error. */
  failed: string[];
  /** An earlier attempt of the step held a claim for this contact. */
  retried: boolean;
  /** It held both: nothing was composed or sent. */
  alreadyPaged: boolean;
}

/**
 * Pages `contact` on the channels not claimed yet. `compose` runs only when there is something to send (it may
 * issue a link code); the SMS and the email go out at the same time.
 */
export async function pageContact(
  senders: { sms: SmsSender; email: EmailSender },
  claims: PageClaims,
  key: string,
  contact: OncallContact,
  compose: () => Promise<{ sms: string; email: EmailContent }>,
): Promise<ContactPage> {
  const wantSms = await claims.claim(`${key}#sms`);
  const wantEmail = await claims.claim(`${key}#email`);
  const page: ContactPage = { sent: [], failed: [], retried: !wantSms || !wantEmail, alreadyPaged: !wantSms && !wantEmail };
  if (page.alreadyPaged) return page;
  const message = await compose();
  const send = (channel: Channel, suffix: string, sending: () => Promise<void>) =>
    sending().then(
      () => void page.sent.push(channel),
      async () => {
        page.failed.push(`${contact.name} (${channel})`);
        await claims.release(`${key}#${suffix}`);
      },
    );
  const attempts: Promise<void>[] = [];
  if (wantSms) attempts.push(send('SMS', 'sms', () => senders.sms.send(contact.phone, message.sms)));
  if (wantEmail) attempts.push(send('email', 'email', () => senders.email.send([contact.email], message.email)));
  await Promise.all(attempts);
  return page;
}
