/**
 * Errors as they may be told. An error's message can quote what it choked on — an author's name, a post, an address
 * (an SDK error, a bug) — so logs carry an error's name only. A state machine step's error ends up in Lambda's log
 * and, as the execution's cause, in 90 days of Step Functions history: a step throws StepFailed, worded with tiers,
 * counts and error names only, and the steps handler passes on nothing of any other error but its name.
 */

/** A step that could not do its work, said without data. */
export class StepFailed extends Error {
  override readonly name = 'StepFailed';
}

/** The name of an error: a word fit for a log line, never its message. */
export function errorName(err: unknown): string {
  const name = err instanceof Error ? err.name : undefined;
  return name && /^[A-Za-z][\w.:-]{0,79}$/.test(name) ? name : 'Error';
}
