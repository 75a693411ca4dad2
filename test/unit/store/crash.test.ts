import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as path from 'node:path';
import { DurableHookStore, StoreLockedError } from '../../../src/core/store/durable';
import { tempDir } from '../helpers';
import { RecordingLogger } from './fixtures/hooks';

const CHILD = path.join(__dirname, 'fixtures', 'crashChild.js');

/** Starts the listener child and resolves with its port once it printed it. */
function startChild(
  dir: string,
  segmentBytes: number,
  mode: 'direct' | 'buffered',
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [CHILD, dir, String(segmentBytes), mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PORT (\d+)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before listening: ${stderr}`)));
  });
}

interface Ack {
  readonly id: string;
  readonly body: Buffer;
}

/** POSTs `body`; resolves with the id of a 2xx answer, undefined for anything else (reset, refused, 5xx). */
function post(agent: http.Agent, port: number, body: Buffer): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/crash?x=1',
        agent,
        headers: { 'content-type': 'application/octet-stream' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) return resolve(undefined);
          try {
            resolve((JSON.parse(Buffer.concat(chunks).toString()) as { id?: string }).id);
          } catch {
            resolve(undefined);
          }
        });
        res.on('error', () => resolve(undefined));
      },
    );
    req.on('error', () => resolve(undefined));
    req.end(body);
  });
}

function randomBody(): Buffer {
  const roll = Math.random();
  const size = roll < 0.7 ? 200 + Math.floor(Math.random() * 2000) : roll < 0.95 ? 20_000 : 150_000;
  return randomBytes(size);
}

describe('DurableHookStore: kill -9 in the middle of a load', function () {
  this.timeout(60_000);
  let dir: string;
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    dir = await tempDir('pushpull-crash-');
  });

  afterEach(async () => {
    child?.kill('SIGKILL');
    await fs.rm(dir, { recursive: true, force: true });
  });

  for (const mode of ['direct', 'buffered'] as const) {
    it(`keeps every hook that was answered 2xx, with its exact bytes, and takes over the dead writer’s lock (${mode} appends)`, async () => {
      const started = await startChild(dir, 512 * 1024, mode);
      child = started.child;
      const exited = new Promise<void>((resolve) => started.child.on('exit', () => resolve()));

      // While the child lives, it owns the store.
      const locked = await DurableHookStore.open(dir).then(
        () => assert.fail('the child holds the lock'),
        (e: unknown) => e,
      );
      assert.ok(locked instanceof StoreLockedError);
      assert.equal(locked.owner.pid, started.child.pid);
      assert.equal(locked.owner.description, 'crash test child');

      const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
      const acks: Ack[] = [];
      let killed = false;
      const sender = async (): Promise<void> => {
        while (!killed) {
          const body = randomBody();
          const id = await post(agent, started.port, body);
          if (id) acks.push({ id, body });
        }
      };
      const senders = Array.from({ length: 50 }, () => sender());
      const deadline = Date.now() + 10_000;
      while (acks.length < 1500 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      started.child.kill('SIGKILL');
      killed = true;
      await exited;
      await Promise.all(senders);
      agent.destroy();
      assert.ok(acks.length >= 200, `the load was running when killed (${acks.length} acknowledged)`);

      const logger = new RecordingLogger();
      const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, logger });
      try {
        assert.ok(
          logger.at('warn').some((m) => m.includes('took over the lock')),
          'the dead child’s lock is taken over',
        );
        assert.equal(logger.at('error').length, 0, logger.at('error').join('\n'));
        const missing = acks.filter((ack) => !store.get(ack.id));
        assert.deepEqual(
          missing.map((m) => m.id),
          [],
          `${missing.length} of ${acks.length} acknowledged hooks are missing`,
        );
        for (const ack of acks) {
          const body = await store.readBody(ack.id);
          assert.ok(body && Buffer.from(body).equals(ack.body), `body of ${ack.id}`);
        }
        assert.ok(store.size >= acks.length);
        assert.equal(new Set(store.list().map((h) => h.id)).size, store.size, 'no duplicates');
      } finally {
        await store.close();
      }
    });
  }
});
