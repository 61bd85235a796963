import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../config/resources';
import type { TimelineEntry } from '../../schemas/case';
import { acknowledgement, currentEscalationId, markedPaging, type StoredCase } from '../domain/cases/rules';
import type { PageClaim } from '../domain/escalation/paging';
import type { AckInfo, CustomerRef, EscalationStore } from '../domain/escalation/ports';
import type { OfferChannel } from '../domain/escalation/views';
import { CasesTable, type CasesTableOptions, isConditionFailure } from './cases-table';
import { claimPage, markPageSent, releasePage } from './page-claims';

/**
 * The escalation's items in the cases table:
 *
 * | item                 | PK                                 | SK                   | notes                                   |
 * |----------------------|------------------------------------|----------------------|-----------------------------------------|
 * | case                 | CASE#<id>                          | META                 | `escalation` and `offer` maps (Case shape) |
 * | page claim           | CASE#<id>                          | PAGE#<round>#<tier>#<contact>#<channel> | one per page sent     |
 * | offer slot           | CUSTOMER#<platform>#<author id>    | OFFER                | lastOfferAt, caseId, declinedUntil, lastChoice (callback number) |
 * | learned contact      | CUSTOMER#<platform>#<author id>    | CONTACT              | an email the author gave in a DM        |
 * | address's offer slot | OFFERTO#<sha-256 of the address>   | OFFER                | lastOfferAt, caseId; TTL after the quiet window |
 * | offers of a day      | OFFERS#<YYYY-MM-DD>                | COUNT                | `offers` (atomic ADD under the cap); TTL a day later |
 *
 * Case changes use the case's `version` (optimistic lock), the same lock the classifier's read-modify-write uses,
 * so a follow-up post folded into the case at the same moment never overwrites an acknowledgement, and vice versa.
 */

const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = TABLES.cases;

type CaseChange = Partial<Pick<StoredCase, 'escalation' | 'offer' | 'status'>>;

export const customerKey = (c: CustomerRef) => `CUSTOMER#${c.platform}#${c.authorId}`;

