/**
 * What the console is told about where it runs, written into its page by whoever serves it (console/page.ts): the
 * local stack (a bearer token typed into a form) or the deployed stack (Cognito managed login). Kept free of the
 * DOM so the page's renderer (Node) and tests share it.
 */

/** The labels the console's filters and the reclassify form offer: the API's own enums (schemas/), passed in. */
export interface ConsoleLabels {
  categories: readonly string[];
  urgencies: readonly string[];
  platforms: readonly string[];
}

interface CommonConfig {
  /** The staff API's base URL without a trailing slash; '' is the page's own origin. */
  apiBase: string;
  labels: ConsoleLabels;
  /** How often the queue reloads itself, in seconds. */
  refreshSeconds: number;
}

export interface LocalConfig extends CommonConfig {
  mode: 'local';
}

export interface CognitoConfig extends CommonConfig {
  mode: 'cognito';
  /** The managed login's base URL, https://<prefix>.auth.<region>.amazoncognito.com */
  signInUrl: string;
  clientId: string;
  /** Where Cognito sends the browser back with the code: the console's own URL (a registered callback). */
  redirectUri: string;
}

export type ConsoleConfig = LocalConfig | CognitoConfig;

/** The name of the `<meta>` whose `content` holds the config as JSON (no inline script: the CSP forbids it). */
export const CONFIG_META_NAME = 'social-care-console';

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * Reads the config a page carries. Checked by hand rather than with the API's zod schemas: the console ships to
 * phones and a schema library would be most of its weight; the page is written by this project's own renderer.
 */
export function parseConsoleConfig(json: string): ConsoleConfig {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(json) as Record<string, unknown>;
  } catch {
    throw new Error('the page carries no readable console configuration');
  }
  const labels = raw['labels'] as Record<string, unknown> | undefined;
  if (typeof raw['apiBase'] !== 'string' || !labels || !isStringList(labels['categories']) || !isStringList(labels['urgencies']) || !isStringList(labels['platforms'])) {
    throw new Error('the console configuration lacks the API base or the labels');
  }
  const common: CommonConfig = {
    apiBase: raw['apiBase'].replace(/\/+$/, ''),
    labels: { categories: labels['categories'], urgencies: labels['urgencies'], platforms: labels['platforms'] },
    refreshSeconds: typeof raw['refreshSeconds'] === 'number' && raw['refreshSeconds'] >= 1 ? raw['refreshSeconds'] : 15,
  };
  if (raw['mode'] === 'local') return { mode: 'local', ...common };
  if (raw['mode'] === 'cognito') {
    const { signInUrl, clientId, redirectUri } = raw;
    if (typeof signInUrl !== 'string' || typeof clientId !== 'string' || typeof redirectUri !== 'string' || !/^https:\/\//.test(signInUrl)) {
      throw new Error('the console configuration lacks the sign-in URL, the client id or the redirect URI');
    }
    return { mode: 'cognito', ...common, signInUrl: signInUrl.replace(/\/+$/, ''), clientId, redirectUri };
  }
  throw new Error('the console configuration names no sign-in mode');
}
