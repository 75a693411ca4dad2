import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as sender from '../../src/core/http';
import { LazyHttp } from '../../src/core/pull/lazyHttp';
import { tempDir } from './helpers';

describe('LazyHttp', () => {
  it('loads the sender bundle from its folder the first time, and only then', async () => {
    const dir = await tempDir('pushpull-lazy-http-');
    try {
      // A bundle that counts its loads and hands over the real sender.
      const real = require.resolve('../../src/core/http');
      await fs.writeFile(
        path.join(dir, 'http.js'),
        `globalThis.__pushpullHttpLoads = (globalThis.__pushpullHttpLoads ?? 0) + 1;\nmodule.exports = require(${JSON.stringify(real)});\n`,
      );
      const lazy = new LazyHttp(dir);
      const loads = (): unknown => (globalThis as { __pushpullHttpLoads?: number }).__pushpullHttpLoads;
      assert.equal(loads(), undefined);
      const first = lazy.get();
      assert.equal(first.sendRequest, sender.sendRequest);
      assert.equal(lazy.get(), first);
      assert.equal(loads(), 1);
    } finally {
      delete (globalThis as { __pushpullHttpLoads?: number }).__pushpullHttpLoads;
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('says which bundle is missing when it cannot be loaded, and tries again next time', async () => {
    const dir = await tempDir('pushpull-lazy-http-');
    try {
      const lazy = new LazyHttp(dir);
      assert.throws(() => lazy.get(), /PushPull's sender \(http\.js\) could not be loaded from /);
      await fs.writeFile(
        path.join(dir, 'http.js'),
        `module.exports = require(${JSON.stringify(require.resolve('../../src/core/http'))});\n`,
      );
      assert.equal(lazy.get().sendRequest, sender.sendRequest);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