export class EscalationTable implements EscalationStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly cases: CasesTable;

  constructor(client: DynamoDBClient, private readonly tableName: string, options: CasesTableOptions = {}) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.cases = new CasesTable(client, tableName, options);
  }

  getCase(caseId: string): Promise<StoredCase | undefined> {
    return this.cases.getCase(caseId);
  }

  putTimeline(caseId: string, key: string, entry: TimelineEntry): Promise<void> {
    return this.cases.putTimeline(caseId, key, entry);
  }

  putTimelineOnce(caseId: string, key: string, entry: TimelineEntry): Promise<boolean> {
    return this.cases.putTimelineOnce(caseId, key, entry);
  }

  /**
   * Reads the case, asks `decide` what to change, writes it if the case's version is unchanged; on a lost race,
   * reads again (CasesTable.updateCase, the lock every case change uses). `decide` returning undefined changes
   * nothing. Returns the case as read and whether it was written.
   */
  private async mutateCase(caseId: string, decide: (c: StoredCase) => CaseChange | undefined): Promise<{ before?: StoredCase; written: boolean }> {
    const { before, written } = await this.cases.updateCase(caseId, (c) => {
      const change = decide(c);
      return change ? { set: change } : undefined;
    });
    return before ? { before, written } : { written };
  }

  async markPaging(caseId: string, escalationId: string, tier: number, round: number, at: string) {
    let ack: AckInfo | undefined;
    const { before, after, written } = await this.cases.updateCase(caseId, (c) => {
      if (c.status === 'resolved' || currentEscalationId(c) !== escalationId) return undefined;
      if (c.escalation?.state === 'acknowledged') {
        ack = { by: c.escalation.acknowledgedBy ?? 'someone', at: c.escalation.acknowledgedAt ?? at };
        return undefined;
      }
      return { set: { escalation: markedPaging(c, escalationId, tier, round, at) } };
    });
    if (written && after) return { paging: true as const, case: after };
    return before ? { paging: false as const, ...(ack ? { ack } : {}) } : { paging: false as const };
  }

  async markExhausted(caseId: string, escalationId: string, at: string): Promise<'now' | 'already' | 'no'> {
    const { before, written } = await this.mutateCase(caseId, (c) =>
      c.escalation?.state === 'paging' && currentEscalationId(c) === escalationId
        ? { escalation: { ...c.escalation, state: 'exhausted', exhaustedAt: at } as StoredCase['escalation'] }
        : undefined,
    );
    if (written) return 'now';
    return before?.escalation?.state === 'exhausted' && currentEscalationId(before) === escalationId ? 'already' : 'no';
  }

  async acknowledge(caseId: string, by: string, at: string, escalationId?: string) {
    let earlier: AckInfo | undefined;
    let stale = false;
    const { before, written } = await this.mutateCase(caseId, (c) => {
      if (escalationId !== undefined && currentEscalationId(c) !== escalationId) {
        stale = true;
        return undefined;
      }
      if (c.escalation?.state === 'acknowledged') {
        earlier = { by: c.escalation.acknowledgedBy ?? 'someone', at: c.escalation.acknowledgedAt ?? at };
        return undefined;
      }
      return acknowledgement(c, by, at);
    });
    if (written) return { acknowledged: 'now' as const, ack: { by, at } };
    if (!before) throw new Error(`case ${caseId} does not exist`);
    if (stale) return { acknowledged: 'stale' as const };
    return { acknowledged: 'before' as const, ack: earlier ?? { by, at } };
  }

  claimPage(caseId: string, key: string, at: string): Promise<PageClaim> {
    return claimPage(this.doc, this.tableName, `CASE#${caseId}`, key, at);
  }

  markPageSent(caseId: string, key: string, at: string): Promise<void> {
    return markPageSent(this.doc, this.tableName, `CASE#${caseId}`, key, at);
  }

  releasePage(caseId: string, key: string): Promise<void> {
    return releasePage(this.doc, this.tableName, `CASE#${caseId}`, key);
  }

  async claimOfferSlot(customer: CustomerRef, caseId: string, now: string, windowStart: string) {
    const Key = { [PK]: customerKey(customer), [SK]: 'OFFER' };
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET lastOfferAt = :now, caseId = :case, itemType = :type',
          ConditionExpression:
            'attribute_not_exists(#pk) OR caseId = :case OR ((attribute_not_exists(lastOfferAt) OR lastOfferAt < :windowStart) AND (attribute_not_exists(declinedUntil) OR declinedUntil < :now))',
          ExpressionAttributeNames: { '#pk': PK },
          ExpressionAttributeValues: { ':now': now, ':case': caseId, ':windowStart': windowStart, ':type': 'offer-slot' },
        }),
      );
      return { claimed: true as const };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
    const item = out.Item ?? {};
    return {
      claimed: false as const,
      ...(typeof item['lastOfferAt'] === 'string' ? { lastOfferAt: item['lastOfferAt'] } : {}),
      ...(typeof item['declinedUntil'] === 'string' ? { declinedUntil: item['declinedUntil'] } : {}),
    };
  }

  async releaseOfferSlot(customer: CustomerRef, caseId: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: customerKey(customer), [SK]: 'OFFER' },
          UpdateExpression: 'REMOVE lastOfferAt, caseId',
          ConditionExpression: 'caseId = :case',
          ExpressionAttributeValues: { ':case': caseId },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  async claimRecipientSlot(recipient: string, caseId: string, now: string, windowStart: string, expiresAtEpoch: number) {
    const Key = { [PK]: `OFFERTO#${recipient}`, [SK]: 'OFFER' };
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET lastOfferAt = :now, caseId = :case, itemType = :type, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#pk) OR caseId = :case OR attribute_not_exists(lastOfferAt) OR lastOfferAt < :windowStart',
          ExpressionAttributeNames: { '#pk': PK, '#ttl': TTL },
          ExpressionAttributeValues: { ':now': now, ':case': caseId, ':windowStart': windowStart, ':type': 'offer-recipient', ':ttl': expiresAtEpoch },
        }),
      );
      return { claimed: true as const };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
    const last = out.Item?.['lastOfferAt'];
    return { claimed: false as const, ...(typeof last === 'string' ? { lastOfferAt: last } : {}) };
  }

  async releaseRecipientSlot(recipient: string, caseId: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: `OFFERTO#${recipient}`, [SK]: 'OFFER' },
          UpdateExpression: 'REMOVE lastOfferAt, caseId',
          ConditionExpression: 'caseId = :case',
          ExpressionAttributeValues: { ':case': caseId },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  async countDailyOffer(day: string, cap: number, expiresAtEpoch: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: `OFFERS#${day}`, [SK]: 'COUNT' },
          UpdateExpression: 'ADD offers :one SET itemType = :type, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(offers) OR offers < :cap',
          ExpressionAttributeNames: { '#ttl': TTL },
          ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':type': 'offer-count', ':ttl': expiresAtEpoch },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async recordOfferSent(caseId: string, at: string): Promise<void> {
    await this.mutateCase(caseId, (c) => (c.offer ? undefined : { offer: { state: 'sent', sentAt: at } }));
  }

  async recordOfferFailed(caseId: string, at: string): Promise<boolean> {
    return (await this.mutateCase(caseId, (c) => (c.offer ? undefined : { offer: { state: 'failed', failedAt: at } }))).written;
  }

  async recordOfferChoice(caseId: string, channel: OfferChannel, at: string): Promise<boolean> {
    // The version lock makes it conditional: a choice written meanwhile moves the offer off `sent`, and the re-read refuses.
    const { written } = await this.mutateCase(caseId, (c) =>
      c.offer?.state === 'sent' ? { offer: { ...c.offer, state: channel === 'none' ? 'none' : 'chosen', channel, chosenAt: at } } : undefined,
    );
    return written;
  }

  async recordCustomerChoice(
    customer: CustomerRef,
    choice: { caseId: string; channel: OfferChannel; phone?: string; time?: string; at: string; declinedUntil?: string },
  ): Promise<void> {
    const { declinedUntil, ...lastChoice } = choice;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { [PK]: customerKey(customer), [SK]: 'OFFER' },
        UpdateExpression: `SET lastChoice = :choice, itemType = :type${declinedUntil ? ', declinedUntil = :declined' : ''}`,
        ExpressionAttributeValues: { ':choice': lastChoice, ':type': 'offer-slot', ...(declinedUntil ? { ':declined': declinedUntil } : {}) },
      }),
    );
  }

  async learnedEmail(customer: CustomerRef): Promise<string | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { [PK]: customerKey(customer), [SK]: 'CONTACT' } }));
    return typeof out.Item?.['email'] === 'string' ? out.Item['email'] : undefined;
  }
}
