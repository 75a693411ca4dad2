import type { BodyInsight, ForwardResult, HookFlag, HookMeta, HookVerdict, RelayMark } from '../../model/hook';
import { originOf, pathOf, queryOf } from '../../model/url';
import type { HeadReader, LargeHead } from './headReader';
import type { RecordLocation } from '../journal/record';

const NO_PAIRS: ReadonlyArray<readonly [string, string]> = Object.freeze([]);
const NO_FLAGS: readonly HookFlag[] = Object.freeze([]);

/** One list of header names, shared by every hook that arrived with the same names in the same order. */
export class HeaderNames {
  private parsed: readonly string[] | undefined;
  private byLowerName: Map<string, number[]> | undefined;
  constructor(readonly json: string) {}

  get names(): readonly string[] {
    return (this.parsed ??= JSON.parse(this.json) as string[]);
  }

  /** Where headers named `lowerName` (lower-case) are in the list; made once for every hook that shares it. */
  positionsOf(lowerName: string): readonly number[] | undefined {
    if (!this.byLowerName) {
      const index = new Map<string, number[]>();
      this.names.forEach((name, i) => {
        const lower = name.toLowerCase();
        const known = index.get(lower);
        if (known) known.push(i);
        else index.set(lower, [i]);
      });
      this.byLowerName = index;
    }
    return this.byLowerName.get(lowerName);
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
  'origin',
  'fullUrl',
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

  /** `heads`: where index entries read large heads back from (none: every head is kept in memory). */
  constructor(
    readonly pool: HeaderNamesPool,
    readonly heads?: HeadReader,
  ) {}

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
        // An origin is cut from a full URL: a copy of its own lets the URL go.
        const own = key === 'origin' ? ownCopy(value) : value;
        this.strings.set(own, own);
        fields[key] = own;
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

/**
 * A string that holds its own characters: a part cut from a longer string (`slice`) may keep all of that
 * string alive, which for a part of a sender's URL is the URL itself.
 */
export function ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
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

/** Fields of a stored head that are not own properties of the index entry: they are worked out when read. */
const NOT_OWN = new Set(['__proto__', 'url', 'headers', 'body', 'query', 'path', 'fullUrl', 'origin']);

/**
 * A head whose request target and header values take more characters than this keeps neither in memory:
 * they are read back from the segment when asked for (`HeadReader`). Real providers' heads take 1–2 KB.
 */
export const LARGE_HEAD = 4096;
/** Characters of a large head's target kept in memory, shown should its segment be gone. */
const KEPT_OF_LARGE_TARGET = 256;

/**
 * A stored hook's metadata as the index keeps it. Every field of the captured hook except `headers`,
 * `body` and what the request target gives (`path`, `query`, `fullUrl`) is an own property. `headers` is
 * decoded on each access from a shared name list and the values' JSON, which keeps 100,000 hooks well
 * inside 100 MB; `path` and `query` are worked out from `url`, and `fullUrl` from the origin before it, so
 * what a sender puts in a query costs its own size once, not a list of pairs. A large head (`LARGE_HEAD`)
 * keeps its target and values on disk, so what each hook holds in memory is bounded. `toJSON` includes all of them,
 * but object spread (`{ ...meta }`) does not: read them explicitly when copying.
 */
export class StoredHookMeta implements HookMeta {
  declare readonly id: string;
  declare readonly receivedAt: number;
  declare readonly method: string;
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
  declare readonly relay?: RelayMark;

  /** `fullUrl` is `#origin` + `url`, or `#fullUrl` as stored when it is not. */
  readonly #origin: string | undefined;
  readonly #fullUrl: string | undefined;
  readonly #names: HeaderNames;
  /** The target and values' JSON; undefined for a large head, read through `#heads` (`#short` if it cannot be). */
  readonly #url: string | undefined;
  readonly #values: string | undefined;
  readonly #heads: HeadReader | undefined;
  readonly #short: string = '';
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
    heads?: HeadReader,
  ) {
    const self = this as unknown as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      // `__proto__` from JSON is an own key; assigning it would change the prototype.
      if (!NOT_OWN.has(key)) self[key] = fields[key];
    }
    if (Array.isArray(self.flags) && self.flags.length === 0) self.flags = NO_FLAGS;
    const url = typeof fields.url === 'string' ? fields.url : '';
    if (heads && url.length + valuesJson.length > LARGE_HEAD) {
      this.#heads = heads;
      this.#short = ownCopy(url.slice(0, KEPT_OF_LARGE_TARGET));
    } else {
      this.#url = url;
      this.#values = valuesJson;
    }
    const { origin, fullUrl } = fields;
    if (typeof origin === 'string') this.#origin = origin;
    else if (typeof fullUrl === 'string') {
      // Stored by a PushPull that kept the whole full URL.
      const cut = originOf(fullUrl, url);
      if (cut !== undefined) this.#origin = ownCopy(cut);
      else this.#fullUrl = fullUrl;
    }
    this.#names = names;
    this.#segment = at.segment;
    this.#offset = at.offset;
    this.#bytes = bytes;
  }

