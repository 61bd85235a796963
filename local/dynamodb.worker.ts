import { type Emulator, startDynamoDb } from './emulators';
import { serveCalls, threadData } from './thread';

/** The DynamoDB thread (local/dynamodb-thread.ts starts it): dynalite, as local/emulators.ts starts it. */
async function main() {
  const { dataDir, port } = threadData<{ dataDir?: string; port: number }>();
  const emulator: Emulator = await startDynamoDb(dataDir, port);
  serveCalls({
    url: async () => emulator.url,
    // dynalite closes its LevelDB store when its server closes: the data is on disk before the thread ends.
    stop: () => emulator.stop(),
  });
}

main().catch((err: unknown) => {
  // Thrown as uncaught, the thread dies with this error: before serveCalls, that fails the start with it.
  setImmediate(() => {
    throw err;
  });
});
