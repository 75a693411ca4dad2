import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { type BodyRef, bodySize, type PulledResponse } from '../core/model/pulled';
import { printable, terminalSafeJson } from './format';
import { write } from './io';

/** Bodies up to this size are given as text in `--json-out` (when they are UTF-8); larger ones as a file. */
export const JSON_BODY_BYTES = 1024 * 1024;

/** `200 OK · 123 ms · 4.2 KB`, for stderr. */
export function summaryLine(response: PulledResponse): string {
  const status = `${response.status}${response.statusText ? ` ${printable(response.statusText.slice(0, 80))}` : ''}`;
  const cut = response.truncated ? ' (cut by the size limit)' : '';
  return `${status} · ${Math.round(response.timings.total)} ms · ${formatSize(bodySize(response.decoded))}${cut}\n`;
}

/** The status line and headers as they came, escaped for the terminal, then a blank line. */
export function headLines(response: PulledResponse): string {
  const lines = [`HTTP/${response.httpVersion} ${response.status} ${printable(response.statusText)}`.trimEnd()];
  for (const [name, value] of response.headers) lines.push(`${printable(name)}: ${printable(value)}`);
  return `${lines.join('\n')}\n\n`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Writes the body to `file` (0600 when new): a copy of the spill file for big bodies, never read whole. */
export async function saveBody(body: BodyRef, file: string): Promise<void> {
  if (body.kind === 'file') {
    await pipeline(fs.createReadStream(body.path), fs.createWriteStream(file, { mode: 0o600 }));
  } else {
    await fsp.writeFile(file, body.bytes, { mode: 0o600 });
  }
}

/** Writes the body to `stream` as bytes, chunk by chunk with backpressure for a body in a file. */
export async function printBody(body: BodyRef, stream: NodeJS.WritableStream): Promise<void> {
  if (body.kind === 'memory') {
    if (body.bytes.length > 0) await write(stream, body.bytes);
    return;
  }
  for await (const chunk of fs.createReadStream(body.path) as AsyncIterable<Buffer>) await write(stream, chunk);
}

/**
 * The answer as one JSON object: status, headers, timings, redirects, size, and the body as `body` (UTF-8 text
 * up to JSON_BODY_BYTES), `bodyBase64` (other small bodies) or `bodyFile` (where it was written).
 */
export function jsonOut(response: PulledResponse, bodyFile: string | undefined): string {
  const size = bodySize(response.decoded);
  const out: Record<string, unknown> = {
    url: response.url,
    status: response.status,
    statusText: response.statusText,
    httpVersion: response.httpVersion,
    headers: response.headers,
    timings: response.timings,
    redirects: response.redirects,
    size,
    truncated: response.truncated,
    ...(response.encoding === undefined ? {} : { encoding: response.encoding }),
    ...(response.decodeError === undefined ? {} : { decodeError: response.decodeError }),
  };
  if (bodyFile !== undefined) out.bodyFile = bodyFile;
  else if (response.decoded.kind === 'memory') {
    const text = utf8(response.decoded.bytes);
    if (text === undefined) out.bodyBase64 = Buffer.from(response.decoded.bytes).toString('base64');
    else out.body = text;
  }
  return `${terminalSafeJson(out, 2)}\n`;
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
