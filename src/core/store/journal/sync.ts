import { fdatasync, fsyncDir } from './files';

/**
 * How the store makes its appends durable: `file` (fdatasync of a segment) once records are written to it,
 * `dir` (fsync of the store folder) once a segment file is created. No hook is acknowledged before the
 * syncs covering it have returned. PushPull always uses `systemSync`; its tests pass their own to hold a
 * sync or make it fail.
 */
export interface StoreSync {
  readonly file: (fd: number) => Promise<void>;
  readonly dir: (dir: string) => Promise<void>;
}

export const systemSync: StoreSync = Object.freeze({ file: fdatasync, dir: fsyncDir });
