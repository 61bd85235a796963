/**
 * Edits, deletions and customer-id changes against the real emulators (dynalite through the DynamoDB SDK, the local
 * Step Functions API): the events the normalisers make from WhatsApp `edit`/`revoke`/`system`, Messenger
 * `message_edits`, Facebook `edited`/`remove` and Instagram unsend, classified by the real classifier and processed
 * by the real use case.
 */
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ListExecutionsCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { TABLES } from '../../config/resources';
import type { CasesTable } from '../../lambdas/adapters/cases-table';
import { sfnEscalationStarter } from '../../lambdas/adapters/escalation-starter';
import { processClassifiedEvent, type ProcessPorts } from '../../lambdas/domain/cases/process-event';
import { caseIdFor, DEFAULT_CASE_SETTINGS } from '../../lambdas/domain/cases/rules';
import { classify } from '../../lambdas/domain/classifier';
import { type SocialEvent, type SocialEventInput, SocialEventSchema } from '../../schemas/social-event';
import { type CaseEmulators, startCaseEmulators } from '../helpers/case-emulators';

let emulators: CaseEmulators;
let ddb: DynamoDBClient;
let sfn: SFNClient;
let table: CasesTable;
let stateMachineArn: string;
const clock = Date.parse('2026-12-01T10:00:00.000Z');
let seq = 0;

beforeAll(async () => {
  emulators = await startCaseEmulators();
  ({ ddb, sfn, table, stateMachineArn } = emulators);
});
afterAll(async () => {
  await emulators?.stop();
});

const ports = (overrides: Partial<ProcessPorts> = {}): ProcessPorts => ({
  store: table,
  identities: table,
  escalation: sfnEscalationStarter(sfn, stateMachineArn),
  settings: DEFAULT_CASE_SETTINGS,
  now: () => new Date(clock + seq * 1000 + 500),
  ...overrides,
});

/** A WhatsApp DM from `from` (the normaliser's shape); each call is one second after the one before. */
function dm(id: string, from: string, text: string, extra: Partial<SocialEventInput> = {}): SocialEvent {
  seq++;
  const at = new Date(clock + seq * 1000).toISOString();
  return SocialEventSchema.parse({
    id: `whatsapp:${id}`,
    platform: 'whatsapp',
    kind: 'dm',
    text,
    author: { id: from, name: 'Ana' },
    conversationId: `whatsapp:dm:${from}`,
    createdAt: at,
    receivedAt: at,
    accountId: '106540352242922',
    ...extra,
  });
}

const run = (e: SocialEvent, overrides: Partial<ProcessPorts> = {}) => processClassifiedEvent(e, classify(e), ports(overrides));
const timelineTypes = async (caseId: string) => (await table.caseWithTimeline(caseId))!.timeline.map((t) => t.type);

