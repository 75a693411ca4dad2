import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RequestError } from '../../../src/core/http/errors';
import { pull } from '../../../src/core/http/pull';
import type { OutgoingRequest } from '../../../src/core/model/pulled';
import { bytesOf, httpServer, tempFolder } from './servers';

function get(url: string): OutgoingRequest {
  return { method: 'GET', url, headers: [], body: { kind: 'none' } };
}

/** A fresh spill folder and a promise that resolves once a body file appears in it. */
async function watchedSpill(): Promise<{ dir: string; spilled: Promise<void>; close(): void }> {
  const dir = path.join(await tempFolder(), 'spill');
  fs.mkdirSync(dir);
  let close = (): void => undefined;
  const spilled = new Promise<void>((resolve) => {
    const watcher = fs.watch(dir, () => resolve());
    close = () => watcher.close();
  });
  return { dir, spilled, close };
}

function code(expected: string, message?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof RequestError, String(error));
    assert.equal(error.code, expected, error.message);
    if (message) assert.match(error.message, message);
    return true;
  };
}

describe('pull: failures', () => {
  it('reports a reset in the middle of the body as CONNECTION_RESET and removes the spilled file', async () => {
    const spill = await watchedSpill();
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': '1000000' });
      res.write(Buffer.alloc(100_000, 1));
      void spill.spilled.then(() => res.socket?.resetAndDestroy());
    });
    try {
      await assert.rejects(
        pull(get(server.url), { spillDir: spill.dir, memoryThresholdBytes: 10_000 }),
        code('CONNECTION_RESET', /closed the connection/),
      );
      assert.deepEqual(fs.readdirSync(spill.dir), []);
    } finally {
      spill.close();
      await server.close();
    }
  });

  it('reads a body that comes in many pieces to its end', async () => {
    const piece = Buffer.from('0123456789'.repeat(100));
    const server = await httpServer((_req, res) => {
      let left = 50;
      const next = (): void => {
        if (left-- === 0) return void res.end();
        res.write(piece);
        setImmediate(next);
      };
      next();
    });
    try {
      const response = await pull(get(server.url), { spillDir: await tempFolder(), memoryThresholdBytes: 10_000 });
      assert.ok((await bytesOf(response.raw)).equals(Buffer.concat(Array.from({ length: 50 }, () => piece))));
    } finally {
      await server.close();
    }
  });

  it('gives up on a body that stops coming (TIMEOUT) and removes the spilled file', async () => {
    const spill = await watchedSpill();
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': '1000000' });
      res.write(Buffer.alloc(50_000, 1));
    });
    try {
      await assert.rejects(
        pull(get(server.url), { spillDir: spill.dir, memoryThresholdBytes: 10_000, timeoutMs: 300 }),
        code('TIMEOUT', /did not answer in time/),
      );
      assert.deepEqual(fs.readdirSync(spill.dir), []);
    } finally {
      spill.close();
      await server.close();
    }
  });

  it('gives up on a body that keeps trickling past the total time (TIMEOUT)', async () => {
    const server = await httpServer((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(timer));
    });
    try {
      await assert.rejects(
        pull(get(server.url), { spillDir: await tempFolder(), totalTimeoutMs: 300 }),
        code('TIMEOUT', /did not finish within 0.3 s/),
      );
    } finally {
      await server.close();
    }
  });

  it('cancels a request waiting for its answer (CANCELLED)', async () => {
    const controller = new AbortController();
    const server = await httpServer(() => controller.abort());
    try {
      await assert.rejects(
        pull(get(server.url), { spillDir: await tempFolder(), signal: controller.signal }),
        code('CANCELLED'),
      );
    } finally {
      await server.close();
    }
  });

  it('cancels a request in the middle of its body (CANCELLED) and removes the spilled file', async () => {
    const spill = await watchedSpill();
    const controller = new AbortController();
    void spill.spilled.then(() => controller.abort());
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': '1000000' });
      res.write(Buffer.alloc(50_000, 1));
    });
    try {
      await assert.rejects(
        pull(get(server.url), { spillDir: spill.dir, memoryThresholdBytes: 10_000, signal: controller.signal }),
        code('CANCELLED'),
      );
      assert.deepEqual(fs.readdirSync(spill.dir), []);
    } finally {
      spill.close();
      await server.close();
    }
  });

  it('does not send a request whose signal was already aborted', async () => {
    let reached = false;
    const server = await httpServer((_req, res) => {
      reached = true;
      res.end();
    });
    try {
      await assert.rejects(
        pull(get(server.url), { spillDir: await tempFolder(), signal: AbortSignal.abort() }),
        code('CANCELLED'),
      );
      assert.equal(reached, false);
    } finally {
      await server.close();
    }
  });
});
