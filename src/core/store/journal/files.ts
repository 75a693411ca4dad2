import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Logger } from '../../clock';
import { makePrivateDir, PRIVATE_DIR, PRIVATE_FILE } from '../../privateFiles';

/** Segment files are `hooks-00000001.seg`; a sealed segment may have `hooks-00000001.idx` beside it. */
const SEGMENT = /^hooks-(\d{8,})\.seg$/;
const INDEX = /^hooks-(\d{8,})\.idx$/;
const TEMP = /\.tmp$/;
/** `hooks-cleared-00000007`: Clear All began, and every segment before 7 is gone (see `clearedMarkerPath`). */
const CLEARED = /^hooks-cleared-(\d{8,})$/;

export function segmentPath(dir: string, segment: number): string {
  return path.join(dir, `hooks-${segment.toString().padStart(8, '0')}.seg`);
}

export function indexPath(dir: string, segment: number): string {
  return path.join(dir, `hooks-${segment.toString().padStart(8, '0')}.idx`);
}

/**
 * The empty file Clear All makes, durably, before it deletes anything: segments numbered below `segment`
 * count as deleted from then on, so a crash halfway through deleting them brings none of them back.
 */
export function clearedMarkerPath(dir: string, segment: number): string {
  return path.join(dir, `hooks-cleared-${segment.toString().padStart(8, '0')}`);
}

export interface StoreFiles {
  /** Segment numbers, oldest first (those a Clear All deleted left out). */
  readonly segments: number[];
  readonly indexes: Set<number>;
  /** Leftovers of an interrupted index write. */
  readonly temps: string[];
  /** Clear All markers, and the segment number below which their Clear All deleted everything (0: none). */
  readonly cleared: string[];
  readonly clearedBefore: number;
  /** Segment and index files a Clear All deleted, still there because it was interrupted. */
  readonly stale: string[];
}

export async function listStoreFiles(dir: string): Promise<StoreFiles> {
  const names = await fsp.readdir(dir);
  const segments: number[] = [];
  const indexes = new Set<number>();
  const temps: string[] = [];
  const cleared: string[] = [];
  let clearedBefore = 0;
  for (const name of names) {
    const seg = SEGMENT.exec(name);
    const idx = INDEX.exec(name);
    const marker = CLEARED.exec(name);
    if (seg) segments.push(Number(seg[1]));
    else if (idx) indexes.add(Number(idx[1]));
    else if (marker) {
      cleared.push(path.join(dir, name));
      clearedBefore = Math.max(clearedBefore, Number(marker[1]));
    } else if (TEMP.test(name) && name.startsWith('hooks-')) temps.push(path.join(dir, name));
  }
  const stale = [
    ...segments.filter((segment) => segment < clearedBefore).map((segment) => segmentPath(dir, segment)),
    ...[...indexes].filter((segment) => segment < clearedBefore).map((segment) => indexPath(dir, segment)),
  ];
  for (const segment of indexes) if (segment < clearedBefore) indexes.delete(segment);
  const kept = segments.filter((segment) => segment >= clearedBefore).sort((a, b) => a - b);
  return { segments: kept, indexes, temps, cleared, clearedBefore, stale };
}

/** Makes a directory's entries (created, renamed, deleted files) durable. A no-op where directories cannot be synced. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Windows cannot open or sync a directory; its file system orders these updates itself.
    if (!(process.platform === 'win32' && (code === 'EISDIR' || code === 'EPERM' || code === 'EACCES'))) throw error;
  } finally {
    await handle?.close();
  }
}

/** Creates `dir` and its missing parents (0700), syncing each parent so the new entries survive a crash. */
export async function makeDirDurable(dir: string): Promise<void> {
  const first = await makePrivateDir(dir);
  if (first === undefined) return;
  let current = path.resolve(dir);
  const top = path.resolve(first);
  for (;;) {
    await fsyncDir(current);
    await fsyncDir(path.dirname(current));
    if (current === top || path.dirname(current) === current) break;
    current = path.dirname(current);
  }
}

export async function removeIfExists(file: string): Promise<void> {
  try {
    await fsp.unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Below this many bytes a write goes straight into the page cache from this thread (no thread-pool round trip). */
const SYNC_WRITE_BYTES = 256 * 1024;

/** Writes all of `buffers` at `position`, continuing after short writes. */
export async function writeAll(fd: number, buffers: Uint8Array[], position: number): Promise<void> {
  let pending = buffers;
  let at = position;
  let total = 0;
  for (const b of buffers) total += b.length;
  while (pending.length > 0) {
    const written =
      total <= SYNC_WRITE_BYTES
        ? fs.writevSync(fd, pending, at)
        : await new Promise<number>((resolve, reject) =>
            fs.writev(fd, pending, at, (error, bytes) => (error ? reject(error) : resolve(bytes))),
          );
    at += written;
    pending = rest(pending, written);
  }
}

function rest(buffers: Uint8Array[], written: number): Uint8Array[] {
  let skip = written;
  let i = 0;
  while (i < buffers.length && skip >= (buffers[i] as Uint8Array).length) {
    skip -= (buffers[i] as Uint8Array).length;
    i++;
  }
  const left = buffers.slice(i);
  if (left.length > 0 && skip > 0) left[0] = (left[0] as Uint8Array).subarray(skip);
  return left;
}

export function fdatasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())));
}

export function ftruncate(fd: number, length: number): Promise<void> {
  return new Promise((resolve, reject) => fs.ftruncate(fd, length, (error) => (error ? reject(error) : resolve())));
}

/** Opens `file`; one it creates is 0600 (see `PRIVATE_FILE`: the caller sets that with `fchmodPrivate` too). */
export function openFd(file: string, flags: string | number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.open(file, flags, PRIVATE_FILE, (error, fd) => (error ? reject(error) : resolve(fd))),
  );
}

/** Makes an open file 0600, whatever the umask took from the mode it was created with. */
export function fchmodPrivate(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fchmod(fd, PRIVATE_FILE, (error) => (error ? reject(error) : resolve())));
}

/** Store files all start with this: segments, indexes, the lock, Clear All markers and leftovers. */
const STORE_FILE = /^hooks[-.]/;

/**
 * Makes the store folder 0700 and its files 0600: a store written before PushPull set these modes (or
 * copied in, or changed by hand) may be readable by every user of the machine. Not on Windows, whose
 * folders keep their own access lists. A file that cannot be changed (another user's) is logged, not fatal.
 */
export async function tightenStore(dir: string, logger: Logger): Promise<void> {
  if (process.platform === 'win32') return;
  const tighten = async (file: string, mode: number, stat: fs.Stats | undefined): Promise<void> => {
    try {
      if (stat && (stat.mode & 0o777) !== mode) await fsp.chmod(file, mode);
    } catch (error) {
      if (!isNotFound(error)) logger.warn(`Hook store: could not make ${file} private: ${String(error)}`);
    }
  };
  // The folder may be a link the user made to where they keep it; links inside it are left alone.
  await tighten(dir, PRIVATE_DIR, await fsp.stat(dir));
  for (const name of await fsp.readdir(dir)) {
    if (!STORE_FILE.test(name)) continue;
    const file = path.join(dir, name);
    const stat = await fsp.lstat(file).catch(() => undefined);
    await tighten(file, PRIVATE_FILE, stat?.isFile() ? stat : undefined);
  }
}

export function closeFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.close(fd, (error) => (error ? reject(error) : resolve())));
}

/** Reads exactly `length` bytes at `position`, or fewer when the file ends first. */
export async function readAt(
  handle: fsp.FileHandle,
  buffer: Buffer,
  length: number,
  position: number,
): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}
