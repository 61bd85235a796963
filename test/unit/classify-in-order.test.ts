/**
 * The classify handler's batch order (lambdas/classify/in-order.ts): records of one conversation one after another in
 * the batch's order, whatever order they are started in; other conversations alongside; a failure holds nothing up.
 */
import { inOrderPerKey } from '../../lambdas/classify/in-order';

interface Rec {
  id: string;
  key: string;
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('records of one batch, in order per conversation', () => {
  const batch: Rec[] = [
    { id: 'a1', key: 'A' },
    { id: 'b1', key: 'B' },
    { id: 'a2', key: 'A' },
    { id: 'a3', key: 'A' },
  ];

  it('runs one conversation in batch order, one at a time, and other conversations alongside', async () => {
    const run = inOrderPerKey(batch, (r) => r.id, (r) => r.key);
    const log: string[] = [];
    const gates = new Map(batch.map((r) => [r.id, gate()]));
    const work = (r: Rec) =>
      run(r, async () => {
        log.push(`start ${r.id}`);
        await gates.get(r.id)!.opened;
        log.push(`end ${r.id}`);
        return r.id;
      });
    // Started in an order unlike the batch's.
    const results = Promise.all([work(batch[3]!), work(batch[2]!), work(batch[1]!), work(batch[0]!)]);
    await flush();
    expect(log).toEqual(['start b1', 'start a1']);
    gates.get('a2')!.open(); // a2 may not start before a1 has finished, open gate or not
    await flush();
    expect(log).toEqual(['start b1', 'start a1']);
    gates.get('a1')!.open();
    await flush();
    expect(log).toEqual(['start b1', 'start a1', 'end a1', 'start a2', 'end a2', 'start a3']);
    gates.get('a3')!.open();
    gates.get('b1')!.open();
    expect(await results).toEqual(['a3', 'a2', 'b1', 'a1']);
    expect(log.indexOf('end b1')).toBeGreaterThan(log.indexOf('start a3'));
  });

  it('lets the rest of a conversation run when a record fails', async () => {
    const run = inOrderPerKey(batch, (r) => r.id, (r) => r.key);
    const ran: string[] = [];
    const outcomes = await Promise.allSettled(
      batch.map((r) =>
        run(r, async () => {
          ran.push(r.id);
          if (r.id === 'a1') throw new Error('poison');
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(ran.filter((id) => id.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
  });

  it('refuses a record that is not part of the batch', async () => {
    const run = inOrderPerKey(batch, (r) => r.id, (r) => r.key);
    await expect(run({ id: 'z9', key: 'A' }, async () => 1)).rejects.toThrow(/not part of this batch/);
  });
});
