import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fsSync from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { DurableHookStore } from '../../../src/core/store/durable';
import { segmentPath } from '../../../src/core/store/journal/files';
import { arrivalOf } from '../../../src/core/model/arrival';
import { encodeHook } from '../../../src/core/store/durable/hookRecords';
import { tempDir } from '../helpers';
import { makeHook, RecordingLogger, storeFiles } from './fixtures/hooks';

/** The real module object, so that a test can step in right after a call of the store's code. */
const rawFs = require('node:fs/promises') as typeof import('node:fs/promises');

const BLOCK = 4096;

/**
 * A writer process: `node -e WRITER DURABLE_MODULE HOOKS_FIXTURE DIR` appends waves of three large
 * hooks (together well over the O_DIRECT threshold) to a store with small segments and a low hook limit,
 * so that segments are sealed (padding cut off) and deleted all the time. Prints `W id` before adding a
 * hook and `A id segment` once it is acknowledged; stops and closes the store when stdin ends.
 */
const WRITER = `
const [durable, fixtures, dir] = process.argv.slice(1);
const { DurableHookStore } = require(durable);
const { makeHook } = require(fixtures);
const out = (line) => process.stdout.write(line + '\\n');
let stopping = false;
process.stdin.on('data', () => undefined);
process.stdin.on('end', () => (stopping = true));
(async () => {
  const store = await DurableHookStore.open(dir, { maxHooks: 24, maxBytes: 0, segmentHooks: 4 });
  out('OPEN ' + store.stats().directIo);
  let n = 0;
  while (!stopping) {
    const wave = [];
    for (let i = 0; i < 3; i++, n++) {
      const hook = makeHook(n, Buffer.alloc(100000 + (n % 7) * 50000, n % 251));
      out('W ' + hook.id);
      const acked = () => out('A ' + hook.id + ' ' + (store.get(hook.id) ? store.get(hook.id).segment : -1));
      wave.push(store.add(hook).then(acked));
    }
    await Promise.all(wave);
  }
  await store.close();
  out('CLOSED');
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error) + '\\n');
  process.exit(1);
});
`;

type HandleMethod = (this: fs.FileHandle, ...args: unknown[]) => Promise<unknown>;
type HandlePrototype = Record<'stat' | 'read', HandleMethod>;

async function handlePrototype(): Promise<HandlePrototype> {
  const handle = await fs.open(__filename, 'r');
  try {
    return Object.getPrototypeOf(handle) as HandlePrototype;
  } finally {
    await handle.close();
  }
}

/**
 * Runs `body`; the first time a file handle on `file` has answered `method` (`stat`: the reader measured
 * the file; `read`: it read its first window), `action` runs before the reader goes on: what a writer
 * can do at that moment. Returns what `body` returned and whether `action` ran.
 */
async function afterHandle<T>(
  method: 'stat' | 'read',
  file: string,
  action: () => Promise<void>,
  body: () => Promise<T>,
): Promise<{ result: T; ran: boolean }> {
  const ino = (await fs.stat(file)).ino;
  const proto = await handlePrototype();
  const original = proto[method];
  let ran = false;
  proto[method] = async function (this: fs.FileHandle, ...args: unknown[]) {
    const answer = await original.apply(this, args);
    if (!ran && fsSync.fstatSync(this.fd).ino === ino) {
      ran = true;
      await action();
    }
    return answer;
  };
  try {
    return { result: await body(), ran };
  } finally {
    proto[method] = original;
  }
}

/** Runs `body`; `action` runs right after the store's code has listed the folder, before it reads anything. */
async function afterListing<T>(
  action: () => Promise<void>,
  body: () => Promise<T>,
): Promise<{ result: T; ran: boolean }> {
  const original = rawFs.readdir;
  let ran = false;
  rawFs.readdir = (async (...args: Parameters<typeof original>) => {
    const names = await (original as (...a: unknown[]) => Promise<unknown>)(...args);
    if (!ran) {
      ran = true;
      await action();
    }
    return names;
  }) as typeof original;
  try {
    return { result: await body(), ran };
  } finally {
    rawFs.readdir = original;
  }
}

function indexOf(segment: string): string {
  return segment.replace(/\.seg$/, '.idx');
}

/** Appends the zeros a direct write leaves after the logical end (up to the next block); returns that end. */
async function padLikeDirectIo(segment: string): Promise<number> {
  const logical = (await fs.stat(segment)).size;
  const padding = (BLOCK - (logical % BLOCK)) % BLOCK;
  assert.ok(padding > 0, 'the test needs a segment that does not end on a block boundary');
  await fs.appendFile(segment, Buffer.alloc(padding));
  return logical;
}

