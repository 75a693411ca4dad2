import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { DurableHookStore } from '../../../src/core/store/durable';
import { tempDir } from '../helpers';
import { RecordingLogger } from './fixtures/hooks';

const CHILD = path.join(__dirname, 'fixtures', 'writeLimitChild.js');

describe('DurableHookStore: a write that fails', function () {
  this.timeout(20_000);
  let dir: string;

  before(function () {
    // `ulimit -f` needs a POSIX shell; Windows has no such limit.
    if (process.platform === 'win32') this.skip();
  });

  beforeEach(async () => {
    dir = await tempDir('pushpull-efbig-');
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  for (const [size, limitKiB, how] of [
    [10_000, 64, 'buffered'],
    [300_000, 2048, 'direct I/O'],
  ] as const) {
    it(`refuses the hook with STORE_WRITE_FAILED, cuts the partial record off and keeps every acknowledged one (${how})`, async () => {
      // bash counts `ulimit -f` in KiB: the segment file cannot grow past the limit.
      const command = `ulimit -f ${limitKiB} && exec "${process.execPath}" "${CHILD}" "${dir}" ${size}`;
      const out = execFileSync('bash', ['-c', command], { encoding: 'utf8' });
      const match = /RESULT (.*)/.exec(out);
      assert.ok(match, out);
      const { acked, errors } = JSON.parse(match[1] as string) as { acked: string[]; errors: string[] };
      assert.ok(acked.length >= 3 && acked.length < 20, `${acked.length} acknowledged before the limit`);
      assert.ok(errors.length > 0 && errors.every((code) => code === 'STORE_WRITE_FAILED'), errors.join());

      const logger = new RecordingLogger();
      const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, logger });
      try {
        assert.deepEqual(
          store.list().map((h) => h.id),
          [...acked].reverse(),
        );
        for (const id of acked) assert.equal((await store.readBody(id))?.length, size);
        assert.deepEqual(logger.at('error'), [], 'no damaged record was left behind');
        assert.deepEqual(logger.at('warn'), [], 'no torn tail either: the partial write was cut off at once');
      } finally {
        await store.close();
      }
    });
  }
});
