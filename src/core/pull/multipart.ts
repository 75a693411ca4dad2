import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** Multipart bodies are built in memory: their files together may hold at most this many bytes. */
export const MAX_MULTIPART_FILE_BYTES = 10 * 1024 * 1024;

export interface MultipartPart {
  readonly name: string;
  /** A text part's value, or a file part's path (absolute). */
  readonly value: string;
  readonly kind: 'text' | 'file';
  /** Where the part is in the draft, for problems. */
  readonly field: string;
}

export type MultipartResult =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly contentType: string }
  | { readonly ok: false; readonly field: string; readonly message: string };

/** A boundary no file is likely to hold: 24 random bytes in hex after a fixed prefix. */
export function newBoundary(): string {
  return `----PushPullBoundary${randomBytes(24).toString('hex')}`;
}

/**
 * A `multipart/form-data` body (RFC 7578) built in memory, its file parts read from disk with their file names and
 * a type guessed from the extension. Names and file names are escaped as browsers do (`"` → `%22`, line breaks →
 * `%0D`/`%0A`).
 */
export async function buildMultipart(
  parts: readonly MultipartPart[],
  boundary = newBoundary(),
): Promise<MultipartResult> {
  const chunks: Buffer[] = [];
  let fileBytes = 0;
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"`;
    if (part.kind === 'text') {
      chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'), Buffer.from(part.value, 'utf8'), Buffer.from('\r\n'));
      continue;
    }
    const file = await readPartFile(part, MAX_MULTIPART_FILE_BYTES - fileBytes);
    if (!Buffer.isBuffer(file)) return { ok: false, field: part.field, message: file.message };
    fileBytes += file.length;
    head += `; filename="${escapeName(path.basename(part.value))}"\r\nContent-Type: ${guessType(part.value)}`;
    chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'), file, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    ok: true,
    bytes: new Uint8Array(Buffer.concat(chunks)),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function readPartFile(part: MultipartPart, room: number): Promise<Buffer | { message: string }> {
  if (part.value.trim() === '') return { message: `The file part "${part.name}" has no file chosen.` };
  if (!path.isAbsolute(part.value)) {
    return { message: `The file part "${part.name}" needs the file's full path, not "${part.value}".` };
  }
  let size: number;
  try {
    const stat = await fs.stat(part.value);
    if (!stat.isFile()) return { message: `${part.value} is not a file.` };
    size = stat.size;
  } catch (error) {
    return { message: `${part.value} cannot be read: ${describe(error)}.` };
  }
  if (size > room) {
    return {
      message:
        `The files of a multipart body may hold ${MAX_MULTIPART_FILE_BYTES / 1024 / 1024} MB together; ` +
        `${path.basename(part.value)} goes beyond that. Send a large file as a binary body instead.`,
    };
  }
  try {
    const bytes = await fs.readFile(part.value);
    if (bytes.length > room) return { message: `${part.value} grew while it was read; try again.` };
    return bytes;
  } catch (error) {
    return { message: `${part.value} cannot be read: ${describe(error)}.` };
  }
}

/** The file system's reason, as a few words (ENOENT → "no such file"). */
export function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'there is no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return error instanceof Error ? error.message : String(error);
}

function escapeName(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

const TYPES: Readonly<Record<string, string>> = {
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.xml': 'application/xml',
  '.html': 'text/html',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
};

/** A content type from the file's extension; `application/octet-stream` when it is not a common one. */
export function guessType(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return Object.hasOwn(TYPES, ext) ? (TYPES[ext] as string) : 'application/octet-stream';
}
