import { basename } from 'node:path';
import {
  CustomerDirectorySchema,
  MAX_DIRECTORY_ENTRIES,
  customerKey,
  type CustomerDirectory,
  type CustomerEntry,
} from '../../../schemas/customer-directory';
import { ConfigFileError, formatIssues, readJsonFile } from './policy';

/**
 * The customer directory: how to reach a social author offline (schemas/customer-directory.ts). Errors name
 * entries by index and fields by name; the directory is personal data and none of it reaches a message.
 */

export type { CustomerDirectory, CustomerEntry } from '../../../schemas/customer-directory';

export class DirectoryError extends ConfigFileError {
  constructor(problems: string[], source?: string) {
    super('customer directory', problems, source);
    this.name = 'DirectoryError';
  }
}

/** Problems beyond this many are summarised: a broken export can otherwise produce 100,000 lines. */
export const MAX_REPORTED_PROBLEMS = 50;

/** A valid directory, or a `DirectoryError` listing the problems (the first 50, then a count). */
export function parseDirectory(json: unknown, opts: { source?: string } = {}): CustomerDirectory {
  if (Array.isArray(json) && json.length > MAX_DIRECTORY_ENTRIES) {
    // Checked before parsing so an oversized file fails fast.
    throw new DirectoryError(
      [`directory: has ${json.length.toLocaleString('en-GB')} entries; at most ${MAX_DIRECTORY_ENTRIES.toLocaleString('en-GB')}`],
      opts.source,
    );
  }
  const parsed = CustomerDirectorySchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = formatIssues(parsed.error, 'directory');
  if (problems.length > MAX_REPORTED_PROBLEMS) {
    const more = problems.length - MAX_REPORTED_PROBLEMS;
    problems.splice(MAX_REPORTED_PROBLEMS, more, `… and ${more} more problem${more === 1 ? '' : 's'}`);
  }
  throw new DirectoryError(problems, opts.source);
}

/** Reads and validates a directory file (`CUSTOMERS_FILE`). Throws `DirectoryError`. */
export async function loadDirectoryFile(path: string): Promise<CustomerDirectory> {
  const json = await readJsonFile(path, (problems, source) => new DirectoryError(problems, source));
  return parseDirectory(json, { source: basename(path) });
}

export interface DirectoryIndex {
  /** The entry for this author, or undefined. O(1). */
  lookup(platform: string, authorId: string): CustomerEntry | undefined;
  readonly size: number;
}

/** An O(1) index by (platform, authorId). Given duplicates (a parsed directory has none), the first entry wins. */
export function buildDirectoryIndex(entries: readonly CustomerEntry[]): DirectoryIndex {
  const byKey = new Map<string, CustomerEntry>();
  for (const e of entries) {
    const key = customerKey(e.platform, e.authorId);
    if (!byKey.has(key)) byKey.set(key, e);
  }
  return {
    lookup: (platform, authorId) => byKey.get(customerKey(platform, authorId)),
    get size() {
      return byKey.size;
    },
  };
}
