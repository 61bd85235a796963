/**
 * Runs the records of one SQS batch so that records with the same key (the conversation) go one after another, in
 * the batch's order, while records of different keys run side by side.
 *
 * Posts of one conversation all write the same case under its version lock. Run at once, all but one lose each race
 * and retry; a burst of one busy conversation used to exhaust the retries, and the failed records then waited out
 * the queue's visibility timeout. Run in order they never collide with one another (only with other writers, which
 * the lock's backoff absorbs), and the case folds the posts in the order the customer wrote them.
 *
 * The order is fixed from the whole batch up front, so it does not depend on the order in which the batch processor
 * happens to start the records. Every record handed in must be run (each one waits for the one before it).
 */
export function inOrderPerKey<R>(records: readonly R[], idOf: (record: R) => string, keyOf: (record: R) => string) {
  const waitFor = new Map<string, Promise<void>>();
  const finished = new Map<string, () => void>();
  const last = new Map<string, Promise<void>>();
  for (const record of records) {
    const id = idOf(record);
    const key = keyOf(record);
    waitFor.set(id, last.get(key) ?? Promise.resolve());
    const done = new Promise<void>((resolve) => finished.set(id, resolve));
    last.set(key, done);
  }
  return async <T>(record: R, work: () => Promise<T>): Promise<T> => {
    const id = idOf(record);
    const before = waitFor.get(id);
    if (!before) throw new Error(`record ${id} is not part of this batch`);
    await before;
    try {
      return await work();
    } finally {
      // Done either way: a record that failed does not hold up the rest of its conversation.
      finished.get(id)?.();
    }
  };
}
