import type { ForwardResult, HookFlag, HookMeta, HookVerdict } from '../../hooks/capture';

const NO_PAIRS: ReadonlyArray<readonly [string, string]> = Object.freeze([]);
const NO_FLAGS: readonly HookFlag[] = Object.freeze([]);

/** One list of header names, shared by every hook that arrived with the same names in the same order. */
export class HeaderNames {
  private parsed: readonly string[] | undefined;
  constructor(readonly json: string) {}

  get names(): readonly string[] {
    return (this.parsed ??= JSON.parse(this.json) as string[]);
  }
}

/** Interns header name lists; most senders send the same names every time. */
export class HeaderNamesPool {
  private readonly pool = new Map<string, HeaderNames>();

  constructor(private readonly maxDistinct = 4096) {}

  intern(json: string): HeaderNames {
    let names = this.pool.get(json);
    if (!names) {
      // Hostile senders could make every list unique: forget the pool rather than grow it without end.
      if (this.pool.size >= this.maxDistinct) this.pool.clear();
      names = new HeaderNames(json);
      this.pool.set(json, names);
    }
    return names;
  }

  clear(): void {
    this.pool.clear();
  }
}

/** Fields whose values repeat from hook to hook: one copy of each is kept. */
const SHARED_FIELDS = [
  'method',
  'url',
  'fullUrl',
  'path',
  'httpVersion',
  'remoteAddress',
  'contentType',
  'route',
  'event',
];
/** Small objects that repeat too (a verdict such as "signed, no secret set" comes with every hook of a route). */
const SHARED_OBJECTS = ['verdict', 'flags'];

/**
 * Turns stored heads into index entries with as little memory as possible: consecutive hooks usually
 * carry the same header names (compared as bytes, no string made), and the same method, path, address…
 */
export class MetaSharing {
  private lastNamesBytes = Buffer.alloc(0);
  private lastNames: HeaderNames | undefined;
  private readonly strings = new Map<string, string>();
  private readonly objects = new Map<string, unknown>();
  private readonly lastObjects = new Map<string, unknown>();

  constructor(readonly pool: HeaderNamesPool) {}

  /** The header names stored as JSON in `buffer[start, end)`. */
  namesAt(buffer: Buffer, start: number, end: number): HeaderNames {
    const length = end - start;
    const last = this.lastNames;
    if (
      last &&
      length === this.lastNamesBytes.length &&
      buffer.compare(this.lastNamesBytes, 0, length, start, end) === 0
    ) {
      return last;
    }
    const names = this.pool.intern(buffer.toString('utf8', start, end));
    this.lastNamesBytes = Buffer.from(buffer.subarray(start, end));
    this.lastNames = names;
    return names;
  }

  /** Replaces repeated values in `fields` (strings, small objects such as verdicts) by one shared copy. */
  share(fields: Record<string, unknown>): void {
    for (const key of SHARED_FIELDS) {
      const value = fields[key];
      if (typeof value !== 'string' || value.length > 256) continue;
      const known = this.strings.get(value);
      if (known !== undefined) fields[key] = known;
      else {
        if (this.strings.size >= 4096) this.strings.clear();
        this.strings.set(value, value);
      }
    }
    for (const key of SHARED_OBJECTS) {
      const value = fields[key];
      if (typeof value !== 'object' || value === null) continue;
      // Most hooks repeat the previous one's value: a direct comparison saves making its JSON.
      const previous = this.lastObjects.get(key);
      if (previous !== undefined && sameData(previous, value, 0)) {
        fields[key] = previous;
        continue;
      }
      const json = JSON.stringify(value);
      if (json.length > 1024) continue;
      const known = this.objects.get(json);
      if (known !== undefined) fields[key] = known;
      else {
        if (this.objects.size >= 1024) this.objects.clear();
        this.objects.set(json, value);
      }
      this.lastObjects.set(key, fields[key]);
    }
  }

  clear(): void {
    this.pool.clear();
    this.strings.clear();
    this.objects.clear();
    this.lastObjects.clear();
    this.lastNames = undefined;
    this.lastNamesBytes = Buffer.alloc(0);
  }
}

