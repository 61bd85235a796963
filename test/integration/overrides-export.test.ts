/**
 * The team's corrections become training rows (issue 11's loop): a case a person reclassified is exported, labelled as
 * the person left it, in the format the trainer reads; cases nobody corrected are not. Real DynamoDB emulator, the real
 * command (bin/overrides.ts) through the SDK.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TABLES } from '../../config/resources';
import { run } from '../../bin/overrides';
import { loadLabelledPosts } from '../../scripts/eval-classifier';
import { processClassifiedEvent } from '../../lambdas/domain/cases/process-event';
import { caseIdFor, DEFAULT_CASE_SETTINGS } from '../../lambdas/domain/cases/rules';
import { classify } from '../../lambdas/domain/classifier';
import { SocialEventSchema } from '../../schemas/social-event';
import { type CaseEmulators, startCaseEmulators } from '../helpers/case-emulators';
import { sfnEscalationStarter } from '../../lambdas/adapters/escalation-starter';

let emulators: CaseEmulators;
beforeAll(async () => {
  emulators = await startCaseEmulators();
});
afterAll(async () => {
  await emulators?.stop();
});

async function post(id: string, text: string) {
  const at = '2026-12-07T09:00:00.000Z';
  const event = SocialEventSchema.parse({
    id,
    platform: 'x',
    kind: 'mention',
    text,
    author: { id: `a-${id}`, followers: 120 },
    conversationId: `x:thread:${id}`,
    createdAt: at,
    receivedAt: at,
  });
  await processClassifiedEvent(event, classify(event), {
    store: emulators.table,
    escalation: sfnEscalationStarter(emulators.sfn, emulators.stateMachineArn),
    settings: DEFAULT_CASE_SETTINGS,
    now: () => new Date(at),
  });
  return caseIdFor(id);
}

it('exports each reclassified case as a training row the trainer reads, labelled by the person, text redacted', async () => {
  const corrected = await post('x:9001', 'the ombudsman will be hearing about my account, call me on 07700 900123');
  await post('x:9002', 'thanks for the quick reply!');
  await emulators.table.updateCase(corrected, (c) => ({
    set: { category: 'threat', urgency: 'critical', classifiedAs: { category: c.category, urgency: c.urgency }, overrides: 1 },
  }));

  let printed = '';
  const errors: string[] = [];
  const code = await run(['export', '--table', TABLES.cases.localName], (s) => (printed += s), (s) => errors.push(s), emulators.ddb);
  expect(code).toBe(0);
  expect(errors).toEqual([]);
  const rows = printed.split('\n').filter((l) => l && !l.startsWith('#'));
  expect(rows).toHaveLength(1);
  expect(printed).not.toContain('07700');

  const dir = mkdtempSync(path.join(tmpdir(), 'overrides-'));
  try {
    const file = path.join(dir, 'overrides.tsv');
    writeFileSync(file, printed);
    expect(loadLabelledPosts(file)).toEqual([
      expect.objectContaining({
        event: expect.objectContaining({ id: `x:override:${corrected}`, platform: 'x', kind: 'mention', text: expect.stringContaining('[phone]') }),
        category: 'threat',
        urgency: 'critical',
        pii: ['phone'],
      }),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('answers a usage error with 2 and a missing table with 1, printing no data', async () => {
  const errors: string[] = [];
  expect(await run(['export'], () => undefined, (s) => errors.push(s), emulators.ddb)).toBe(2);
  expect(await run(['export', '--table', 'no-such-table'], () => undefined, (s) => errors.push(s), emulators.ddb)).toBe(1);
  expect(errors.join('')).toContain('table no-such-table not found');
});
