import * as fsp from 'node:fs/promises';
import type { BodyRef, PulledResponse } from '../model/pulled';
import type { PreparedRequest } from '../pull/session';
import { MAX_QUERIED_BODY_BYTES } from './bodyQuery';
import type { SentExchange } from './references';

/** What references and assertions read of an answered request: its body read up to the bytes queries read. */
export async function sentExchangeOf(prepared: PreparedRequest, response: PulledResponse): Promise<SentExchange> {
  const { request } = prepared;
  return {
    request,
    requestBody: request.body.kind === 'bytes' ? request.body.bytes : undefined,
    status: response.status,
    headers: response.headers,
    body: await boundedBody(response.decoded),
  };
}

/** The body's bytes, or undefined when it is larger than queries read or its file is gone. */
async function boundedBody(body: BodyRef): Promise<Uint8Array | undefined> {
  if (body.kind === 'memory') return body.bytes.length <= MAX_QUERIED_BODY_BYTES ? body.bytes : undefined;
  if (body.size > MAX_QUERIED_BODY_BYTES) return undefined;
  try {
    const bytes = await fsp.readFile(body.path);
    return bytes.length <= MAX_QUERIED_BODY_BYTES ? bytes : undefined;
  } catch {
    return undefined;
  }
}
