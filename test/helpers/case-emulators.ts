import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { TABLES } from '../../config/resources';
import { CasesTable } from '../../lambdas/adapters/cases-table';
import { ensureTable } from '../../local/dynamodb-setup';
import { type Emulator, startDynamoDb } from '../../local/emulators';
import { type StepFunctionsEmulator, startStepFunctions } from '../../local/step-functions';

/**
 * The real emulators the case use case writes to: dynalite with the cases table (through the DynamoDB SDK) and the
 * local Step Functions API with a one-step stand-in for the escalation flow (only the starts matter to these tests:
 * names, idempotency; the real flow runs in escalation.test.ts).
 */
export interface CaseEmulators {
  dynamo: Emulator;
  sfnEmulator: StepFunctionsEmulator;
  ddb: DynamoDBClient;
  sfn: SFNClient;
  table: CasesTable;
  stateMachineArn: string;
  stop(): Promise<void>;
}

export async function startCaseEmulators(): Promise<CaseEmulators> {
  const [dynamo, sfnEmulator] = await Promise.all([startDynamoDb(), startStepFunctions()]);
  const ddb = new DynamoDBClient({ endpoint: dynamo.url, region: 'us-east-1' });
  const sfn = new SFNClient({ endpoint: sfnEmulator.url, region: 'us-east-1' });
  await ensureTable(ddb, TABLES.cases);
  const stateMachineArn = sfnEmulator.register({ name: 'escalation', definition: { StartAt: 'Started', States: { Started: { Type: 'Pass', End: true } } } as never, taskHandlers: {} });
  return {
    dynamo,
    sfnEmulator,
    ddb,
    sfn,
    table: new CasesTable(ddb, TABLES.cases.localName),
    stateMachineArn,
    async stop() {
      ddb.destroy();
      sfn.destroy();
      await Promise.all([dynamo.stop(), sfnEmulator.stop()]);
    },
  };
}
