import type { OncallContact } from '../../../schemas/oncall-policy';
import { errorName } from '../errors';
import type { EmailSender, SmsSender } from './ports';
import type { EmailContent } from './views';

/**
 * One page to one on-call contact, by SMS and by email, as the escalation's pages, the SLA warnings and the crisis
 * alerts all send it. Each channel is claimed (`<key>#sms`, `<key>#email`) before anything is built or sent and
 * marked sent once the provider took it, so a step that Step Functions retries never sends the same page twice. Any
 * failure before a send succeeded — building the message (issuing its link code), or the send itself once the SDK
 * has retried it — gives the claim back, so the retried step sends it; and a claim whose attempt died before it
 * could do either (a timeout, out of memory) is taken again once that attempt is surely over (the store's lease).
 */

export type Channel = 'SMS' | 'email';

/**
 * Where one page stands when a step claims it: `claimed` — this attempt sends it; `sent` — an earlier attempt did;
 * `pending` — an earlier attempt claimed it and may still be sending it.
 */
export type PageClaim = 'claimed' | 'sent' | 'pending';

/** The claims of one step's pages (the key names contact and channel; the claim's owner, case or window, is bound). */
export interface PageClaims {
  claim(key: string): Promise<PageClaim>;
  /** The provider took the page. */
  sent(key: string): Promise<void>;
  /** Nothing went out: the next attempt may claim it. */
  release(key: string): Promise<void>;
}

export interface ContactPage {
  /** The channels this call sent, in the order they succeeded. */
  sent: Channel[];
  /** The ones that failed, as `<name> (<channel>)`, for the timeline or the step's error. */
  failed: string[];
  /** The names of the errors behind `failed` (never their messages, which can quote an address or the post). */
  errors: string[];
  /** An earlier attempt of the step sent this contact a page. */
  retried: boolean;
  /** It sent both: nothing was composed or sent. */
  alreadyPaged: boolean;
  /** An earlier attempt still holds a claim of this contact and may be sending it: not sent, not to be sent now. */
  pending: boolean;
}

const SUFFIX: Record<Channel, string> = { SMS: 'sms', email: 'email' };

/**
 * Pages `contact` on the channels this call claims. `compose` runs only when there is something to send (it may
 * issue a link code); the SMS and the email go out at the same time.
 */
export async function pageContact(
  senders: { sms: SmsSender; email: EmailSender },
  claims: PageClaims,
  key: string,
  contact: OncallContact,
  compose: () => Promise<{ sms: string; email: EmailContent }>,
): Promise<ContactPage> {
  const channels: Channel[] = ['SMS', 'email'];
  const keyOf = (channel: Channel) => `${key}#${SUFFIX[channel]}`;
  const claimed = await Promise.all(channels.map((channel) => claims.claim(keyOf(channel))));
  const mine = channels.filter((_, i) => claimed[i] === 'claimed');
  const page: ContactPage = {
    sent: [],
    failed: [],
    errors: [],
    retried: claimed.includes('sent'),
    alreadyPaged: claimed.every((c) => c === 'sent'),
    pending: claimed.includes('pending'),
  };
  if (mine.length === 0) return page;
  // A claim that cannot be given back (the table is unreachable too) is taken again after its lease.
  const giveBack = (channel: Channel) => claims.release(keyOf(channel)).catch(() => undefined);
  const fail = (channel: Channel, err: unknown) => {
    page.failed.push(`${contact.name} (${channel})`);
    page.errors.push(errorName(err));
  };

  let message: { sms: string; email: EmailContent };
  try {
    message = await compose();
  } catch (err) {
    // Nothing was sent: the retried step builds the page again (with a new link code) and sends it.
    await Promise.all(mine.map(giveBack));
    for (const channel of mine) fail(channel, err);
    return page;
  }
  const send = (channel: Channel, sending: () => Promise<void>) =>
    sending().then(
      // A mark that is lost leaves the claim to its lease: at worst the page goes out twice, never not at all.
      () => {
        page.sent.push(channel);
        return claims.sent(keyOf(channel)).catch(() => undefined);
      },
      async (err: unknown) => {
        fail(channel, err);
        await giveBack(channel);
      },
    );
  await Promise.all(
    mine.map((channel) => (channel === 'SMS' ? send(channel, () => senders.sms.send(contact.phone, message.sms)) : send(channel, () => senders.email.send([contact.email], message.email)))),
  );
  return page;
}
