import path from 'node:path';
import type { Emulator } from './emulators';
import { BACKGROUND_NICE, startThread } from './thread';

/**
 * dynalite in its own worker thread (local/dynamodb.worker.ts). Every case write goes through it, and its work (HTTP,
 * JSON, validation, the store) is the heaviest of the emulators' under a burst: on the main thread it held up the
 * HTTP front. Same contract as startDynamoDb (127.0.0.1 only, the data dir, the port); stop() closes the store, then
 * ends the thread. A thread that dies leaves the port closed, so /healthz reads DynamoDB as down; `onExit` says why.
 */
export async function startDynamoDbThread(dataDir?: string, port = 0, onExit?: (why: string) => void): Promise<Emulator> {
  const thread = await startThread<{ url(): Promise<string>; stop(): Promise<void> }>('dynamodb', path.join(__dirname, 'dynamodb.worker.ts'), {
    data: { dataDir, port },
    nice: BACKGROUND_NICE,
    onExit,
  });
  let url: string;
  try {
    url = await thread.call('url');
  } catch (err) {
    await thread.stop();
    throw err;
  }
  return {
    url,
    async stop() {
      await thread.call('stop').catch(() => undefined);
      await thread.stop();
    },
  };
}
