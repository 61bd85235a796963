/** Reads a variable the function cannot run without; read at cold start, so a missing one fails loudly at once. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`${name} environment variable is not set`);
  return value;
}
