import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { BodyRef, PulledExchange, SentBody } from '../../model/pulled';
import { PRIVATE_FILE } from '../../privateFiles';
import { fsyncDir, isNotFound, removeIfExists } from '../journal/files';
import { FILE_DECODED, FILE_RAW, FILE_REQUEST } from './entry';
import { HistoryExchangeError } from './errors';
import { INLINE_BODY_BYTES } from './limits';
import { MASK, maskBytes } from './mask';
import type { PlacedBodies, StoredBody } from './records';

/** Where an exchange's bodies go, and the secret values to take out of its request body. */
export interface BodyPlacement {
  readonly bodiesDir: string;
  readonly spillDir: string;
  readonly secrets: readonly string[];
}

/**
 * Puts the bodies of `exchange` where the history keeps them: small ones in the record, larger ones in files of
 * `bodies/` named by the exchange's id, synced. Response body files (the sender's spill) are moved; a request body
 * file is moved when it is in the spill folder, else copied (it is the user's own file). A request body is kept
 * as sent, but for the secret values in it. On failure, the files made so far are removed.
 */
export async function placeBodies(exchange: PulledExchange, where: BodyPlacement): Promise<PlacedBodies> {
  const inline: Uint8Array[] = [];
  let inlineAt = 0;
  let files = 0;
  const made: string[] = [];
  const keepBytes = async (bytes: Uint8Array, bit: number, suffix: string): Promise<StoredBody> => {
    if (bytes.length <= INLINE_BODY_BYTES) {
      inline.push(bytes);
      inlineAt += bytes.length;
      return { k: 'in', at: inlineAt - bytes.length, len: bytes.length };
    }
    const name = `${exchange.id}.${suffix}`;
    made.push(path.join(where.bodiesDir, name));
    await writeSynced(path.join(where.bodiesDir, name), bytes);
    files |= bit;
    return { k: 'file', f: name, size: bytes.length };
  };
  const keepFile = async (from: string, bit: number, suffix: string, move: boolean, secrets: readonly string[]) => {
    const name = `${exchange.id}.${suffix}`;
    const to = path.join(where.bodiesDir, name);
    made.push(to);
    const size = await transfer(from, to, move, secrets);
    files |= bit;
    return { k: 'file', f: name, size } as const;
  };
  try {
    const { request, response } = exchange;
    const requestBody = await placeRequest(request.body, where, keepBytes, keepFile);
    const raw = await placeResponse(response.raw, FILE_RAW, 'raw', keepBytes, keepFile);
    const same = response.decoded === response.raw || sameFile(response.decoded, response.raw);
    const decoded = same ? 'raw' : await placeResponse(response.decoded, FILE_DECODED, 'res', keepBytes, keepFile);
    if (made.length > 0) await fsyncDir(where.bodiesDir);
    const sizeOf = (body: StoredBody): number => (body.k === 'in' ? body.len : body.k === 'file' ? body.size : 0);
    const decodedSize = decoded === 'raw' ? sizeOf(raw) : sizeOf(decoded);
    const bytes = sizeOf(requestBody) + sizeOf(raw) + (decoded === 'raw' ? 0 : decodedSize);
    return { request: requestBody, raw, decoded, inline, files, bytes, decodedSize };
  } catch (error) {
    for (const file of made) await removeIfExists(file).catch(() => undefined);
    throw error;
  }
}

type KeepBytes = (bytes: Uint8Array, bit: number, suffix: string) => Promise<StoredBody>;
type KeepFile = (
  from: string,
  bit: number,
  suffix: string,
  move: boolean,
  secrets: readonly string[],
) => Promise<StoredBody>;

function placeRequest(body: SentBody, where: BodyPlacement, keepBytes: KeepBytes, keepFile: KeepFile) {
  if (body.kind === 'none') return Promise.resolve<StoredBody>({ k: 'none' });
  if (body.kind === 'bytes') return keepBytes(maskBytes(body.bytes, where.secrets), FILE_REQUEST, 'req');
  return keepFile(body.path, FILE_REQUEST, 'req', isInside(body.path, where.spillDir), where.secrets);
}