describe('an edit', () => {
  it('replaces the text of the post it edits, is re-classified, and leaves the post count alone', async () => {
    const original = dm('wamid.E1', '5511900000101', 'hi, question about my order');
    await run(original);
    const caseId = caseIdFor(original.id);
    const edit = dm('wamid.E1-edit', '5511900000101', 'my order 8812 never arrived and nobody answers, this is a disgrace', {
      revision: { action: 'edited', of: original.id },
    });
    expect(await run(edit)).toMatchObject({ result: 'revised', caseId });
    const c = (await table.caseWithTimeline(caseId))!;
    expect(c).toMatchObject({ text: edit.text, textState: 'edited', eventCount: 1, category: 'complaint' });
    const entry = c.timeline.find((t) => t.type === 'post-edited')!;
    expect(entry.data).toMatchObject({ eventId: original.id, revisionId: edit.id, text: edit.text });
  });

  it('that turns a post critical raises the case and starts its own escalation', async () => {
    const original = dm('wamid.E2', '5511900000102', 'parcel is late');
    await run(original);
    const caseId = caseIdFor(original.id);
    const edit = dm('wamid.E2-edit', '5511900000102', 'the charger you sold me caught fire and burned my hand', { revision: { action: 'edited', of: original.id } });
    const outcome = await run(edit);
    expect(outcome).toMatchObject({ result: 'revised', escalation: expect.stringMatching(new RegExp(`^${caseId}-critical`)) });
    expect((await table.getCase(caseId))!.urgency).toBe('critical');
    const executions = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(executions.executions!.some((x) => x.name === (outcome as { escalation: string }).escalation)).toBe(true);
  });

  it('is done once, however often it is delivered', async () => {
    const original = dm('wamid.E3', '5511900000103', 'where is my refund');
    await run(original);
    const edit = dm('wamid.E3-edit', '5511900000103', 'where is my refund for order 77', { revision: { action: 'edited', of: original.id } });
    await run(edit);
    expect(await run(edit)).toEqual({ result: 'duplicate', eventId: edit.id });
    expect((await timelineTypes(caseIdFor(original.id))).filter((t) => t === 'post-edited')).toHaveLength(1);
  });

  it('of a post never seen is the customer talking all the same: it opens a case', async () => {
    const edit = dm('wamid.E4-edit', '5511900000104', 'still no refund', { revision: { action: 'edited', of: 'whatsapp:wamid.NEVER-SEEN' } });
    expect(await run(edit)).toMatchObject({ result: 'created', caseId: caseIdFor(edit.id) });
  });

  it('of a post whose case was resolved opens a new case, and pages when it turned critical', async () => {
    const original = dm('wamid.E5', '5511900000105', 'my order is late');
    await run(original);
    const caseId = caseIdFor(original.id);
    await table.updateCase(caseId, () => ({ set: { status: 'resolved', resolvedAt: new Date(clock).toISOString() } }));
    await table.releaseConversation(original.conversationId, caseId);
    const edit = dm('wamid.E5-edit', '5511900000105', 'the parcel exploded and burned my son, I am calling my lawyer', {
      revision: { action: 'edited', of: original.id },
    });
    const outcome = await run(edit);
    expect(outcome).toMatchObject({ result: 'created', caseId: caseIdFor(edit.id), escalation: `${caseIdFor(edit.id)}-critical` });
    expect(await table.openCaseOf(original.conversationId)).toBe(caseIdFor(edit.id));
    expect((await table.getCase(caseIdFor(edit.id)))!).toMatchObject({ status: 'open', urgency: 'critical' });
    expect((await table.getCase(caseId))!.status).toBe('resolved');
  });

  it('by someone other than the author of the post changes nothing of theirs (a Facebook comment named by another user)', async () => {
    seq++;
    const at = new Date(clock + seq * 1000).toISOString();
    const comment = (over: Partial<SocialEventInput>) =>
      SocialEventSchema.parse({
        id: 'facebook:1_2_3',
        platform: 'facebook',
        kind: 'comment',
        text: 'the heater you sold me caught fire and burned my hand',
        author: { id: 'vera' },
        conversationId: 'facebook:thread:1_2_3',
        createdAt: at,
        receivedAt: at,
        ...over,
      });
    await run(comment({}));
    const caseId = caseIdFor('facebook:1_2_3');
    const byAxel = comment({ id: 'facebook:1_2_3:edited:x', text: 'great product, love it', author: { id: 'axel' }, revision: { action: 'edited', of: 'facebook:1_2_3' } });
    await run(byAxel);
    const removal = comment({ id: 'facebook:1_2_3:deleted', text: '', author: { id: 'axel' }, revision: { action: 'deleted', of: 'facebook:1_2_3' } });
    await run(removal);
    const c = (await table.caseWithTimeline(caseId))!;
    expect(c.text).toBe('the heater you sold me caught fire and burned my hand');
    expect(c.textState).toBeUndefined();
    expect(c.timeline.map((t) => t.type)).not.toContain('post-deleted');
    // Vera's own edit is hers to make.
    await run(comment({ id: 'facebook:1_2_3:edited:v', text: 'the heater caught fire and burned my hand, order 55', revision: { action: 'edited', of: 'facebook:1_2_3' } }));
    expect((await table.getCase(caseId))!.textState).toBe('edited');
  });

  it('of a critical post into calm words keeps it critical, and the pages still quote what made it critical', async () => {
    const original = dm('wamid.E7', '5511900000108', 'someone broke into my account and is ordering on my card');
    await run(original);
    const caseId = caseIdFor(original.id);
    const before = (await table.getCase(caseId))!;
    expect(before.urgency).toBe('critical');
    await run(dm('wamid.E7-edit', '5511900000108', 'sorry wrong chat, all fine, thanks', { revision: { action: 'edited', of: original.id } }));
    const after = (await table.getCase(caseId))!;
    expect(after).toMatchObject({ urgency: 'critical', text: 'sorry wrong chat, all fine, thanks', textState: 'edited' });
    expect(after.latestCritical).toMatchObject({ eventId: original.id, text: before.text });
  });

  it('delivered out of order: the latest edit by the platform\'s time stays', async () => {
    const original = dm('wamid.E8', '5511900000109', 'where is order 1');
    await run(original);
    const second = dm('wamid.E8-e2', '5511900000109', 'where is order 12, second edit', { revision: { action: 'edited', of: original.id } });
    const first = dm('wamid.E8-e1', '5511900000109', 'where is order 1, first edit', {
      revision: { action: 'edited', of: original.id },
      createdAt: new Date(Date.parse(second.createdAt) - 60_000).toISOString(),
    });
    await run(second);
    await run(first);
    expect((await table.getCase(caseIdFor(original.id)))!.text).toBe('where is order 12, second edit');
    expect((await timelineTypes(caseIdFor(original.id))).filter((t) => t === 'post-edited')).toHaveLength(2);
  });

  it("from another conversation cannot rewrite someone else's post: it is a post of its own conversation", async () => {
    const victim = dm('wamid.E6', '5511900000106', 'my order 5 is late');
    await run(victim);
    const forged = dm('wamid.E6-forged', '5511900000107', 'I withdraw my complaint', { revision: { action: 'edited', of: victim.id } });
    expect(await run(forged)).toMatchObject({ result: 'created', caseId: caseIdFor(forged.id) });
    const c = (await table.getCase(caseIdFor(victim.id)))!;
    expect(c.text).toBe(victim.text);
    expect(c.textState).toBeUndefined();
    const deletion = dm('wamid.E6-forged-delete', '5511900000107', '', { revision: { action: 'deleted', of: victim.id } });
    expect(await run(deletion)).toEqual({ result: 'revision-of-unknown', eventId: deletion.id });
    expect(await timelineTypes(caseIdFor(victim.id))).not.toContain('post-deleted');
  });
});

