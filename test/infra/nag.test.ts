/**
 * cdk-nag (v3, AWS Solutions pack) over the whole stack, for every stage in cdk.json (they differ in what nag
 * checks: the staff pool's feature plan, deletion protection): no unacknowledged finding, and every
 * acknowledgement is one of the few the design accepts, carries a reason, sits on the construct it excuses (not
 * the stack), and still matches a real finding (no stale acknowledgements).
 * v3 findings are not annotations, so the pack is run directly with validateScope.
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import cdkJson from '../../cdk.json';
import { FUNCTIONS, type FunctionSpec, HTTP_ROUTES } from '../../config/resources';
import { SES_IDENTITIES_NAG_RESOURCE } from '../../lib/app-function';
import type { SocialCareStack } from '../../lib/social-care-stack';
import type { Stage } from '../../lib/stage-config';
import { synthStack, unacknowledgedFindings } from './helpers';

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

/** Every acknowledgement recorded in the tree (Validations.acknowledge writes construct metadata). */
function acknowledgementsIn(stack: SocialCareStack): Acknowledgement[] {
  return stack.node.findAll().flatMap((c: IConstruct) =>
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
}

/** All findings, acknowledged or not: the pack with its acknowledgement lookup switched off. */
function allFindings(stack: SocialCareStack): { rule: string; path: string | undefined }[] {
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

/**
 * The acknowledgements the design accepts, per stage:
 * - IAM5[Resource::*] on each function role (X-Ray), once more on the role of each function that sends SMS
 *   (sns:Publish to a phone number, topics denied), and on each state machine role (escalation, crisis alerts: log
 *   delivery and X-Ray);
 * - IAM5 on `identity/*` of SES on the role of each function that sends email (the identities SES checks: the
 *   sender's domain or address, sandbox recipients; conditioned on the stage's From address);
 * - APIG4 on each webhook route (signed by the platform) and link page route (the single-use code is the
 *   credential); staff routes have the JWT authorizer instead;
 * - SMG4 on the app secret (third-party secrets cannot be rotated by a Lambda);
 * - COG8 on the staff user pool only where the stage turns threat protection off;
 * - the console site (lib/console-site.ts): S1 and CFR3 (no access log of a static site's fetches: the staff API logs
 *   who reads cases), CFR1 and CFR2 (no geo restriction or WAF in front of public static code), CFR4 (the default
 *   cloudfront.net certificate), and on CDK's BucketDeployment provider L1, IAM4 and its IAM5 object wildcards.
 */
const STATE_MACHINES = 2;
const CONSOLE_FINDINGS = [
  'AwsSolutions-S1',
  'AwsSolutions-CFR1',
  'AwsSolutions-CFR2',
  'AwsSolutions-CFR3',
  'AwsSolutions-CFR4',
  'AwsSolutions-L1',
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((a) => `AwsSolutions-IAM5[Action::${a}]`),
  'AwsSolutions-IAM5[Resource::<ConsoleAssets8400950A.Arn>/*]',
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
];
function acceptedCounts(stage: Stage): Record<string, number> {
  return {
    'AwsSolutions-IAM5[Resource::*]':
      Object.keys(FUNCTIONS).length + Object.values(FUNCTIONS).filter((f: FunctionSpec) => f.sendsSms).length + STATE_MACHINES,
    [`AwsSolutions-IAM5[Resource::${SES_IDENTITIES_NAG_RESOURCE}]`]: Object.values(FUNCTIONS).filter((f: FunctionSpec) => f.sendsEmail).length,
    'AwsSolutions-APIG4': HTTP_ROUTES.filter((r) => r.auth !== 'staff').length,
    'AwsSolutions-SMG4': 1,
    ...(stage.settings.staffThreatProtection ? {} : { 'AwsSolutions-COG8': 1 }),
    ...Object.fromEntries(CONSOLE_FINDINGS.map((id) => [id, 1])),
  };
}

describe.each(Object.keys(cdkJson.context.stages))('stage %s', (stageName) => {
  const { stack, stage } = synthStack({ stage: stageName });
  const acknowledgements = acknowledgementsIn(stack);

  test('no AWS Solutions finding is left unacknowledged', () => {
    expect(unacknowledgedFindings(stack)).toEqual([]);
  });

  test('only the accepted findings are acknowledged', () => {
    const counts: Record<string, number> = {};
    for (const a of acknowledgements) counts[a.id] = (counts[a.id] ?? 0) + 1;
    expect(counts).toEqual(acceptedCounts(stage));
  });

  test('no staff route is acknowledged for APIG4: they pass it with the authorizer', () => {
    const staffRoutes = HTTP_ROUTES.filter((r) => r.auth === 'staff').map((r) => stack.intakeApi.routes[`${r.method} ${r.path}`]);
    expect(staffRoutes.every(Boolean)).toBe(true);
    const acked = acknowledgements.filter((a) => a.id === 'AwsSolutions-APIG4').map((a) => a.path);
    for (const route of staffRoutes) expect(acked).not.toContain(route?.node.path);
    expect(allFindings(stack).filter((f) => staffRoutes.some((r) => f.path?.startsWith(r?.node.path ?? '-')))).toEqual([]);
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
    const findings = allFindings(stack);
    const stale = acknowledgements.filter(
      (a) => !findings.some((f) => f.rule === a.id && (f.path === a.path || f.path?.startsWith(`${a.path}/`))),
    );
    expect(stale).toEqual([]);
  });
});
