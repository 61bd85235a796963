/**
 * Captures what the handlers log (Powertools writes through the console in dev mode) into `into`, one string per
 * call, at `logLevel`; with `stdout`, raw writes to process.stdout too. Returns the function that puts everything
 * back (the handlers silent again, as the test setup leaves them).
 */
export function captureConsole(into: string[], options: { logLevel: 'DEBUG' | 'INFO'; stdout?: boolean }): () => void {
  process.env.POWERTOOLS_LOG_LEVEL = options.logLevel;
  const restore: (() => void)[] = [() => (process.env.POWERTOOLS_LOG_LEVEL = 'SILENT')];
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => void into.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    restore.push(() => (console[level] = original));
  }
  if (options.stdout) {
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
      into.push(String(chunk));
      return write(chunk as never, ...(rest as never[]));
    }) as typeof process.stdout.write;
    restore.push(() => (process.stdout.write = write));
  }
  return () => {
    for (const undo of restore.splice(0)) undo();
  };
}