describe('a deletion', () => {
  it('is recorded on the case of its post, marks the first post deleted and removes its unredacted copy', async () => {
    const keepRaw = { ...DEFAULT_CASE_SETTINGS, rawTextRetentionDays: 7 };
    const original = dm('wamid.D1', '5511900000201', 'my card 4111 1111 1111 1111 was charged twice');
    await run(original, { settings: keepRaw });
    const caseId = caseIdFor(original.id);
    const rawKey = { [TABLES.cases.partitionKey]: { S: `RAW#${original.id}` }, [TABLES.cases.sortKey]: { S: 'RAW' } };
    expect((await ddb.send(new GetItemCommand({ TableName: TABLES.cases.localName, Key: rawKey }))).Item).toBeDefined();

    const deletion = dm('wamid.D1-revoke', '5511900000201', '', { revision: { action: 'deleted', of: original.id } });
    expect(await run(deletion, { settings: keepRaw })).toMatchObject({ result: 'revised', caseId });
    const c = (await table.caseWithTimeline(caseId))!;
    expect(c).toMatchObject({ textState: 'deleted', eventCount: 1, status: 'open' });
    expect(c.timeline.find((t) => t.type === 'post-deleted')!.data).toMatchObject({ eventId: original.id });
    // The text is gone (an update: no function may delete; the item's TTL takes the rest).
    const raw = (await ddb.send(new GetItemCommand({ TableName: TABLES.cases.localName, Key: rawKey }))).Item;
    expect(raw?.['text']).toBeUndefined();
    expect(JSON.stringify(raw ?? {})).not.toContain('4111');
  });

  it('that arrives before its post keeps the post from opening a case when it comes', async () => {
    const deletion = dm('wamid.D4-revoke', '5511900000204', '', { revision: { action: 'deleted', of: 'whatsapp:wamid.D4' } });
    expect(await run(deletion)).toEqual({ result: 'revision-of-unknown', eventId: deletion.id });
    const late = dm('wamid.D4', '5511900000204', 'my order is late');
    expect(await run(late)).toEqual({ result: 'duplicate', eventId: late.id });
    expect(await table.openCaseOf(late.conversationId)).toBeUndefined();
  });

  it('of a post never seen opens no case', async () => {
    const deletion = dm('wamid.D2-revoke', '5511900000202', '', { revision: { action: 'deleted', of: 'whatsapp:wamid.UNKNOWN' } });
    expect(await run(deletion)).toEqual({ result: 'revision-of-unknown', eventId: deletion.id });
    expect(await table.openCaseOf(deletion.conversationId)).toBeUndefined();
    expect(await table.getCase(caseIdFor(deletion.id))).toBeUndefined();
  });

  it('by the business of its own message changes nothing', async () => {
    const original = dm('wamid.D3', '5511900000203', 'refund please');
    await run(original);
    const echoDeletion = dm('wamid.D3-echo', '5511900000203', '', { isEcho: true, author: { id: '15550783881' }, revision: { action: 'deleted', of: original.id } });
    expect(await run(echoDeletion)).toEqual({ result: 'echo', eventId: echoDeletion.id });
    expect(await timelineTypes(caseIdFor(original.id))).not.toContain('post-deleted');
  });
});

