import { caseIdFor } from '../lambdas/domain/cases/rules';
import { serveCalls } from '../local/thread';
import { burstDelivery, fireDeliveries, loadDelivery } from '../test/helpers/load';
import type { SenderKind, SenderResult } from './load-sender';

/** The load benches' sender, in its own thread (bench/load-sender.ts starts it). */
serveCalls({
  fire: async (url: string, count: number, kind: SenderKind, connections: number): Promise<SenderResult> => {
    const criticalSentAt: [string, number][] = [];
    const fired = await fireDeliveries(url, count, {
      connections,
      make: (i) => {
        if (kind === 'load') return loadDelivery(i);
        const d = burstDelivery(i);
        // When each critical delivery was sent (as autocannon builds it), by the case id its page names.
        if (d.critical) criticalSentAt.push([caseIdFor(d.eventId), Date.now()]);
        return d;
      },
    });
    return { ...fired, criticalSentAt };
  },
});
