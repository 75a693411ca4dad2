import type { HookMeta } from '../model/hook';
import type { ListenerAnswer } from './harAnswer';
import { httpTarget, utf8Text, wireBytes } from './shared';

export interface HarEntryInput {
  readonly hook: HookMeta;
  readonly body: Uint8Array;
  /** What the listener answered (`listenerAnswer`); without it the response has the status only. */
  readonly answer?: ListenerAnswer;
}

type Pairs = Array<{ name: string; value: string }>;

const pairs = (list: ReadonlyArray<readonly [string, string]>): Pairs => list.map(([name, value]) => ({ name, value }));

/** A HAR 1.2 log of received hooks: each request as received, each response as PushPull answered it. */
export function toHar(entries: readonly HarEntryInput[], creatorVersion: string): Record<string, unknown> {
  return {
    log: {
      version: '1.2',
      creator: { name: 'PushPull', version: creatorVersion },
      pages: [],
      entries: entries.map(harEntry),
    },
  };
}

function harEntry({ hook, body, answer }: HarEntryInput): Record<string, unknown> {
  const text = utf8Text(body);
  const mimeType = hook.contentType ?? 'application/octet-stream';
  const { url, notes } = harUrl(hook);
  const request: Record<string, unknown> = {
    method: hook.method,
    url,
    httpVersion: `HTTP/${hook.httpVersion}`,
    cookies: [],
    headers: pairs(hook.headers),
    queryString: pairs(hook.query),
    headersSize: -1,
    bodySize: hook.bodySize,
    ...(notes.length > 0 ? { comment: `The URL differs from the request as received: ${notes.join('; ')}.` } : {}),
  };
  if (body.length > 0) {
    // HAR 1.2 names `encoding` for response content only; binary request bodies carry the same field (the schema
    // allows it) and a comment saying so, for readers that do not know it.
    request.postData =
      text === undefined
        ? {
            mimeType,
            text: Buffer.from(body).toString('base64'),
            encoding: 'base64',
            comment: 'base64-encoded binary body',
          }
        : { mimeType, text };
  }
  return {
    startedDateTime: new Date(hook.receivedAt).toISOString(),
    time: Math.max(0, Math.round(hook.bodyMs)),
    request,
    response: harResponse(hook, answer),
    cache: {},
    timings: { send: 0, wait: 0, receive: Math.max(0, Math.round(hook.bodyMs)) },
    _id: hook.id,
    ...(hook.route ? { _route: hook.route } : {}),
  };
}

/** The response as the listener answered: status, and headers and body when `answer` tells them. */
function harResponse(hook: HookMeta, answer: ListenerAnswer | undefined): Record<string, unknown> {
  const headers = answer?.headers ?? [];
  const mimeType = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? 'application/json';
  const body = answer?.body;
  const size = body === undefined ? 0 : Buffer.byteLength(body);
  return {
    status: hook.answerStatus,
    statusText: '',
    httpVersion: `HTTP/${hook.httpVersion}`,
    cookies: [],
    headers: pairs(headers),
    content: body === undefined ? { size, mimeType } : { size, mimeType, text: body },
    redirectURL: '',
    headersSize: -1,
    bodySize: body === undefined ? -1 : size,
    ...(answer?.comment ? { comment: answer.comment } : {}),
  };
}

/**
 * The request's absolute http(s) URL, always one that URL parsers accept: an invalid Host is replaced (the Host header
 * stays in `headers` as received) and characters a URL cannot hold are percent-encoded.
 */
function harUrl(hook: HookMeta): { url: string; notes: string[] } {
  const { scheme, authority, target, notes } = httpTarget(hook, hook.fullUrl);
  const encoded = encodeTarget(target);
  const all = encoded === target ? [...notes] : [...notes, 'characters not allowed in a URL are percent-encoded'];
  return { url: `${scheme}://${authority}${encoded}`, notes: all };
}

/** Path and query with every character outside RFC 3986's path/query set percent-encoded (valid escapes kept). */
function encodeTarget(target: string): string {
  return target.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]+/g, (run) =>
    Array.from(wireBytes(run), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}
