import { buildConsole } from '../console/build';
import { CONSOLE_LABELS, consoleHeaders, renderConsolePage } from '../console/page';
import type { StaticFile, StaticSite } from './http-front';

/** Where `npm start` serves the console. */
export const CONSOLE_PATH = '/console/';

/**
 * The console as the local stack serves it: the same build the deployed stack copies to S3, its page set up for the
 * local sign-in (the staff token typed into a form) and for the staff API on the same origin. The page is never
 * cached (it names the hashed assets), the assets always are. The headers are the deployed site's (lib/console-site.ts).
 */
export function localConsoleSite(options: { refreshSeconds?: number } = {}): StaticSite {
  const build = buildConsole();
  const files = new Map<string, StaticFile>();
  for (const [name, file] of build.files) files.set(name, { ...file, cacheControl: 'public, max-age=31536000, immutable' });
  const page = renderConsolePage(
    { mode: 'local', apiBase: '', labels: CONSOLE_LABELS, refreshSeconds: options.refreshSeconds ?? 15 },
    { script: build.script, stylesheet: build.stylesheet },
  );
  files.set('index.html', { body: Buffer.from(page), contentType: 'text/html; charset=utf-8', cacheControl: 'no-store' });
  return {
    prefix: CONSOLE_PATH,
    files,
    headers: consoleHeaders(),
  };
}