describe('DurableHookStore: read-only open beside a writer', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir('pushpull-readwrite-');
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** Writes `count` hooks of `size` bytes, one commit each, `perSegment` to a segment; returns id → body. */
  async function fill(count: number, size: number, perSegment: number): Promise<Map<string, Buffer>> {
    const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, segmentHooks: perSegment });
    const bodies = new Map<string, Buffer>();
    for (let n = 0; n < count; n++) {
      const body = Buffer.alloc(size, n + 1);
      const hook = makeHook(n, body);
      bodies.set(hook.id, body);
      await store.add(hook);
    }
    await store.close();
    return bodies;
  }

  async function openReader(): Promise<{ store: DurableHookStore; logger: RecordingLogger }> {
    const logger = new RecordingLogger();
    return { store: await DurableHookStore.openReadOnly(dir, { logger }), logger };
  }

  async function expectHooks(store: DurableHookStore, bodies: Map<string, Buffer>, ids: string[]): Promise<void> {
    assert.deepEqual(
      store.list().map((h) => h.id),
      [...ids].reverse(),
    );
    for (const id of ids) assert.deepEqual(await store.readBody(id), bodies.get(id));
  }

  it('lists every hook when a sealed segment loses its direct-I/O padding while it is scanned', async () => {
    const bodies = await fill(10, 300_000, 4);
    const segments = await storeFiles(dir, 'seg');
    assert.equal(segments.length, 3);
    const sealed = segments[0] as string;
    // Its index is written in the background after the seal: a reader can come before it.
    await fs.rm(indexOf(sealed));
    const logical = await padLikeDirectIo(sealed);

    const { result, ran } = await afterHandle(
      'stat',
      sealed,
      () => fs.truncate(sealed, logical),
      () => openReader(),
    );
    assert.ok(ran, 'the segment was cut while the reader had it open');
    await expectHooks(result.store, bodies, [...bodies.keys()]);
    assert.deepEqual(result.logger.lines, []);
    await result.store.close();
  });

  for (const indexed of [true, false]) {
    it(`lists every hook when the last segment is sealed (padding cut off) while it is scanned (${indexed ? 'with' : 'without'} an index)`, async () => {
      const bodies = await fill(10, 300_000, 4);
      const segments = await storeFiles(dir, 'seg');
      const last = segments[segments.length - 1] as string;
      if (!indexed) await fs.rm(indexOf(last));
      const logical = await padLikeDirectIo(last);

      const { result, ran } = await afterHandle(
        'stat',
        last,
        () => fs.truncate(last, logical),
        () => openReader(),
      );
      assert.ok(ran);
      await expectHooks(result.store, bodies, [...bodies.keys()]);
      assert.deepEqual(result.logger.lines, []);
      await result.store.close();
      assert.equal((await fs.stat(last)).size, logical);
    });
  }

  it('lists every hook when a segment larger than the read window is cut short between two reads', async () => {
    const bodies = await fill(6, 1024 * 1024, 100);
    const [segment] = await storeFiles(dir, 'seg');
    assert.ok(segment);
    await fs.rm(indexOf(segment));
    const logical = await padLikeDirectIo(segment);
    assert.ok(logical > 5 * 1024 * 1024, 'larger than the 4 MiB window');

    const { result, ran } = await afterHandle(
      'read',
      segment,
      () => fs.truncate(segment, logical),
      () => openReader(),
    );
    assert.ok(ran);
    await expectHooks(result.store, bodies, [...bodies.keys()]);
    assert.deepEqual(result.logger.lines, []);
    await result.store.close();
  });

  it('reads a segment that a running writer left ending in zero padding', async () => {
    const writer = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    const bodies = new Map<string, Buffer>();
    for (let n = 0; n < 3; n++) {
      const body = Buffer.alloc(300_000 + n, n + 1);
      const hook = makeHook(n, body);
      bodies.set(hook.id, body);
      await writer.add(hook);
    }
    const [segment] = await storeFiles(dir, 'seg');
    assert.ok(segment);
    if (writer.stats().directIo) {
      assert.equal((await fs.stat(segment)).size % BLOCK, 0, 'the last direct write left padding');
      assert.ok((await fs.stat(segment)).size > writer.totalBytes, 'padding past the records');
    }
    const { store, logger } = await openReader();
    await expectHooks(store, bodies, [...bodies.keys()]);
    assert.deepEqual(logger.lines, []);
    await store.close();
    await writer.close();
  });

  for (const [name, cut] of [
    ['inside the fixed header', 20],
    ['inside the metadata', 60],
    ['inside the body', -10],
  ] as const) {
    it(`leaves out a record the writer is still writing (cut ${name}), quietly and without changing the file`, async () => {
      const bodies = await fill(5, 3000, 100);
      const [segment] = await storeFiles(dir, 'seg');
      assert.ok(segment);
      const torn = encodeHook(arrivalOf(makeHook(99, Buffer.alloc(3000, 7))));
      const whole = Buffer.concat([torn.head, ...torn.bodyParts]);
      await fs.appendFile(segment, whole.subarray(0, cut > 0 ? cut : whole.length + cut));
      const size = (await fs.stat(segment)).size;

      const { store, logger } = await openReader();
      await expectHooks(store, bodies, [...bodies.keys()]);
      assert.deepEqual(logger.lines, []);
      await store.close();
      assert.equal((await fs.stat(segment)).size, size, 'a reader changes nothing on disk');

      // A writer opening the store still cuts the torn tail off and says so.
      const writerLogger = new RecordingLogger();
      const writer = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, logger: writerLogger });
      await expectHooks(writer, bodies, [...bodies.keys()]);
      assert.equal(writerLogger.at('warn').filter((m) => m.includes('torn')).length, 1, writerLogger.lines.join('\n'));
      await writer.close();
      assert.ok((await fs.stat(segment)).size < size);
    });
  }

  it('scans the last segment when it is shorter than its index says (its last record cut)', async () => {
    const bodies = await fill(6, 3000, 4);
    const segments = await storeFiles(dir, 'seg');
    const last = segments[segments.length - 1] as string;
    const size = (await fs.stat(last)).size;
    await fs.truncate(last, size - 100);

    const { store, logger } = await openReader();
    const ids = [...bodies.keys()];
    await expectHooks(store, bodies, ids.slice(0, -1));
    assert.deepEqual(logger.lines, []);
    await store.close();
  });

  it('scans a sealed segment shorter than its index says and keeps what is whole', async () => {
    const bodies = await fill(10, 3000, 4);
    const [sealed] = await storeFiles(dir, 'seg');
    assert.ok(sealed);
    await fs.truncate(sealed, (await fs.stat(sealed)).size - 100);

    const { store, logger } = await openReader();
    const ids = [...bodies.keys()];
    await expectHooks(store, bodies, [...ids.slice(0, 3), ...ids.slice(4)]);
    assert.equal(logger.at('error').length, 1, 'damage in a sealed segment is reported');
    await store.close();
  });

  for (const [name, prepare, remove] of [
    ['indexed segment deleted with its index', async () => undefined, ['seg', 'idx']],
    ['indexed segment deleted, its index not yet', async () => undefined, ['seg']],
    ['unindexed segment deleted', (segment: string) => fs.rm(indexOf(segment)), ['seg']],
  ] as const) {
    it(`skips a segment that retention deletes after the folder was listed (${name})`, async () => {
      const bodies = await fill(10, 3000, 4);
      const [oldest] = await storeFiles(dir, 'seg');
      assert.ok(oldest);
      await prepare(oldest);

      const { result, ran } = await afterListing(
        async () => {
          for (const ext of remove) await fs.rm(ext === 'seg' ? oldest : indexOf(oldest), { force: true });
        },
        () => openReader(),
      );
      assert.ok(ran);
      await expectHooks(result.store, bodies, [...bodies.keys()].slice(4));
      assert.deepEqual(result.logger.lines, []);
      await result.store.close();
    });
  }

  it('reads a segment that retention deletes while it is being scanned', async () => {
    const bodies = await fill(10, 3000, 4);
    const [oldest] = await storeFiles(dir, 'seg');
    assert.ok(oldest);
    await fs.rm(indexOf(oldest));

    const { result, ran } = await afterHandle(
      'stat',
      oldest,
      () => fs.rm(oldest),
      () => openReader(),
    );
    assert.ok(ran);
    // Still open, the file reads to its end (POSIX): its hooks are listed, the folder no longer has their bytes.
    const ids = [...bodies.keys()];
    assert.deepEqual(
      result.store.list().map((h) => h.id),
      [...ids].reverse(),
    );
    for (const id of ids.slice(4)) assert.deepEqual(await result.store.readBody(id), bodies.get(id));
    assert.deepEqual(result.logger.lines, []);
    await result.store.close();
  });

  it('reads the folder again when the writer moved past everything listed before it was read', async () => {
    const bodies = await fill(16, 3000, 4);
    const segments = await storeFiles(dir, 'seg');
    assert.equal(segments.length, 4);
    const newest = segments[3] as string;
    // The newest segment is not there yet when the folder is listed…
    const aside = path.join(dir, 'later');
    await fs.mkdir(aside);
    for (const file of [newest, indexOf(newest)]) await fs.rename(file, path.join(aside, path.basename(file)));

    const { result, ran } = await afterListing(
      async () => {
        // …then the writer seals the last one listed, starts it, and retention deletes all that was listed.
        for (const file of [newest, indexOf(newest)]) await fs.rename(path.join(aside, path.basename(file)), file);
        for (const segment of segments.slice(0, 3)) {
          await fs.rm(segment);
          await fs.rm(indexOf(segment));
        }
      },
      () => openReader(),
    );
    assert.ok(ran);
    await expectHooks(result.store, bodies, [...bodies.keys()].slice(12));
    assert.deepEqual(result.logger.lines, []);
    await result.store.close();
  });

  it('opens read-only again and again beside a writer process that seals and deletes segments all the time', async function () {
    this.timeout(15_000);
    const durable = path.join(__dirname, '..', '..', '..', 'src', 'core', 'store', 'durable');
    const fixtures = path.join(__dirname, 'fixtures', 'hooks');
    const child = spawn(process.execPath, ['-e', WRITER, durable, fixtures, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
    const writing = new Set<string>();
    const acked: string[] = [];
    const ackedIn = new Map<string, number>();
    let stderr = '';
    let pending = '';
    let opened: (directIo: boolean) => void = () => undefined;
    const started = new Promise<boolean>((resolve) => (opened = resolve));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, value, segment] = line.split(' ');
        if (kind === 'W') writing.add(value as string);
        else if (kind === 'A') {
          acked.push(value as string);
          ackedIn.set(value as string, Number(segment));
        } else if (kind === 'OPEN') opened(value === 'true');
      }
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const directIo = await Promise.race([started, exited.then(() => assert.fail(`writer failed: ${stderr}`))]);
    if (process.platform === 'linux') assert.equal(directIo, true, 'large appends go out with O_DIRECT');

    const failures: string[] = [];
    /** What each open listed; `mustList`: the newest hook acknowledged before it, when retention had kept it. */
    const listings: Array<{ ids: string[]; mustList: string | undefined; acked: boolean }> = [];
    const logger = new RecordingLogger();
    const end = Date.now() + 2000;
    while (Date.now() < end) {
      const newestAcked = acked[acked.length - 1];
      try {
        const store = await DurableHookStore.openReadOnly(dir, { logger });
        // A segment file is never made again: still there now, it was there all the time the open read.
        const kept = newestAcked !== undefined && fsSync.existsSync(segmentPath(dir, ackedIn.get(newestAcked) ?? -1));
        listings.push({
          ids: store.list().map((h) => h.id),
          mustList: kept ? newestAcked : undefined,
          acked: !!newestAcked,
        });
        await store.close();
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    child.stdin.end();
    assert.equal(await exited, 0, stderr);

    assert.deepEqual(failures, [], `${failures.length} of ${failures.length + listings.length} opens failed`);
    assert.deepEqual(logger.lines, [], 'a reader has nothing to report about a writer at work');
    assert.ok(listings.length >= 20, `only ${listings.length} opens`);
    assert.ok(acked.length >= 24, `only ${acked.length} hooks written: no segments deleted`);
    const checked = listings.filter((l) => l.mustList !== undefined).length;
    assert.ok(checked >= listings.length / 2, `only ${checked} opens could be checked for the newest hook`);
    for (const { ids, mustList, acked: after } of listings) {
      const unknown = ids.filter((id) => !writing.has(id));
      assert.deepEqual(unknown, [], 'only hooks the writer had acknowledged or was writing');
      assert.equal(new Set(ids).size, ids.length, 'each hook once');
      if (after) assert.ok(ids.length > 0, 'the writer keeps its newest hooks: never an empty listing');
      if (mustList !== undefined) assert.ok(ids.includes(mustList), `acknowledged ${mustList} is listed`);
    }
  });
});
