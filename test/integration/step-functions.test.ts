/**
 * The local Step Functions API through @aws-sdk/client-sfn: executions run the ASL with local Task handlers, Wait
 * states wait, names are idempotent as in Standard workflows, and failures surface with their error names.
 */
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { type StepFunctionsEmulator, startStepFunctions, taskStateNames } from '../../local/step-functions';

let sfn: StepFunctionsEmulator;
let client: SFNClient;
let arn: string;
const seen: unknown[] = [];

const definition = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Parameters: { 'caseId.$': '$.caseId', 'execution.$': '$$.Execution.Name' }, Next: 'Notify' },
    Notify: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:notify', ResultPath: '$.notified', Next: 'Pause' },
    Pause: { Type: 'Wait', SecondsPath: '$.notified.waitSeconds', Next: 'Acked?' },
    'Acked?': { Type: 'Choice', Choices: [{ Variable: '$.notified.fail', BooleanEquals: true, Next: 'Broken' }], Default: 'Done' },
    Broken: { Type: 'Fail', Error: 'Escalation.Failed', Cause: 'told to fail' },
    Done: { Type: 'Succeed' },
  },
} as const;

beforeAll(async () => {
  sfn = await startStepFunctions();
  arn = sfn.register({
    name: 'test-flow',
    definition: definition as never,
    taskHandlers: {
      Notify: async (input) => {
        seen.push(input);
        const caseId = (input as { caseId: string }).caseId;
        return { waitSeconds: caseId === 'slow' ? 1 : 0, fail: caseId === 'fail' };
      },
    },
  });
  client = new SFNClient({ endpoint: sfn.url, region: 'us-east-1' });
});
afterAll(async () => {
  client?.destroy();
  await sfn?.stop();
});

async function finished(executionArn: string) {
  for (let i = 0; i < 100; i++) {
    const d = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') return d;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('execution did not finish');
}

describe('local Step Functions', () => {
  it('runs an execution with the context object and the local Task handler', async () => {
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'case-1-page', input: '{"caseId":"c1"}' }));
    expect(executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:test-flow:case-1-page');
    const done = await finished(executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    expect(seen).toContainEqual({ caseId: 'c1', execution: 'case-1-page' });
  });

  it('waits in Wait states for real', async () => {
    const started = Date.now();
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'slow-1', input: '{"caseId":"slow"}' }));
    expect((await client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    expect((await finished(executionArn!)).status).toBe('SUCCEEDED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('is idempotent for the same name and input while running, and refuses a reused name otherwise', async () => {
    const input = '{"caseId":"slow"}';
    const first = await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'dup-1', input }));
    const again = await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'dup-1', input }));
    expect(again.executionArn).toBe(first.executionArn);
    await expect(client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'dup-1', input: '{"caseId":"other"}' }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
    await finished(first.executionArn!);
    await expect(client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'dup-1', input }))).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('reports a failed execution with its error name and cause', async () => {
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'fail-1', input: '{"caseId":"fail"}' }));
    expect(await finished(executionArn!)).toMatchObject({ status: 'FAILED', error: 'Escalation.Failed', cause: 'told to fail' });
  });

  it('stops a running execution', async () => {
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'stop-1', input: '{"caseId":"slow"}' }));
    await client.send(new StopExecutionCommand({ executionArn }));
    expect((await client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');
    const list = await client.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'ABORTED' }));
    expect(list.executions?.map((e) => e.name)).toEqual(['stop-1']);
  });

  it.each([
    ['an unknown state machine', { stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:nope', input: '{}' }, 'StateMachineDoesNotExist'],
    ['input that is not JSON', { input: '{nope' }, 'InvalidExecutionInput'],
    ['a name with spaces', { name: 'has spaces', input: '{}' }, 'InvalidName'],
  ])('refuses %s', async (_label, change, errorName) => {
    await expect(client.send(new StartExecutionCommand({ stateMachineArn: arn, ...change }))).rejects.toMatchObject({ name: errorName });
  });

  it('refuses to register a machine with a Task state that has no local handler', () => {
    expect(() => sfn.register({ name: 'bad', definition: definition as never, taskHandlers: {} })).toThrow(/no local handler for Task state\(s\) Notify/);
    expect(taskStateNames({ States: { P: { Type: 'Parallel', Branches: [{ States: { T: { Type: 'Task' } } }] } } })).toEqual(['T']);
  });
});
