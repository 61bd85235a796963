import { buildSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds the console's script and stylesheet with esbuild, once, for both the local stack (served at /console/) and
 * the deployed stack (copied to its S3 bucket): minified, content-hashed names, no source maps shipped. Synchronous
 * because CDK constructs are built synchronously; it takes well under a second.
 */

export interface ConsoleFile {
  body: Buffer;
  contentType: string;
}

export interface ConsoleBuild {
  /** By file name (hashed): the script and the stylesheet. */
  files: ReadonlyMap<string, ConsoleFile>;
  script: string;
  stylesheet: string;
}

const SOURCE = path.join(__dirname, 'src');
export const ICON = 'icon.svg';

/** Browsers of the last few years, phones included: what the console's syntax may assume. */
export const CONSOLE_TARGETS = ['chrome111', 'edge111', 'firefox114', 'safari16.4'];

let cached: ConsoleBuild | undefined;

export function buildConsole(): ConsoleBuild {
  if (cached) return cached;
  const out = buildSync({
    entryPoints: { app: path.join(SOURCE, 'main.ts'), style: path.join(SOURCE, 'style.css') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: CONSOLE_TARGETS,
    outdir: 'console-build',
    entryNames: '[name].[hash]',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const files = new Map<string, ConsoleFile>();
  let script = '';
  let stylesheet = '';
  for (const file of out.outputFiles) {
    const name = path.basename(file.path);
    const isScript = name.endsWith('.js');
    files.set(name, { body: Buffer.from(file.contents), contentType: isScript ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8' });
    if (isScript) script = name;
    else if (name.endsWith('.css')) stylesheet = name;
  }
  if (!script || !stylesheet) throw new Error('the console build made no script or no stylesheet');
  // The tab's icon: a browser asks for one whatever the page says, and a 404 is noise in every log.
  files.set(ICON, { body: readFileSync(path.join(SOURCE, ICON)), contentType: 'image/svg+xml' });
  cached = { files, script, stylesheet };
  return cached;
}