function placeResponse(body: BodyRef, bit: number, suffix: string, keepBytes: KeepBytes, keepFile: KeepFile) {
  return body.kind === 'memory' ? keepBytes(body.bytes, bit, suffix) : keepFile(body.path, bit, suffix, true, []);
}

function sameFile(a: BodyRef, b: BodyRef): boolean {
  return a.kind === 'file' && b.kind === 'file' && path.resolve(a.path) === path.resolve(b.path);
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, path.resolve(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Moves (rename; copy and unlink across devices) or copies `from` to `to` (0600, synced); its size. */
async function transfer(from: string, to: string, move: boolean, secrets: readonly string[]): Promise<number> {
  try {
    if (secrets.length > 0) {
      const size = await copyMasked(from, to, secrets);
      if (move) await removeIfExists(from);
      return size;
    }
    if (move) {
      try {
        await fsp.rename(from, to);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        await fsp.copyFile(from, to, fs.constants.COPYFILE_EXCL);
        await fsp.unlink(from);
      }
    } else {
      await fsp.copyFile(from, to, fs.constants.COPYFILE_EXCL);
    }
    return await syncPrivate(to);
  } catch (error) {
    if (isNotFound(error)) {
      throw new HistoryExchangeError(`The body file ${from} is gone, so the exchange was not kept in the history.`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Makes `file` 0600 and durable; its size. */
async function syncPrivate(file: string): Promise<number> {
  const handle = await fsp.open(file, 'r+');
  try {
    await handle.chmod(PRIVATE_FILE);
    await handle.datasync();
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

async function writeSynced(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await fsp.open(file, 'wx', PRIVATE_FILE);
  try {
    await handle.chmod(PRIVATE_FILE);
    await handle.writeFile(bytes);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

const CHUNK = 1024 * 1024;

/** Copies `from` to `to` with every secret value replaced by `•••`, also across chunk ends; the bytes written. */
async function copyMasked(from: string, to: string, secrets: readonly string[]): Promise<number> {
  const needles = secrets.map((secret) => Buffer.from(secret));
  const keep = Math.max(...needles.map((n) => n.length)) - 1;
  const mask = Buffer.from(MASK);
  const input = await fsp.open(from, 'r');
  const output = await fsp.open(to, 'wx', PRIVATE_FILE);
  let written = 0;
  try {
    await output.chmod(PRIVATE_FILE);
    let carry = Buffer.alloc(0);
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await input.read(chunk, 0, CHUNK, null);
      const data = Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      const last = bytesRead === 0;
      const safe = last ? data.length : Math.max(0, data.length - keep);
      const parts: Buffer[] = [];
      let pos = 0;
      for (;;) {
        let best = -1;
        let length = 0;
        for (const needle of needles) {
          const at = data.indexOf(needle, pos);
          if (at >= 0 && at < safe && (best < 0 || at < best)) [best, length] = [at, needle.length];
        }
        if (best < 0) break;
        parts.push(data.subarray(pos, best), mask);
        pos = best + length;
      }
      const end = Math.max(pos, safe);
      parts.push(data.subarray(pos, end));
      for (const part of parts) {
        if (part.length === 0) continue;
        await output.write(part);
        written += part.length;
      }
      carry = Buffer.from(data.subarray(end));
      if (last) break;
    }
    await output.datasync();
    return written;
  } finally {
    await input.close();
    await output.close();
  }
}

/** Up to `max` bytes from the start of `file`. */
export async function readFilePrefix(file: string, max: number): Promise<Uint8Array> {
  const handle = await fsp.open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(max, (await handle.stat()).size));
    let done = 0;
    while (done < buffer.length) {
      const { bytesRead } = await handle.read(buffer, done, buffer.length - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buffer.subarray(0, done);
  } finally {
    await handle.close();
  }
}
