import type { SentBody } from '../model/pulled';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Headers that describe the body: they go when a redirect turns the request into a GET without one. */
const BODY_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
]);

/** Headers with credentials, which do not follow a redirect to another origin (as curl and browsers do). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

export interface Hop {
  readonly method: string;
  readonly url: URL;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: SentBody;
}

/** The Location an answer redirects to, resolved against `url`; undefined when it is not a redirect. */
export function redirectTarget(
  status: number,
  headers: ReadonlyArray<readonly [string, string]>,
  url: URL,
): URL | undefined {
  if (!REDIRECTS.has(status)) return undefined;
  const location = headers.find(([name]) => name.toLowerCase() === 'location')?.[1];
  if (location === undefined || location.trim() === '') return undefined;
  return URL.canParse(location.trim(), url.href) ? new URL(location.trim(), url) : undefined;
}

/**
 * The request that follows a redirect: 301 and 302 turn a POST into a GET without its body, 303 turns anything
 * but HEAD into one, 307 and 308 keep method and body (as browsers and `curl -L` do). Credentials are dropped when
 * the origin changes.
 */
export function nextHop(hop: Hop, status: number, target: URL): Hop {
  const toGet = status === 303 ? hop.method !== 'HEAD' : (status === 301 || status === 302) && hop.method === 'POST';
  const sameOrigin = target.origin === hop.url.origin;
  const url = new URL(target.href);
  if (sameOrigin && url.username === '' && url.password === '') {
    url.username = hop.url.username;
    url.password = hop.url.password;
  }
  const headers = hop.headers.filter(([name]) => {
    const lower = name.toLowerCase();
    if (toGet && BODY_HEADERS.has(lower)) return false;
    return sameOrigin || !CREDENTIAL_HEADERS.has(lower);
  });
  return {
    method: toGet ? 'GET' : hop.method,
    url,
    headers,
    body: toGet ? { kind: 'none' } : hop.body,
  };
}