describe("a customer's ids", () => {
  it('keeps a customer known by number today and by business-scoped id tomorrow in one case', async () => {
    const phone = '5511900000301';
    const bsuid = 'BR.1502576394655843';
    const first = dm('wamid.I1', phone, 'my order 12 is late', { author: { id: phone, otherIds: [bsuid], name: 'Ana' } });
    await run(first);
    const caseId = caseIdFor(first.id);
    // The customer adopts a username: Meta stops sending the number.
    const later = dm('wamid.I2', bsuid, 'any news on order 12?', { author: { id: bsuid, handle: '@ana' }, conversationId: `whatsapp:dm:${bsuid}` });
    expect(await run(later)).toMatchObject({ result: 'joined', caseId });
    expect((await table.getCase(caseId))!.eventCount).toBe(2);
    // The business's reply to the id it knows joins too.
    const reply = dm('wamid.I3', '15550783881', 'we are on it', { isEcho: true, author: { id: '15550783881' }, conversationId: `whatsapp:dm:${bsuid}` });
    expect(await run(reply)).toMatchObject({ result: 'echo', caseId });
  });

  it('records a number change on the customer, opens no case, and files the new number under the old one', async () => {
    const oldPhone = '5511900000401';
    const first = dm('wamid.S0', oldPhone, 'my order 13 is late');
    await run(first);
    const caseId = caseIdFor(first.id);
    const notice = dm('wamid.S1', oldPhone, '', { customerChange: { type: 'user_changed_number', newIds: ['5511900000499', 'BR.NEW99'] } });
    expect(await run(notice)).toEqual({ result: 'customer-change', eventId: notice.id, caseId });
    expect(await timelineTypes(caseId)).toContain('customer-changed');
    const fromNew = dm('wamid.S2', '5511900000499', 'hello from my new number, order 13?', { author: { id: '5511900000499', otherIds: ['BR.NEW99'] } });
    expect(await run(fromNew)).toMatchObject({ result: 'joined', caseId });
  });

  it('never lets a message or a notice claim an id this business already knows', async () => {
    const victimPhone = '5511900000601';
    const victimBsuid = 'BR.6010001';
    const victim = dm('wamid.H0', victimPhone, 'my account was hacked', { author: { id: victimPhone, otherIds: [victimBsuid] } });
    await run(victim);
    const victimCase = caseIdFor(victim.id);
    const attacker = '5511900000666';
    // A phone number where a business-scoped id belongs, and the victim's business-scoped id beside the attacker's number.
    await run(dm('wamid.H1', attacker, 'hello', { author: { id: attacker, otherIds: [victimPhone] } }));
    await run(dm('wamid.H2', attacker, 'hello again', { author: { id: attacker, otherIds: [victimBsuid] } }));
    // Notices claiming the victim's number and business-scoped id as the attacker's new ones.
    await run(dm('wamid.H3', attacker, '', { customerChange: { type: 'user_changed_number', newIds: [victimPhone] } }));
    await run(dm('wamid.H4', attacker, '', { customerChange: { type: 'user_changed_user_id', newIds: [victimBsuid] } }));
    expect((await table.getCase(victimCase))!.eventCount).toBe(1);
    // The victim's next messages, by number or by business-scoped id, still join the victim's own case.
    expect(await run(dm('wamid.H5', victimPhone, 'any news?'))).toMatchObject({ result: 'joined', caseId: victimCase });
    expect(await run(dm('wamid.H6', victimBsuid, 'hello?', { conversationId: `whatsapp:dm:${victimBsuid}`, author: { id: victimBsuid } }))).toMatchObject({
      result: 'joined',
      caseId: victimCase,
    });
  });

  it('opens no case for a change notice from a customer with nothing open', async () => {
    const notice = dm('wamid.S3', '5511900000501', '', { customerChange: { type: 'user_changed_user_id', newIds: ['BR.X1'] } });
    expect(await run(notice)).toEqual({ result: 'customer-change', eventId: notice.id });
    expect(await table.getCase(caseIdFor(notice.id))).toBeUndefined();
  });

  it('leaves public threads alone: a comment thread belongs to its post, not its author', async () => {
    seq++;
    const at = new Date(clock + seq * 1000).toISOString();
    const comment = SocialEventSchema.parse({
      id: 'facebook:1_2_3',
      platform: 'facebook',
      kind: 'comment',
      text: 'late again',
      author: { id: '77', otherIds: ['88'] },
      conversationId: 'facebook:thread:1_2_3',
      createdAt: at,
      receivedAt: at,
    });
    await run(comment);
    expect(await table.canonicalOf('facebook', ['88'])).toEqual(new Map());
  });
});
