import { validateHeaderName, validateHeaderValue } from 'node:http';
import { PushPullError } from '../errors';
import { isHttpUrl } from '../http/url';
import { ACCEPTED_PROVIDER_NAMES, resolveProvider } from '../verify/registry';
import type { HmacOptions } from '../verify/types';
import type { ProviderName } from '../model/verdict';

export interface RouteResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent as is; when absent PushPull answers `{"ok":true,"id":"<hook id>"}`. */
  readonly body?: string;
  readonly delayMs: number;
}

export interface Route {
  readonly name: string;
  /** Matches this path and everything below it (`/github` matches `/github/push`, not `/githubx`). */
  readonly pathPrefix: string;
  readonly response?: RouteResponse;
  /** Each captured hook is also sent here, with the original method, headers and body: to this URL exactly. */
  readonly forwardTo?: string;
  /** The hook's path and query go after `forwardTo`'s path (`/in` + `/github?x=1`) instead of calling it as given. */
  readonly keepPath?: boolean;
  /** The signature scheme of this route's hooks; its secret is kept outside the settings. */
  readonly provider?: ProviderName;
  /** Settings of the generic `hmac` scheme. */
  readonly hmac?: HmacOptions;
  /** The URL the provider calls when it reaches the listener through a tunnel (Twilio signs the URL). */
  readonly publicUrl?: string;
  /** CLI: the environment variable that holds this route's signing secret. */
  readonly secretEnv?: string;
}

export class RouteConfigError extends PushPullError {
  constructor(message: string) {
    super('INVALID_ROUTES', message);
  }
}

const MAX_DELAY_MS = 60_000;

/** Validates routes from settings or a JSON file; the error names the route and field that is wrong. */
export function parseRoutes(value: unknown): Route[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RouteConfigError('Routes must be a JSON array of route objects.');
  const routes = value.map((raw, index) => parseRoute(raw, `routes[${index}]`));
  // A name finds the route's signing secret: two routes with one name would share it without saying so.
  const seen = new Map<string, number>();
  for (const [index, route] of routes.entries()) {
    const first = seen.get(route.name);
    if (first !== undefined) {
      throw new RouteConfigError(`routes[${index}].name "${route.name}" is also the name of routes[${first}].`);
    }
    seen.set(route.name, index);
  }
  return routes;
}

