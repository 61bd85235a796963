/**
 * The console's calls to the staff API (docs/staff-api.md), and what each failure means in words a person can act
 * on. The token and `fetch` are passed in, so tests drive it without a browser.
 */

export type ApiResult<T> = { ok: true; body: T } | { ok: false; status: number; message: string };

export interface StaffApiPorts {
  /** The staff API's base URL ('' for the page's own origin). */
  base: string;
  /** The bearer token now (renewed by the sign-in when it is near its expiry); undefined when signed out. */
  token: () => Promise<string | undefined>;
  fetch: typeof fetch;
}

/** The answers the console explains itself; anything else reads with its status. */
export function failureMessage(status: number, serverError: string | undefined, doing: string): string {
  const said = serverError ? `: ${serverError}` : '';
  switch (status) {
    case 0:
      return `Could not reach the staff API while ${doing}. Check your connection; the console keeps trying.`;
    case 401:
      return 'Your sign-in has expired or was not accepted. Sign in again.';
    case 403:
      return `You are not allowed to do this${said}.`;
    case 404:
      return 'That case does not exist (it may have been erased).';
    case 409:
      return `The case has moved on${said} (someone may have got there first). The case below is as it is now.`;
    case 429:
      return 'The staff API is busy. Wait a moment and try again.';
    default:
      if (status >= 500) return `The staff API failed while ${doing} (status ${status}). Try again; if it goes on, tell whoever runs the stack.`;
      return `The staff API refused this (status ${status})${said}.`;
  }
}

async function call<T>(ports: StaffApiPorts, path: string, doing: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  const token = await ports.token();
  if (!token) return { ok: false, status: 401, message: failureMessage(401, undefined, doing) };
  let res: Response;
  try {
    res = await ports.fetch(`${ports.base}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` },
      // Never the browser's HTTP cache: the queue must be now.
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    return { ok: false, status: 0, message: failureMessage(0, undefined, doing) };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (res.ok) return { ok: true, body: body as T };
  const error = body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : undefined;
  return { ok: false, status: res.status, message: failureMessage(res.status, error, doing) };
}

export interface Me {
  id: string;
  name: string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** The calls the console makes; `C` is the case shape it reads. */
export function staffApi<C>(ports: StaffApiPorts) {
  return {
    me: () => call<Me>(ports, '/api/me', 'checking who is signed in'),
    list: (query: string) => call<Page<C>>(ports, query, 'loading the queue'),
    get: (id: string, timelineNextToken?: string) =>
      call<C>(ports, `/api/cases/${encodeURIComponent(id)}${timelineNextToken ? `?timelineNextToken=${encodeURIComponent(timelineNextToken)}` : ''}`, 'loading the case'),
    act: (id: string, action: 'acknowledge' | 'assign' | 'responded' | 'resolve' | 'reclassify', body?: Record<string, string>) =>
      call<C>(ports, `/api/cases/${encodeURIComponent(id)}/${action}`, 'saving the action', {
        method: 'POST',
        ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
      }),
  };
}

export type StaffApi<C> = ReturnType<typeof staffApi<C>>;
