import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Hooks carry their senders' Authorization and signature headers: the files and folders PushPull writes
 * with them are for the user alone, whatever the umask. A mode given to open or mkdir only takes bits
 * away through the umask, so every one is also set with chmod.
 */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/**
 * Creates `dir` and its missing parents, each 0700; a folder already there is left as it is. Returns the
 * first folder created, as `mkdir` does (undefined when `dir` was there).
 */
export async function makePrivateDir(dir: string): Promise<string | undefined> {
  const first = await fsp.mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  if (first === undefined) return undefined;
  const top = path.resolve(first);
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    await fsp.chmod(current, PRIVATE_DIR);
    if (current === top || path.dirname(current) === current) break;
  }
  return first;
}

/** Writes `data` to `file`, created 0600 or made 0600 (when it was there) before the data goes in. */
export async function writePrivateFile(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await fsp.open(file, 'w', PRIVATE_FILE);
  try {
    await handle.chmod(PRIVATE_FILE);
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}