function parseRoute(raw: unknown, where: string): Route {
  if (!isRecord(raw)) throw new RouteConfigError(`${where} must be an object.`);
  const pathPrefix = raw.pathPrefix ?? raw.path;
  if (typeof pathPrefix !== 'string' || !pathPrefix.startsWith('/')) {
    throw new RouteConfigError(`${where}.pathPrefix must be a path starting with "/".`);
  }
  if (/[?#]/.test(pathPrefix)) {
    throw new RouteConfigError(`${where}.pathPrefix is matched against the path only: it cannot hold "?" or "#".`);
  }
  const name = raw.name === undefined ? pathPrefix : raw.name;
  if (typeof name !== 'string' || name.trim() === '')
    throw new RouteConfigError(`${where}.name must be a non-empty string.`);
  const route: { -readonly [K in keyof Route]: Route[K] } = { name, pathPrefix: trimSlash(pathPrefix) };
  if (raw.response !== undefined) route.response = parseResponse(raw.response, `${where}.response`);
  if (raw.forwardTo !== undefined) {
    if (typeof raw.forwardTo !== 'string' || !isHttpUrl(raw.forwardTo)) {
      throw new RouteConfigError(`${where}.forwardTo must be an http:// or https:// URL.`);
    }
    route.forwardTo = raw.forwardTo;
  }
  if (raw.keepPath !== undefined) {
    if (typeof raw.keepPath !== 'boolean') throw new RouteConfigError(`${where}.keepPath must be true or false.`);
    if (raw.keepPath) route.keepPath = true;
  }
  if (raw.provider !== undefined) {
    const provider = typeof raw.provider === 'string' ? resolveProvider(raw.provider) : undefined;
    if (!provider)
      throw new RouteConfigError(`${where}.provider must be one of ${ACCEPTED_PROVIDER_NAMES.join(', ')}.`);
    route.provider = provider;
  }
  if (raw.hmac !== undefined) route.hmac = parseHmac(raw.hmac, `${where}.hmac`);
  if (route.provider === 'hmac' && !route.hmac) {
    throw new RouteConfigError(`${where}.hmac is needed with provider "hmac": at least { "header": "X-Signature" }.`);
  }
  if (raw.publicUrl !== undefined) {
    if (typeof raw.publicUrl !== 'string' || !isHttpUrl(raw.publicUrl)) {
      throw new RouteConfigError(`${where}.publicUrl must be an http:// or https:// URL.`);
    }
    route.publicUrl = raw.publicUrl;
  }
  if (raw.secretEnv !== undefined) {
    if (typeof raw.secretEnv !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(raw.secretEnv)) {
      throw new RouteConfigError(`${where}.secretEnv must be the name of an environment variable.`);
    }
    route.secretEnv = raw.secretEnv;
  }
  return route;
}

function parseResponse(raw: unknown, where: string): RouteResponse {
  if (!isRecord(raw)) throw new RouteConfigError(`${where} must be an object.`);
  const status = raw.status ?? 200;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    throw new RouteConfigError(`${where}.status must be a whole number from 200 to 599.`);
  }
  const headers = raw.headers ?? {};
  if (!isRecord(headers) || !Object.values(headers).every((v) => typeof v === 'string')) {
    throw new RouteConfigError(`${where}.headers must map header names to string values.`);
  }
  for (const [name, value] of Object.entries(headers)) checkHeader(name, value as string, `${where}.headers`);
  const body = raw.body;
  if (body !== undefined && typeof body !== 'string') throw new RouteConfigError(`${where}.body must be a string.`);
  const delayMs = raw.delayMs ?? 0;
  if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > MAX_DELAY_MS) {
    throw new RouteConfigError(`${where}.delayMs must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}.`);
  }
  return { status, headers: { ...(headers as Record<string, string>) }, body, delayMs };
}

/** Headers PushPull writes itself: a route's own value would contradict the body it sends. */
const MANAGED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade']);

/** A header Node would refuse to send is refused here, where the route is read, not when a hook arrives. */
function checkHeader(name: string, value: string, where: string): void {
  try {
    validateHeaderName(name);
  } catch {
    throw new RouteConfigError(`${where}: ${JSON.stringify(name)} is not a valid header name.`);
  }
  if (MANAGED_HEADERS.has(name.toLowerCase())) {
    throw new RouteConfigError(`${where}: ${name} is set by PushPull from the response body; leave it out.`);
  }
  try {
    validateHeaderValue(name, value);
  } catch {
    throw new RouteConfigError(
      `${where}.${name}: the value has characters a header cannot carry (line breaks or control characters).`,
    );
  }
}

function parseHmac(raw: unknown, where: string): HmacOptions {
  if (!isRecord(raw) || typeof raw.header !== 'string' || raw.header.trim() === '') {
    throw new RouteConfigError(`${where}.header must name the header that carries the signature.`);
  }
  const { algorithm, encoding, prefix } = raw;
  if (algorithm !== undefined && (typeof algorithm !== 'string' || !/^sha(1|224|256|384|512)$/i.test(algorithm))) {
    throw new RouteConfigError(`${where}.algorithm must be sha1, sha256, sha384 or sha512.`);
  }
  if (encoding !== undefined && encoding !== 'hex' && encoding !== 'base64') {
    throw new RouteConfigError(`${where}.encoding must be "hex" or "base64".`);
  }
  if (prefix !== undefined && typeof prefix !== 'string')
    throw new RouteConfigError(`${where}.prefix must be a string.`);
  return {
    header: raw.header,
    ...(algorithm ? { algorithm: algorithm.toLowerCase() } : {}),
    ...(encoding ? { encoding } : {}),
    ...(prefix !== undefined ? { prefix } : {}),
  };
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The route with the longest prefix that contains `path`, or undefined. */
export function matchRoute(routes: readonly Route[], path: string): Route | undefined {
  let best: Route | undefined;
  for (const route of routes) {
    const prefix = route.pathPrefix;
    const hit = prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
    if (hit && (!best || prefix.length > best.pathPrefix.length)) best = route;
  }
  return best;
}