/** Whether two small JSON values (as parsed) are the same data; gives up (false) past a few levels. */
function sameData(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > 4) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i] as string;
    // Same keys in the same order, as JSON.stringify would write them.
    if (key !== keysB[i]) return false;
    if (!sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** Where a hook's record lives: segment number, offset of the record, and the bytes it accounts for. */
export interface RecordLocation {
  readonly segment: number;
  readonly offset: number;
}

/**
 * A stored hook's metadata as the index keeps it. Every field of the captured hook except `headers`
 * and `body` is an own property; `headers` is decoded on each access from a shared name list and
 * the values' JSON, which keeps 100,000 hooks well inside 100 MB. `toJSON` includes `headers`, but
 * object spread (`{ ...meta }`) does not: read `meta.headers` explicitly when copying.
 */
export class StoredHookMeta implements HookMeta {
  declare readonly id: string;
  declare readonly receivedAt: number;
  declare readonly method: string;
  declare readonly url: string;
  declare readonly fullUrl: string;
  declare readonly path: string;
  declare readonly query: ReadonlyArray<readonly [string, string]>;
  declare readonly httpVersion: string;
  declare readonly remoteAddress: string;
  declare readonly remotePort: number;
  declare readonly contentType: string | undefined;
  declare readonly bodySize: number;
  declare readonly bodySha256: string;
  declare readonly bodyMs: number;
  declare readonly flags: readonly HookFlag[];
  declare readonly event?: string;
  declare readonly verdict?: HookVerdict;
  declare readonly pinned?: boolean;
  declare readonly uninspected?: true;
  declare readonly route: string | undefined;
  declare readonly answerStatus: number;
  declare forward?: ForwardResult;

  readonly #names: HeaderNames;
  readonly #values: string;
  readonly #segment: number;
  readonly #offset: number;
  #bytes: number;
  /** Segments holding this hook's newest pin/unpin and forward records (-1: none). They must outlive it. */
  #pinAt = -1;
  #forwardAt = -1;
  /** Bytes of the newest forward record, counted in #bytes; an older one no longer counts. */
  #forwardBytes = 0;

  constructor(
    fields: Record<string, unknown>,
    names: HeaderNames,
    valuesJson: string,
    at: RecordLocation,
    bytes: number,
  ) {
    const self = this as unknown as Record<string, unknown>;
    const reserved =
      Object.hasOwn(fields, '__proto__') || Object.hasOwn(fields, 'headers') || Object.hasOwn(fields, 'body');
    if (!reserved) Object.assign(this, fields);
    else {
      for (const key of Object.keys(fields)) {
        // `__proto__` from JSON is an own key; assigning it would change the prototype.
        if (key !== '__proto__' && key !== 'headers' && key !== 'body') self[key] = fields[key];
      }
    }
    if (Array.isArray(self.query) && self.query.length === 0) self.query = NO_PAIRS;
    if (Array.isArray(self.flags) && self.flags.length === 0) self.flags = NO_FLAGS;
    this.#names = names;
    this.#values = valuesJson;
    this.#segment = at.segment;
    this.#offset = at.offset;
    this.#bytes = bytes;
  }

  get headers(): ReadonlyArray<readonly [string, string]> {
    const names = this.#names.names;
    if (names.length === 0) return NO_PAIRS;
    const values = JSON.parse(this.#values) as string[];
    const pairs = new Array<readonly [string, string]>(names.length);
    for (let i = 0; i < names.length; i++) pairs[i] = [names[i] as string, values[i] ?? ''];
    return pairs;
  }

  get segment(): number {
    return this.#segment;
  }

  get offset(): number {
    return this.#offset;
  }

  /** Bytes on disk for this hook: its record and its newest forward record. */
  get storedBytes(): number {
    return this.#bytes;
  }

  /** Segment of the newest pin or unpin record for this hook, -1 when there is none. */
  get pinRecordSegment(): number {
    return this.#pinAt;
  }

  /** Segment of the newest forward record for this hook, -1 when there is none. */
  get forwardRecordSegment(): number {
    return this.#forwardAt;
  }

  /** Pins or unpins (an unpinned hook has no `pinned` property), recorded in `segment`. */
  setPinned(pinned: boolean, segment: number): void {
    const self = this as { pinned?: boolean };
    if (pinned) self.pinned = true;
    else delete self.pinned;
    this.#pinAt = segment;
  }

  /** The forward result, recorded in `segment` by a record of `bytes` bytes (replacing an older one's). */
  setForward(forward: ForwardResult, segment: number, bytes: number): void {
    this.forward = forward;
    this.#forwardAt = segment;
    this.#bytes += bytes - this.#forwardBytes;
    this.#forwardBytes = bytes;
  }

  toJSON(): HookMeta {
    return { ...this, headers: this.headers };
  }
}
