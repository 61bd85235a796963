import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { EscalationStarter } from '../domain/cases/process-event';

/**
 * Starts the escalation state machine with a deterministic execution name. Step Functions refuses a second
 * execution of the same name (for 90 days after a Standard execution closes), which is what makes a redelivered
 * message harmless: that refusal is reported as 'already', not as a failure.
 */
export function sfnEscalationStarter(client: SFNClient, stateMachineArn: string): EscalationStarter {
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
