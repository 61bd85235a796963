import path from 'node:path';
import { startThread } from '../local/thread';
import type { FireResult } from '../test/helpers/load';

/**
 * The load benches' sender (autocannon building and signing each delivery) in a worker thread of its own, as the
 * platforms' senders are elsewhere: on the main thread it would share the event loop of the HTTP front it measures, so
 * its own work would be counted in the front's accept latency (and the front's in its timings). It still shares the
 * machine's two cores.
 */

export type SenderKind = 'load' | 'burst';

export interface SenderResult extends FireResult {
  /** For a burst: each critical delivery's case id and when it was sent (epoch ms). */
  criticalSentAt: [string, number][];
}

export async function fireFromThread(url: string, count: number, kind: SenderKind, connections: number): Promise<SenderResult> {
  const thread = await startThread<{ fire(url: string, count: number, kind: SenderKind, connections: number): Promise<SenderResult> }>(
    'load-sender',
    path.join(__dirname, 'load-sender.worker.ts'),
  );
  try {
    return await thread.call('fire', url, count, kind, connections);
  } finally {
    await thread.stop();
  }
}
