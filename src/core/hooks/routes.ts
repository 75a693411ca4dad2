import { PushPullError } from '../errors';

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
  /** Each captured hook is also sent here, with the original method, path, query, headers and body. */
  readonly forwardTo?: string;
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
  return value.map((raw, index) => parseRoute(raw, `routes[${index}]`));
}

function parseRoute(raw: unknown, where: string): Route {
  if (!isRecord(raw)) throw new RouteConfigError(`${where} must be an object.`);
  const pathPrefix = raw.pathPrefix ?? raw.path;
  if (typeof pathPrefix !== 'string' || !pathPrefix.startsWith('/')) {
    throw new RouteConfigError(`${where}.pathPrefix must be a path starting with "/".`);
  }
  const name = raw.name === undefined ? pathPrefix : raw.name;
  if (typeof name !== 'string' || name.trim() === '')
    throw new RouteConfigError(`${where}.name must be a non-empty string.`);
  const route: { -readonly [K in keyof Route]: Route[K] } = { name, pathPrefix: trimSlash(pathPrefix) };
  if (raw.response !== undefined) route.response = parseResponse(raw.response, `${where}.response`);
  if (raw.forwardTo !== undefined) {
    if (typeof raw.forwardTo !== 'string' || !/^https?:\/\//.test(raw.forwardTo) || !URL.canParse(raw.forwardTo)) {
      throw new RouteConfigError(`${where}.forwardTo must be an http:// or https:// URL.`);
    }
    route.forwardTo = raw.forwardTo;
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
  const body = raw.body;
  if (body !== undefined && typeof body !== 'string') throw new RouteConfigError(`${where}.body must be a string.`);
  const delayMs = raw.delayMs ?? 0;
  if (typeof delayMs !== 'number' || delayMs < 0 || delayMs > MAX_DELAY_MS) {
    throw new RouteConfigError(`${where}.delayMs must be between 0 and ${MAX_DELAY_MS}.`);
  }
  return { status, headers: { ...(headers as Record<string, string>) }, body, delayMs };
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
