/**
 * Where a zod issue sits, in the notation people read in logs and error pages: `['entry', 0, 'changes', 1]` →
 * `entry[0].changes[1]`; an empty path is `root` (the whole body or file). Only keys and indices, never values.
 */
export function formatPath(path: readonly PropertyKey[], root = 'body'): string {
  if (path.length === 0) return root;
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
