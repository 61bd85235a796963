/**
 * The one way infrastructure tests build the stack: the same path as bin/app.ts (stage from context, then
 * SocialCareStack), with cdk.json's context, so the feature flags and the stage settings are the ones the CLI uses
 * (a bare `new App()` reads no cdk.json). Bundling is skipped unless asked for: a skipped bundle still yields a
 * stable S3 key, and the synth takes ~0.1 s instead of ~1 s per function.
 */
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import cdkJson from '../../cdk.json';
import { SocialCareStack } from '../../lib/social-care-stack';
import { type Stage, stageFromContext } from '../../lib/stage-config';

export interface BuildOptions {
  /** Selects `context.stages.<stage>` like `-c stage=...`; default: the app's default (dev). */
  readonly stage?: string;
  /** Run esbuild for every function (slow); default false. */
  readonly bundle?: boolean;
}

export interface Built {
  readonly app: App;
  readonly stack: SocialCareStack;
  readonly stage: Stage;
}

export function buildStack(options: BuildOptions = {}): Built {
  const context: Record<string, unknown> = { ...cdkJson.context };
  if (options.stage) context.stage = options.stage;
  if (!options.bundle) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ context });
  // cdk.json's prod stage ships with example.com senders, which bin/app.ts refuses to synth; the tests check the
  // resources a prod stage gets, so they accept the placeholders (test/infra/stage-config.test.ts checks the refusal).
  const stage = stageFromContext(app, { allowPlaceholders: true });
  const stack = new SocialCareStack(app, `SocialCare-${stage.name}`, { stage });
  return { app, stack, stage };
}

/** Builds and synthesizes; call once per test file, at module scope. */
export function synthStack(options: BuildOptions = {}): Built & { template: Template } {
  const built = buildStack(options);
  return { ...built, template: Template.fromStack(built.stack) };
}

/** A bare stack for construct-level tests (invalid input that the real config never produces). */
export function emptyStack(): Stack {
  return new Stack(new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } }), 'Test');
}

/** Logical id of a construct's CloudFormation resource, computed, never hard-coded. */
export function logicalId(construct: IConstruct): string {
  const cfn = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(cfn);
}

export const ref = (construct: IConstruct) => ({ Ref: logicalId(construct) });
export const arnOf = (construct: IConstruct) => ({ 'Fn::GetAtt': [logicalId(construct), 'Arn'] });

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
  Principal?: unknown;
}

export const actionsOf = (s: PolicyStatementJson): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOf = (s: PolicyStatementJson): unknown[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** Every identity-policy statement attached to a role: its inline policies and the AWS::IAM::Policy resources naming it. */
export function statementsOfRole(template: Template, roleLogicalId: string): PolicyStatementJson[] {
  const role = template.findResources('AWS::IAM::Role')[roleLogicalId];
  if (!role) throw new Error(`no role ${roleLogicalId} in the template`);
  const inline = (role.Properties.Policies ?? []).flatMap(
    (p: { PolicyDocument: { Statement: PolicyStatementJson[] } }) => p.PolicyDocument.Statement,
  );
  const attached = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles ?? []).some((r: unknown) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId })))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as PolicyStatementJson[]);
  return [...inline, ...attached];
}

/** cdk-nag AWS Solutions findings that are not acknowledged, as `rule @ construct path` (v3 reports no logical id). */
export function unacknowledgedFindings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks(scope).validateScope(scope);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.constructPath}`));
}

/**
 * A role's permissions as `resource → sorted actions`, whatever statements CDK merged or split (minimizePolicies),
 * with resources as their JSON (`{"Fn::GetAtt":[...]}`, `"*"`). Every statement must have `effect` (Allow unless
 * asked; split a role's statements with byEffect first), and none may use NotAction or a condition, which this
 * project's roles never use, so a test never silently compares half a policy.
 */
export function permissionsOf(statements: PolicyStatementJson[], effect: 'Allow' | 'Deny' = 'Allow'): Record<string, string[]> {
  const byResource: Record<string, Set<string>> = {};
  for (const s of statements) {
    if (s.Effect !== effect || s.Condition !== undefined || !('Action' in s) || !('Resource' in s)) {
      throw new Error(`unexpected statement shape: ${JSON.stringify(s)}`);
    }
    for (const resource of resourcesOf(s)) {
      const key = JSON.stringify(resource);
      byResource[key] ??= new Set();
      for (const action of actionsOf(s)) byResource[key].add(action);
    }
  }
  return Object.fromEntries(Object.entries(byResource).map(([k, v]) => [k, [...v].sort()]));
}

/** Builds the `resource → sorted actions` record that permissionsOf returns, from readable pairs. */
export function expectedPermissions(entries: [resource: unknown, actions: string[]][]): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const [resource, actions] of entries) {
    const key = JSON.stringify(resource);
    out[key] ??= new Set();
    for (const a of actions) out[key].add(a);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
}

/** A role's statements split by effect, for permissionsOf; throws on any other effect. */
export function byEffect(statements: PolicyStatementJson[]): { allow: PolicyStatementJson[]; deny: PolicyStatementJson[] } {
  const other = statements.filter((s) => s.Effect !== 'Allow' && s.Effect !== 'Deny');
  if (other.length > 0) throw new Error(`unexpected effect: ${JSON.stringify(other)}`);
  return { allow: statements.filter((s) => s.Effect === 'Allow'), deny: statements.filter((s) => s.Effect === 'Deny') };
}

/** `arn:${Partition}:<rest>` as CDK synthesizes it (with the partition as a Ref). */
export const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

/** The ARN of an SES identity in the stack's region and account, as CDK synthesizes it (Stack.formatArn). */
export const sesIdentityArnJson = (identity: string) => ({
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:identity/${identity}`],
  ],
});

