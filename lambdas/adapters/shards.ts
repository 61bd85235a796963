import { createHash } from 'node:crypto';

/**
 * Which of `shards` partitions an item goes to: a hash of its id, so it is spread evenly, stays put for the item's life
 * and needs no coordination. Write sharding for the keys every event of a spike would otherwise hit (the open queue,
 * the clocks due, the crisis counters).
 */
export const shardOf = (id: string, shards: number) => createHash('sha256').update(id).digest().readUInt32BE(0) % shards;
