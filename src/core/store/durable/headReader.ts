import * as fs from 'node:fs';
import { crc32 } from '../journal/crc32';
import { segmentPath } from '../journal/files';
import { decodeHeader, HEADER_SIZE, headLength } from '../journal/record';

/** What a large head keeps on disk instead of in memory: the request target and the header values' JSON. */
export class LargeHead {
  #url: string | undefined;

  constructor(
    private readonly metaJson: string,
    readonly valuesJson: string,
  ) {}

  /** Parsed from the head's metadata when first asked for: a header lookup needs only the values. */
  get url(): string {
    if (this.#url === undefined) {
      const meta = JSON.parse(this.metaJson) as { url?: unknown };
      this.#url = typeof meta.url === 'string' ? meta.url : '';
    }
    return this.#url;
  }
}

/** Heads read lately, kept for the next question about the same hook (a row asks for its path, URL, headers…). */
const RECENT = 64;

/**
 * Reads a hook's head back from its segment when asked: a hook whose request target and header values
 * are large (what a hostile sender makes) keeps neither in memory, so the index stays small whatever
 * senders send. The read is synchronous (a few KB at a known offset, usually from the page cache), since
 * a hook's `url` and `headers` are plain properties to the code that reads them. A head that cannot be
 * read (its segment deleted meanwhile) is undefined; the entry then shows what it kept.
 */
export class HeadReader {
  private readonly recent = new Map<string, LargeHead>();

  constructor(private readonly dir: string) {}

  read(segment: number, offset: number): LargeHead | undefined {
    const key = `${segment}:${offset}`;
    const known = this.recent.get(key);
    if (known) return known;
    const head = this.readNow(segment, offset);
    if (head) {
      if (this.recent.size >= RECENT) this.recent.clear();
      this.recent.set(key, head);
    }
    return head;
  }

  private readNow(segment: number, offset: number): LargeHead | undefined {
    let fd: number | undefined;
    try {
      fd = fs.openSync(segmentPath(this.dir, segment), 'r');
      const fixed = Buffer.alloc(HEADER_SIZE);
      if (fs.readSync(fd, fixed, 0, HEADER_SIZE, offset) !== HEADER_SIZE) return undefined;
      const header = decodeHeader(fixed, 0);
      if (typeof header === 'string') return undefined;
      const head = Buffer.alloc(headLength(header));
      if (fs.readSync(fd, head, 0, head.length, offset + HEADER_SIZE) !== head.length) return undefined;
      if (crc32(head) !== header.headCrc) return undefined;
      return new LargeHead(
        head.toString('utf8', 0, header.metaLen),
        head.toString('utf8', header.metaLen + header.namesLen),
      );
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
}
