import * as fs from 'node:fs';
import * as path from 'node:path';
import { PRIVATE_FILE } from '../../privateFiles';
import { closeFd, fchmodPrivate, ftruncate, openFd, writeAll } from './files';
import type { StoreSync } from './sync';

/** Direct I/O writes whole blocks of this size, at offsets that are multiples of it. */
export const BLOCK = 4096;
const SLAB_BYTES = 4 * 1024 * 1024;
const O_DIRECT: number | undefined = (fs.constants as { O_DIRECT?: number }).O_DIRECT;

/**
 * A memory area for direct I/O: the kernel wants the buffer's address aligned (to the device's logical
 * block size), which JavaScript cannot ask for, so a slab is allocated and the aligned offset in it is
 * found by trying (a misaligned O_DIRECT write fails with EINVAL).
 */
export interface DirectSlab {
  readonly buffer: Buffer;
  readonly base: number;
  readonly capacity: number;
}

/**
 * Direct I/O for the segments of one store: whether the file system takes O_DIRECT (checked at open,
 * cheaply) and the slab, allocated only when the first large append needs it.
 */
export class DirectIo {
  private slab: DirectSlab | undefined;
  private unusable = false;

  private constructor(private readonly dir: string) {}

  /** Undefined where direct I/O is not available (no O_DIRECT, or a file system such as tmpfs refusing it). */
  static detect(dir: string): DirectIo | undefined {
    if (O_DIRECT === undefined) return undefined;
    const fd = openProbe(dir);
    if (fd === undefined) return undefined;
    closeProbe(dir, fd);
    return new DirectIo(dir);
  }

  /** The slab, allocated and aligned on first use; undefined if that fails (appends stay buffered). */
  get(): DirectSlab | undefined {
    if (this.slab || this.unusable) return this.slab;
    const fd = openProbe(this.dir);
    if (fd === undefined) {
      this.unusable = true;
      return undefined;
    }
    try {
      const buffer = Buffer.allocUnsafeSlow(SLAB_BYTES + BLOCK);
      for (let base = 0; base < BLOCK; base += 16) {
        try {
          fs.writeSync(fd, buffer, base, BLOCK, 0);
          this.slab = { buffer, base, capacity: SLAB_BYTES };
          return this.slab;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EINVAL') break;
        }
      }
      this.unusable = true;
      return undefined;
    } finally {
      closeProbe(this.dir, fd);
    }
  }
}

function probePath(dir: string): string {
  return path.join(dir, `hooks-probe-${process.pid}.tmp`);
}

function openProbe(dir: string): number | undefined {
  try {
    const flags = fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC | (O_DIRECT as number);
    // The slab written to it holds whatever memory it was given: private like every store file.
    const fd = fs.openSync(probePath(dir), flags, PRIVATE_FILE);
    fs.fchmodSync(fd, PRIVATE_FILE);
    return fd;
  } catch {
    return undefined;
  }
}

function closeProbe(dir: string, fd: number): void {
  fs.closeSync(fd);
  fs.rmSync(probePath(dir), { force: true });
}

/** Appends at least this large go out with O_DIRECT (when available); smaller ones through the page cache. */
export const DIRECT_MIN_BYTES = 256 * 1024;

/**
 * The segment file being appended to. Small appends are plain buffered writes. Large ones, when a slab
 * is given, are written with O_DIRECT: copied into the slab and written as whole blocks, the last block
 * padded with zeros (and written again, completed, by the next append). That keeps big bodies out of the
 * page cache, whose first use of fresh memory costs more CPU than the copy (in VMs, several times more).
 * The file is open twice, buffered and direct; the kernel keeps the two views coherent. Durability comes
 * from `sync()` (fdatasync, through `StoreSync`) either way, and `size` is the logical end (padding is cut
 * off on close).
 */
export class SegmentFile {
  /** Bytes of the last, partial block, mirrored at the start of the slab for the next direct write. */
  private tail = 0;
  /** Whether the slab holds the tail (not before the first direct append, nor after a truncation). */
  private tailKnown = false;

  private constructor(
    readonly file: string,
    private readonly fd: number,
    private readonly directFd: number | undefined,
    private logicalSize: number,
    private readonly direct: DirectIo | undefined,
    private readonly syncFile: StoreSync['file'],
  ) {}

  /** Creates a new, empty segment file, 0600 (failing if it exists). */
  static async create(file: string, direct: DirectIo | undefined, sync: StoreSync['file']): Promise<SegmentFile> {
    const fd = await openFd(file, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_EXCL);
    try {
      await fchmodPrivate(fd);
    } catch (error) {
      await closeFd(fd).catch(() => undefined);
      throw error;
    }
    const segment = await SegmentFile.withDirect(file, fd, 0, direct, sync);
    segment.tailKnown = true;
    return segment;
  }

  /** Opens an existing segment to append after its first `size` bytes (anything after is cut off). */
  static async openAt(
    file: string,
    size: number,
    direct: DirectIo | undefined,
    sync: StoreSync['file'],
  ): Promise<SegmentFile> {
    const fd = await openFd(file, fs.constants.O_RDWR);
    const segment = await SegmentFile.withDirect(file, fd, size, direct, sync);
    try {
      await segment.truncate(size);
    } catch (error) {
      await segment.close().catch(() => undefined);
      throw error;
    }
    return segment;
  }

