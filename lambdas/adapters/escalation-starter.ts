import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { EscalationStarter } from '../domain/cases/process-event';
import type { WorkflowStarter } from '../domain/sla/watch';

/**
 * Starts a state machine with a deterministic execution name. Step Functions refuses a second execution of the
 * same name (for 90 days after a Standard execution closes), which is what makes a redelivered message harmless:
 * that refusal is reported as 'already', not as a failure.
 */
export function sfnExecutionStarter<I extends object>(client: SFNClient, stateMachineArn: string): { start(name: string, input: I): Promise<'started' | 'already'> } {
  return {
    async start(name, input) {
      try {
        await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
        return 'started';
      } catch (err) {
        if (err instanceof ExecutionAlreadyExists || (err instanceof Error && err.name === 'ExecutionAlreadyExists')) return 'already';
        throw err;
      }
    },
  };
}

/** The escalation state machine, started once per escalation: per critical post that starts one (rules.ts criticalEscalationId), or per (case, offer reason). */
export function sfnEscalationStarter(client: SFNClient, stateMachineArn: string): EscalationStarter {
  return sfnExecutionStarter(client, stateMachineArn);
}

/** The SLA state machine: one crisis alert per scope and window (first-response clocks are swept, not started). */
export function sfnSlaStarter(client: SFNClient, stateMachineArn: string): WorkflowStarter {
  return sfnExecutionStarter(client, stateMachineArn);
}
