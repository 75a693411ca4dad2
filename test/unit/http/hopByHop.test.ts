import * as assert from 'node:assert/strict';
import { toCurl } from '../../../src/core/export/curl';
import { toHttpRequest } from '../../../src/core/export/httpFile';
import { HOP_BY_HOP_HEADERS, endToEndHeaders } from '../../../src/core/http/hopByHop';
import { forwardReceived } from '../../../src/core/relay/forward';
import { hookMeta, startServer } from '../helpers';
import { sendExact } from '../../../src/core/http/send';

/** A hook that came with every header that describes its connection, in mixed case, and two of its own. */
const HEADERS: Array<[string, string]> = [
  ['Host', 'example.com'],
  ['Connection', 'keep-alive, Upgrade'],
  ['Keep-Alive', 'timeout=5'],
  ['Proxy-Connection', 'keep-alive'],
  ['Transfer-Encoding', 'chunked'],
  ['Upgrade', 'h2c'],
  ['TE', 'trailers'],
  ['Trailer', 'X-Checksum'],
  ['Content-Length', '2'],
  ['X-Event', 'push'],
  ['x-event', 'again'],
];
const KEPT = [
  ['X-Event', 'push'],
  ['x-event', 'again'],
];

describe('one list of hop-by-hop headers', () => {
  it('names the nine headers that forwards, replays and exports never send again', () => {
    assert.deepEqual([...HOP_BY_HOP_HEADERS].sort(), [
      'connection',
      'content-length',
      'host',
      'keep-alive',
      'proxy-connection',
      'te',
      'trailer',
      'transfer-encoding',
      'upgrade',
    ]);
    assert.deepEqual(endToEndHeaders(HEADERS), KEPT);
  });

  it('is what Copy as cURL, Copy as .http and a forward leave out, all alike', async () => {
    const hook = hookMeta({ headers: HEADERS, fullUrl: 'http://example.com/x' });
    const body = Buffer.from('{}');
    const curl = toCurl(hook, body);
    const http = toHttpRequest(hook, body);
    for (const [name] of HEADERS) {
      const sent = KEPT.some(([kept]) => kept === name);
      assert.equal(curl.includes(`-H '${name}: `), sent, `cURL: ${name}`);
      assert.equal(new RegExp(`^${name}: `, 'm').test(http), sent, `.http: ${name}`);
    }
    const seen: string[][] = [];
    const app = await startServer((req, res) => {
      seen.push(req.rawHeaders);
      res.end('ok');
    });
    try {
      const result = await forwardReceived(hook, body, app.url, { send: sendExact });
      assert.equal(result.status, 200, result.error);
      const pairs: Array<[string, string]> = [];
      const raw = seen[0] ?? [];
      for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] ?? '', raw[i + 1] ?? '']);
      // Host and Content-Length are the target's and the body's own; the rest is what the hook came with.
      const own = pairs.filter(([name]) => !/^(host|content-length|connection)$/i.test(name));
      assert.deepEqual(own, KEPT);
      assert.equal(pairs.find(([name]) => /^host$/i.test(name))?.[1], `127.0.0.1:${app.port}`);
      assert.equal(pairs.find(([name]) => /^content-length$/i.test(name))?.[1], '2');
    } finally {
      await app.close();
    }
  });
});