  private static async withDirect(
    file: string,
    fd: number,
    size: number,
    direct: DirectIo | undefined,
    sync: StoreSync['file'],
  ): Promise<SegmentFile> {
    let directFd: number | undefined;
    if (direct && O_DIRECT !== undefined) {
      directFd = await openFd(file, fs.constants.O_RDWR | O_DIRECT).catch(() => undefined);
    }
    return new SegmentFile(file, fd, directFd, size, directFd === undefined ? undefined : direct, sync);
  }

  get size(): number {
    return this.logicalSize;
  }

  /** Writes `buffers` (`total` bytes) at the end. Not durable until `sync()`. */
  async append(buffers: Uint8Array[], total: number): Promise<void> {
    const slab = total >= DIRECT_MIN_BYTES ? this.direct?.get() : undefined;
    if (slab) {
      if (!this.tailKnown) await this.readTail(slab);
      await this.appendDirect(slab, buffers);
    } else {
      await writeAll(this.fd, buffers, this.logicalSize);
      const mirror = this.tailKnown ? this.direct?.get() : undefined;
      if (mirror) this.keepTail(mirror, buffers, total);
      else this.tailKnown = false;
    }
    this.logicalSize += total;
  }

  sync(): Promise<void> {
    return this.syncFile(this.fd);
  }

  /** Cuts the file to `size` bytes (a failed append is undone this way). */
  async truncate(size: number): Promise<void> {
    await ftruncate(this.fd, size);
    this.logicalSize = size;
    this.tailKnown = false;
  }

  /** Loads the bytes of the last, partial block into the slab. */
  private async readTail(slab: DirectSlab): Promise<void> {
    const tail = this.logicalSize % BLOCK;
    if (tail > 0) {
      const at = this.logicalSize - tail;
      const read = await new Promise<number>((resolve, reject) =>
        fs.read(this.fd, slab.buffer, slab.base, tail, at, (error, bytes) => (error ? reject(error) : resolve(bytes))),
      );
      if (read < tail) throw new Error(`Could not read back the last ${tail} bytes of ${this.file}`);
    }
    this.tail = tail;
    this.tailKnown = true;
  }

  /** Closes the file, cutting off the zero padding of direct writes. */
  async close(): Promise<void> {
    try {
      if (this.directFd !== undefined) {
        await ftruncate(this.fd, this.logicalSize);
        await closeFd(this.directFd);
      }
    } finally {
      await closeFd(this.fd);
    }
  }

  private async appendDirect(slab: DirectSlab, buffers: Uint8Array[]): Promise<void> {
    const { buffer, base, capacity } = slab;
    let start = this.logicalSize - this.tail;
    let fill = this.tail;
    for (const part of buffers) {
      let at = 0;
      while (at < part.length) {
        const n = Math.min(part.length - at, capacity - fill);
        buffer.set(part.subarray(at, at + n), base + fill);
        fill += n;
        at += n;
        if (fill === capacity) {
          await this.writeBlocks(slab, capacity, start);
          start += capacity;
          fill = 0;
        }
      }
    }
    const whole = fill - (fill % BLOCK);
    if (fill > whole) {
      buffer.fill(0, base + fill, base + whole + BLOCK);
      await this.writeBlocks(slab, whole + BLOCK, start);
      buffer.copyWithin(base, base + whole, base + fill);
    } else if (whole > 0) {
      await this.writeBlocks(slab, whole, start);
    }
    this.tail = fill - whole;
  }

  /** After a buffered append, mirrors the new partial last block into the slab. */
  private keepTail(slab: DirectSlab, buffers: Uint8Array[], total: number): void {
    const newTail = (this.logicalSize + total) % BLOCK;
    if (total < newTail) {
      // Still within the same block: the old tail grows by the whole batch.
      let at = slab.base + this.tail;
      for (const part of buffers) {
        slab.buffer.set(part, at);
        at += part.length;
      }
    } else {
      // The last `newTail` bytes of the batch, taken from its end.
      let need = newTail;
      for (let i = buffers.length - 1; i >= 0 && need > 0; i--) {
        const part = buffers[i] as Uint8Array;
        const n = Math.min(need, part.length);
        need -= n;
        slab.buffer.set(part.subarray(part.length - n), slab.base + need);
      }
    }
    this.tail = newTail;
  }

  private async writeBlocks(slab: DirectSlab, length: number, position: number): Promise<void> {
    const written = await new Promise<number>((resolve, reject) =>
      fs.write(this.directFd as number, slab.buffer, slab.base, length, position, (error, bytes) =>
        error ? reject(error) : resolve(bytes),
      ),
    );
    // A short direct write leaves an unaligned rest that cannot be written: treat it as the failure it is.
    if (written !== length) throw new Error(`Short write to ${this.file}: ${written} of ${length} bytes`);
  }
}
