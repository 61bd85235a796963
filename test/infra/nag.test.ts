/**
 * cdk-nag (v3, AWS Solutions pack) over the whole stack: no unacknowledged finding, and every acknowledgement is
 * one of the few the design accepts, carries a reason, sits on the construct it excuses (not the stack), and still
 * matches a real finding (no stale acknowledgements).
 * v3 findings are not annotations, so the pack is run directly with validateScope.
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { FUNCTIONS, HTTP_ROUTES } from '../../config/resources';
import { synthStack, unacknowledgedFindings } from './helpers';

const { stack } = synthStack();

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

/** Every acknowledgement recorded in the tree (Validations.acknowledge writes construct metadata). */
const acknowledgements: Acknowledgement[] = stack.node.findAll().flatMap((c: IConstruct) =>
  c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) =>
      Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
        path: c.node.path,
        id: id.replace(/^annotation::/i, ''),
        reason,
      })),
    ),
);

/** All findings, acknowledged or not: the pack with its acknowledgement lookup switched off. */
function allFindings(): { rule: string; path: string | undefined }[] {
  const pack = new AwsSolutionsChecks(stack);
  const internals = pack as unknown as { isAcknowledged?: unknown };
  if (typeof internals.isAcknowledged !== 'function') {
    throw new Error('cdk-nag internals changed: NagPack.isAcknowledged is gone; update this test');
  }
  internals.isAcknowledged = () => false;
  return pack
    .validateScope(stack)
    .violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath })));
}

test('no AWS Solutions finding is left unacknowledged', () => {
  expect(unacknowledgedFindings(stack)).toEqual([]);
});

test('only the accepted findings are acknowledged: X-Ray wildcard per role, APIG4 per route, SMG4 on the secret', () => {
  const counts: Record<string, number> = {};
  for (const a of acknowledgements) counts[a.id] = (counts[a.id] ?? 0) + 1;
  expect(counts).toEqual({
    'AwsSolutions-IAM5[Resource::*]': Object.keys(FUNCTIONS).length,
    'AwsSolutions-APIG4': HTTP_ROUTES.length,
    'AwsSolutions-SMG4': 1,
  });
});

test('every acknowledgement carries a specific reason', () => {
  for (const a of acknowledgements) {
    expect({ ...a, reasonLength: a.reason.trim().length >= 80 }).toEqual({ ...a, reasonLength: true });
  }
});

test('acknowledgements sit on the resources they excuse, never on the stack or the app', () => {
  for (const a of acknowledgements) expect(a.path.startsWith(`${stack.node.path}/`)).toBe(true);
});

test('every acknowledgement still matches a finding at or below its construct', () => {
  const findings = allFindings();
  const stale = acknowledgements.filter(
    (a) => !findings.some((f) => f.rule === a.id && (f.path === a.path || f.path?.startsWith(`${a.path}/`))),
  );
  expect(stale).toEqual([]);
});
