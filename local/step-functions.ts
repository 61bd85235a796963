import { createServer, type IncomingMessage, type Server } from 'node:http';
import { onlyThisMachine } from './emulators';
import type { AddressInfo } from 'node:net';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

/**
 * Step Functions on this machine: aws-local-stepfunctions interprets the ASL, and this module gives it the part of
 * the Step Functions API the app uses (awsJson1.0: StartExecution, DescribeExecution, ListExecutions,
 * StopExecution), so application code calls it through @aws-sdk/client-sfn exactly as in AWS.
 *
 * The interpreter has no service integrations, so every Task state must be given a local handler when its machine
 * is registered — registration fails otherwise, so a flow can never silently call real AWS from a laptop.
 * Executions live in memory: a restart of the local stack ends them (docs/local.md, "What a local restart loses").
 */

export type TaskHandler = (input: unknown) => Promise<unknown>;

export interface LocalStateMachine {
  name: string;
  definition: StateMachineDefinition;
  /** Local handler per Task state name (nested Parallel/Map states included). */
  taskHandlers: Record<string, TaskHandler>;
}

type Status = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: Status;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  abort(): void;
  done: Promise<void>;
}

export interface StepFunctionsEmulator {
  url: string;
  register(machine: LocalStateMachine): string;
  stateMachineArn(name: string): string;
  /** Resolves when every running execution has finished (tests). */
  settle(): Promise<void>;
  executions(): readonly Omit<Execution, 'abort' | 'done'>[];
  stop(): Promise<void>;
}

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';

class ApiError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

/** Every Task state in a definition, nested branches and item processors included. */
export function taskStateNames(definition: { States: Record<string, unknown> }): string[] {
  const names: string[] = [];
  for (const [name, raw] of Object.entries(definition.States)) {
    const state = raw as { Type: string; Branches?: { States: Record<string, unknown> }[]; ItemProcessor?: { States: Record<string, unknown> }; Iterator?: { States: Record<string, unknown> } };
    if (state.Type === 'Task') names.push(name);
    for (const branch of state.Branches ?? []) names.push(...taskStateNames(branch));
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) names.push(...taskStateNames(processor));
  }
  return names;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        reject(new ApiError('SerializationException', 'body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

const epochSeconds = (d: Date) => d.getTime() / 1000;

export async function startStepFunctions(port = 0): Promise<StepFunctionsEmulator> {
  const machines = new Map<string, { machine: LocalStateMachine; runner: StateMachine }>();
  const executions = new Map<string, Execution>();

  const stateMachineArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;

  function register(machine: LocalStateMachine): string {
    const missing = taskStateNames(machine.definition as never).filter((n) => !machine.taskHandlers[n]);
    if (missing.length > 0) throw new Error(`state machine ${machine.name}: no local handler for Task state(s) ${missing.join(', ')}`);
    // Validated once here (asl-validator runs in the constructor, ~100 ms), not per execution.
    const runner = new StateMachine(machine.definition);
    machines.set(stateMachineArn(machine.name), { machine, runner });
    return stateMachineArn(machine.name);
  }

  function start(body: Record<string, unknown>) {
    const arn = String(body['stateMachineArn'] ?? '');
    const entry = machines.get(arn);
    if (!entry) throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    const name = String(body['name'] ?? crypto.randomUUID());
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new ApiError('InvalidName', `Invalid Name: '${name}'`);
    const input = typeof body['input'] === 'string' ? body['input'] : '{}';
    let parsedInput: unknown;
    try {
      parsedInput = JSON.parse(input);
    } catch {
      throw new ApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input');
    }
    const executionArn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:${entry.machine.name}:${name}`;
    const existing = executions.get(executionArn);
    if (existing) {
      // Standard workflows: the same name and input while running is idempotent; anything else is a conflict.
      if (existing.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: epochSeconds(existing.startDate) };
      throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const startDate = new Date();
    const run = entry.runner.run(parsedInput as never, {
      overrides: { taskResourceLocalHandlers: entry.machine.taskHandlers as never },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: executionArn, Name: name, StartTime: startDate.toISOString(), Input: parsedInput },
        StateMachine: { Id: arn, Name: entry.machine.name },
      } as never,
    });
    const execution: Execution = {
      executionArn,
      stateMachineArn: arn,
      name,
      input,
      status: 'RUNNING',
      startDate,
      abort: run.abort,
      done: Promise.resolve(),
    };
    execution.done = run.result.then(
      (output) => {
        if (execution.status !== 'RUNNING') return;
        execution.status = 'SUCCEEDED';
        execution.output = JSON.stringify(output);
        execution.stopDate = new Date();
      },
      (err: unknown) => {
        if (execution.status !== 'RUNNING') return;
        const e = err as Error & { cause?: { name?: string; message?: string } };
        execution.status = e.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
        execution.error = e.cause?.name ?? e.name;
        execution.cause = e.cause?.message ?? e.message;
        execution.stopDate = new Date();
      },
    );
    executions.set(executionArn, execution);
    return { executionArn, startDate: epochSeconds(startDate) };
  }

  function find(body: Record<string, unknown>): Execution {
    const arn = String(body['executionArn'] ?? '');
    const execution = executions.get(arn);
    if (!execution) throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }

  const describe = (e: Execution) => ({
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: epochSeconds(e.startDate),
    ...(e.stopDate ? { stopDate: epochSeconds(e.stopDate) } : {}),
  });

  const actions: Record<string, (body: Record<string, unknown>) => unknown> = {
    StartExecution: start,
    DescribeExecution: (body) => {
      const e = find(body);
      return { ...describe(e), input: e.input, ...(e.output !== undefined ? { output: e.output } : {}), ...(e.error ? { error: e.error, cause: e.cause } : {}) };
    },
    ListExecutions: (body) => {
      const arn = String(body['stateMachineArn'] ?? '');
      if (!machines.has(arn)) throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
      const filter = body['statusFilter'];
      const list = [...executions.values()].filter((e) => e.stateMachineArn === arn && (!filter || e.status === filter)).reverse();
      return { executions: list.map(describe) };
    },
    StopExecution: (body) => {
      const e = find(body);
      if (e.status === 'RUNNING') {
        e.status = 'ABORTED';
        e.stopDate = new Date();
        e.error = typeof body['error'] === 'string' ? body['error'] : undefined;
        e.cause = typeof body['cause'] === 'string' ? body['cause'] : undefined;
        e.abort();
      }
      return { stopDate: epochSeconds(e.stopDate ?? new Date()) };
    },
  };

  const server: Server = createServer((req, res) => {
    const reply = (status: number, value: unknown) => {
      const body = JSON.stringify(value);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
    readJson(req)
      .then((body) => {
        const handler = actions[action];
        if (!handler) throw new ApiError('UnknownOperationException', `${action || 'no action'} is not emulated locally`);
        reply(200, handler(body));
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError) reply(400, { __type: err.type, message: err.message });
        else reply(500, { __type: 'InternalFailure', message: 'internal error' });
      });
  });
  onlyThisMachine(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    register,
    stateMachineArn,
    settle: async () => {
      await Promise.all([...executions.values()].map((e) => e.done));
    },
    executions: () => [...executions.values()].map(({ abort: _a, done: _d, ...rest }) => rest),
    stop: async () => {
      for (const e of executions.values()) if (e.status === 'RUNNING') e.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