/** Every Task state's Resource in an ASL definition, however deep in Parallel branches. */
export function taskResources(node: unknown): unknown[] {
  if (Array.isArray(node)) return node.flatMap(taskResources);
  if (!node || typeof node !== 'object') return [];
  const obj = node as Record<string, unknown>;
  return [...(obj.Type === 'Task' ? [obj.Resource] : []), ...Object.values(obj).flatMap(taskResources)];
}

/** Every Task state of a definition (nested Parallel branches included), as deployed. */
export function taskStates(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(taskStates);
  if (!node || typeof node !== 'object') return [];
  const obj = node as Record<string, unknown>;
  return [...(obj.Type === 'Task' ? [obj] : []), ...Object.values(obj).flatMap(taskStates)];
}

/**
 * What every Task state of a flow must carry so that a steps function that hangs or is killed is retried rather
 * than failing the execution (or, worse, retried while it still runs): a TimeoutSeconds longer than the function's
 * own timeout by at least `margin` seconds, a retrier for States.Timeout and one for Lambda's service exceptions,
 * each backing off.
 */
export function expectTimeoutsAndRetries(definition: unknown, functionTimeoutSeconds: number, margin: number): void {
  const tasks = taskStates(definition);
  expect(tasks.length).toBeGreaterThan(0);
  for (const task of tasks) {
    expect(typeof task.TimeoutSeconds).toBe('number');
    expect(task.TimeoutSeconds as number).toBeGreaterThanOrEqual(functionTimeoutSeconds + margin);
    const retriers = task.Retry as { ErrorEquals: string[]; IntervalSeconds: number; MaxAttempts: number; BackoffRate: number }[];
    for (const error of ['States.Timeout', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.ClientExecutionTimeoutException']) {
      const retrier = retriers.find((r) => r.ErrorEquals.includes(error));
      expect({ error, retried: retrier !== undefined }).toEqual({ error, retried: true });
      expect(retrier!.MaxAttempts).toBeGreaterThanOrEqual(2);
      expect(retrier!.IntervalSeconds).toBeGreaterThanOrEqual(1);
      expect(retrier!.BackoffRate).toBeGreaterThan(1);
    }
  }
}

/**
 * The Resource * actions CDK gives a state machine's role for logging and tracing: CloudWatch Logs vended delivery
 * and X-Ray support no resource-level permissions.
 */
export const STATE_MACHINE_LOG_AND_TRACE_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:DescribeLogGroups',
  'logs:DescribeResourcePolicies',
  'logs:GetLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:UpdateLogDelivery',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];

/** Logical ids of the roles with any lambda: action on `fn`'s ARN. */
export function rolesInvoking(template: Template, fn: IConstruct): string[] {
  const arn = JSON.stringify(arnOf(fn));
  return Object.keys(template.findResources('AWS::IAM::Role')).filter((roleId) =>
    statementsOfRole(template, roleId).some((s) => actionsOf(s).some((a) => a.startsWith('lambda:')) && resourcesOf(s).some((r) => JSON.stringify(r) === arn)),
  );
}

/** Logical ids of the Lambda permissions (resource policies) and event source mappings that name `fn`: what else could trigger it. */
export function triggersOf(template: Template, fn: IConstruct): string[] {
  const names = [JSON.stringify(arnOf(fn)), JSON.stringify(ref(fn))];
  return ['AWS::Lambda::Permission', 'AWS::Lambda::EventSourceMapping'].flatMap((type) =>
    Object.entries(template.findResources(type))
      .filter(([, r]) => names.includes(JSON.stringify(r.Properties.FunctionName)))
      .map(([id]) => id),
  );
}
