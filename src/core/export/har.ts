import type { HookMeta } from '../hooks/capture';
import { utf8Text } from './shared';

export interface HarEntryInput {
  readonly hook: HookMeta;
  readonly body: Uint8Array;
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

function harEntry({ hook, body }: HarEntryInput): Record<string, unknown> {
  const text = utf8Text(body);
  const mimeType = hook.contentType ?? 'application/octet-stream';
  const request: Record<string, unknown> = {
    method: hook.method,
    url: hook.fullUrl,
    httpVersion: `HTTP/${hook.httpVersion}`,
    cookies: [],
    headers: pairs(hook.headers),
    queryString: pairs(hook.query),
    headersSize: -1,
    bodySize: hook.bodySize,
  };
  if (body.length > 0) {
    // HAR has no encoding field for request bodies; binary ones are base64 with a comment saying so.
    request.postData =
      text === undefined
        ? { mimeType, text: Buffer.from(body).toString('base64'), comment: 'base64-encoded binary body' }
        : { mimeType, text };
  }
  return {
    startedDateTime: new Date(hook.receivedAt).toISOString(),
    time: Math.max(0, Math.round(hook.bodyMs)),
    request,
    response: {
      status: hook.answerStatus,
      statusText: '',
      httpVersion: `HTTP/${hook.httpVersion}`,
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'application/json' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: Math.max(0, Math.round(hook.bodyMs)) },
    _id: hook.id,
    ...(hook.route ? { _route: hook.route } : {}),
  };
}
