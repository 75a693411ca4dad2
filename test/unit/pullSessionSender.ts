import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { RequestError, toRequestError } from '../../src/core/http/errors';
import type { BodyRef, OutgoingRequest, PulledResponse } from '../../src/core/model/pulled';

export interface TestSendOptions {
  readonly signal?: AbortSignal;
  readonly spillDir: string;
  readonly memoryThresholdBytes: number;
}

/**
 * A small real sender on node:http for the session's tests, with the pull sender's contract: GET only, the body
 * kept in memory up to the threshold and written to a file in `spillDir` beyond it, the file removed on failure.
 */
export function pullSender(request: OutgoingRequest, options: TestSendOptions): Promise<PulledResponse> {
  const started = performance.now();
  return new Promise<PulledResponse>((resolve, reject) => {
    const fail = (error: unknown, file?: string): void => {
      if (file) fs.rmSync(file, { force: true });
      reject(
        options.signal?.aborted
          ? new RequestError('CANCELLED', 'The request was cancelled.', error)
          : toRequestError(error, request.url),
      );
    };
    const req = http.get(request.url, { signal: options.signal }, (res) => {
      const head = performance.now();
      const chunks: Buffer[] = [];
      let size = 0;
      let file: string | undefined;
      let out: fs.WriteStream | undefined;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (!out && size > options.memoryThresholdBytes) {
          file = path.join(options.spillDir, `${randomUUID()}.body`);
          out = fs.createWriteStream(file, { mode: 0o600 });
          for (const c of chunks.splice(0)) out.write(c);
        }
        if (out) out.write(chunk);
        else chunks.push(chunk);
      });
      res.on('error', (error) => fail(error, file));
      res.on('aborted', () => fail(new Error('aborted'), file));
      res.on('end', () => {
        const done = (raw: BodyRef): void => {
          const now = performance.now();
          resolve({
            url: request.url,
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            httpVersion: res.httpVersion,
            headers: pairs(res.rawHeaders),
            raw,
            decoded: raw,
            truncated: false,
            timings: { firstByte: head - started, download: now - head, total: now - started, reusedConnection: false },
            redirects: [],
          });
        };
        if (out && file) {
          const spilled = file;
          out.end(() => done({ kind: 'file', path: spilled, size }));
        } else done({ kind: 'memory', bytes: new Uint8Array(Buffer.concat(chunks)) });
      });
    });
    req.on('error', (error) => fail(error));
  });
}

function pairs(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}
