import * as assert from 'node:assert/strict';
import { toCurl } from '../../src/core/export/curl';
import { recordingServer, runBash } from './curlRun';
import { hookMeta } from './helpers';

describe('Copy as cURL: text bodies on the command line up to 64 KiB, through stdin past it', function () {
  this.timeout(60_000);
  let app: Awaited<ReturnType<typeof recordingServer>>;
  beforeEach(async () => (app = await recordingServer()));
  afterEach(() => app.close());

  /** The command for a POST of `body`, run with bash and curl; the body as the server received it. */
  async function sent(body: Buffer): Promise<{ command: string; got: Buffer }> {
    const hook = hookMeta({ fullUrl: `${app.url}/x`, headers: [['Content-Type', 'text/plain']] });
    const command = toCurl(hook, body);
    const result = await runBash(`${command} --silent --show-error --output /dev/null`);
    assert.equal(result.code, 0, `curl exited ${result.code}:\n${result.stderr}`);
    assert.equal(app.received.length, 1);
    return { command, got: app.received[0]?.body ?? Buffer.alloc(0) };
  }

  it('puts a text body of exactly 64 KiB on the command line, and it arrives exactly', async () => {
    const body = Buffer.from(`${'a'.repeat(64 * 1024 - 2)}é`);
    assert.equal(body.length, 64 * 1024);
    const { command, got } = await sent(body);
    assert.match(command, /--data-raw '/);
    assert.doesNotMatch(command, /--data-binary @-/);
    assert.deepEqual(got, body);
  });

  it('sends a text body one byte longer through stdin, and it arrives exactly', async () => {
    const body = Buffer.from(`${'a'.repeat(64 * 1024 - 1)}é`);
    assert.equal(body.length, 64 * 1024 + 1);
    const { command, got } = await sent(body);
    assert.match(command, /--data-binary @-$/);
    assert.doesNotMatch(command, /--data-raw/);
    assert.deepEqual(got, body);
  });
});
