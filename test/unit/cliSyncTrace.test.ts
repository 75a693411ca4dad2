import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { CLI } from './cliProcess';
import { send, tempDir } from './helpers';
import { parseStrace, type Syscall } from './straceLog';

const WRITES = new Set(['write', 'writev', 'pwrite64', 'pwritev', 'pwritev2']);

/** `pushpull listen` under strace, recording the calls that write and sync. */
async function tracedListen(
  store: string,
  trace: string,
): Promise<{ url: string; stop(): Promise<void>; kill(): void }> {
  const strace = spawn(
    'strace',
    [
      '-f',
      '-qq',
      // Long enough for the head of every record (its id) and the whole of every answer.
      '-s',
      '65536',
      '-o',
      trace,
      '-e',
      'trace=openat,close,fdatasync,fsync,write,writev,pwrite64,pwritev,pwritev2',
      process.execPath,
      CLI,
      'listen',
      '--store',
      store,
      '--port',
      '0',
      '--max-hooks-per-second',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => strace.on('close', resolve));
  let stderr = '';
  strace.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    strace.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^listening on (http:\/\/\S+)\n/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`strace exited ${code}: ${stderr}`)));
  });
  // The listener is strace's child; strace passes no signal on to it.
  const children = await fs.readFile(`/proc/${strace.pid}/task/${strace.pid}/children`, 'utf8');
  const listener = Number(children.trim().split(/\s+/)[0]);
  assert.ok(listener > 0, `no process under strace: ${children}`);
  return {
    url,
    async stop() {
      process.kill(listener, 'SIGINT');
      assert.equal(await exited, 0, stderr);
    },
    kill() {
      killQuietly(listener);
      killQuietly(strace);
    },
  };
}

function killQuietly(target: number | ChildProcess): void {
  try {
    if (typeof target === 'number') process.kill(target, 'SIGKILL');
    else target.kill('SIGKILL');
  } catch {
    // Gone already.
  }
}

/**
 * For hook `id`: the first write to a segment carrying it (its record), the first fdatasync of that segment
 * begun after that write returned, and the first write of an answer carrying it.
 */
function callsOf(calls: readonly Syscall[], id: string): { record?: Syscall; sync?: Syscall; answer?: Syscall } {
  const record = calls.find((c) => WRITES.has(c.name) && c.segment && c.result > 0 && c.args.includes(id));
  const sync =
    record &&
    calls.find(
      (c) => (c.name === 'fdatasync' || c.name === 'fsync') && c.segment === record.segment && c.entry > record.exit,
    );
  const answer = calls.find(
    (c) => WRITES.has(c.name) && !c.segment && c.args.includes('HTTP/1.1 200 ') && c.args.includes(id),
  );
  return { record, sync, answer };
}

describe('pushpull listen under strace: every hook answered 200 was synced first', function () {
  this.timeout(60_000);
  let dir: string;
  let traced: { kill(): void } | undefined;

  beforeEach(async () => {
    dir = await tempDir('pushpull-strace-');
  });

  afterEach(async () => {
    traced?.kill();
    traced = undefined;
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('writes each record, then fdatasyncs its segment, then writes the answer (one at a time, concurrent, large)', async function () {
    if (spawnSync('strace', ['-V']).error) {
      this.test!.title += ' (skipped: strace is not installed; scripts/vscode/install-system.sh installs it)';
      this.skip();
    }
    const trace = path.join(dir, 'trace');
    const listening = await tracedListen(path.join(dir, 'store'), trace);
    traced = listening;
    const answers: Array<{ status: number; body: Buffer }> = [];
    for (let i = 0; i < 10; i++) answers.push(await send(`${listening.url}/one`, { body: `{"one":${i}}` }));
    // Large enough for O_DIRECT where the file system takes it.
    for (let i = 0; i < 2; i++) answers.push(await send(`${listening.url}/large`, { body: randomBytes(300_000) }));
    answers.push(
      ...(await Promise.all(
        Array.from({ length: 10 }, (_, i) => send(`${listening.url}/batch`, { body: `{"batch":${i}}` })),
      )),
    );
    await listening.stop();

    const ids = answers.map(({ status, body }) => {
      assert.equal(status, 200, body.toString());
      return (JSON.parse(body.toString()) as { id: string }).id;
    });
    const calls = parseStrace(await fs.readFile(trace, 'utf8'));
    for (const id of ids) {
      const { record, sync, answer } = callsOf(calls, id);
      assert.ok(record, `${id}: no write of its record to a segment`);
      assert.ok(answer, `${id}: no write of its answer`);
      assert.ok(record.exit < answer.entry, `${id}: answered (line ${answer.entry}) before its record was written`);
      assert.ok(
        sync && sync.exit < answer.entry,
        `${id}: answered (line ${answer.entry}) with no fdatasync of ${record.segment} begun after its record was written (line ${record.exit}) and returned before`,
      );
      assert.equal(sync.result, 0, `${id}: fdatasync failed`);
    }
  });
});