  /** Path and query exactly as the request line had them. */
  get url(): string {
    return this.#url ?? this.#large()?.url ?? this.#short;
  }

  get path(): string {
    return pathOf(this.url);
  }

  get query(): ReadonlyArray<readonly [string, string]> {
    return this.url.includes('?') ? queryOf(this.url) : NO_PAIRS;
  }

  get fullUrl(): string {
    return this.#fullUrl ?? `${this.#origin ?? ''}${this.url}`;
  }

  get headers(): ReadonlyArray<readonly [string, string]> {
    const names = this.#names.names;
    if (names.length === 0) return NO_PAIRS;
    const values = JSON.parse(this.#valuesJson()) as string[];
    const pairs = new Array<readonly [string, string]>(names.length);
    for (let i = 0; i < names.length; i++) pairs[i] = [names[i] as string, values[i] ?? ''];
    return pairs;
  }

  /**
   * The values of the headers named `lowerName` (lower-case), in order: found through the shared name list,
   * so a hook without such a header decodes none of its values, and one with it only those.
   */
  headerValues(lowerName: string): string[] {
    const positions = this.#names.positionsOf(lowerName);
    if (!positions) return [];
    const json = this.#valuesJson();
    return positions.map((i) => nthJsonString(json, i) ?? '');
  }

  #valuesJson(): string {
    return this.#values ?? this.#large()?.valuesJson ?? '[]';
  }

  #large(): LargeHead | undefined {
    return this.#heads?.read(this.#segment, this.#offset);
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

  /** What inspecting the body found, once it was too large to inspect on arrival. */
  setInsight(insight: BodyInsight): void {
    const self = this as { flags: readonly HookFlag[]; event?: string; uninspected?: true };
    self.flags = insight.flags.length === 0 ? NO_FLAGS : insight.flags;
    if (insight.event === undefined) delete self.event;
    else self.event = insight.event;
    delete self.uninspected;
  }

  /** A verdict made again after arrival (Check Signature Again). */
  setVerdict(verdict: HookVerdict): void {
    (this as { verdict?: HookVerdict }).verdict = verdict;
  }

  /** The forward result, recorded in `segment` by a record of `bytes` bytes (replacing an older one's). */
  setForward(forward: ForwardResult, segment: number, bytes: number): void {
    this.forward = forward;
    this.#forwardAt = segment;
    this.#bytes += bytes - this.#forwardBytes;
    this.#forwardBytes = bytes;
  }

  toJSON(): HookMeta {
    const url = this.url;
    return { ...this, url, fullUrl: this.fullUrl, path: pathOf(url), query: queryOf(url), headers: this.headers };
  }
}

/**
 * The `n`th string of a JSON array of strings as `JSON.stringify` writes it (no spaces), read without
 * decoding the others; undefined when there is none. Anything else written there is parsed whole.
 */
export function nthJsonString(json: string, n: number): string | undefined {
  let at = 1;
  for (let k = 0; json[0] === '[' && json[at] === '"'; k++) {
    let end = json.indexOf('"', at + 1);
    while (end > 0 && escaped(json, end)) end = json.indexOf('"', end + 1);
    if (end < 0) break;
    if (k === n) return JSON.parse(json.slice(at, end + 1)) as string;
    if (json[end + 1] !== ',') return undefined;
    at = end + 2;
  }
  const values: unknown = JSON.parse(json);
  const value = Array.isArray(values) ? (values[n] as unknown) : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Whether the quote at `at` is escaped: an odd number of backslashes before it. */
function escaped(json: string, at: number): boolean {
  let backslashes = 0;
  while (json.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
  return backslashes % 2 === 1;
}
