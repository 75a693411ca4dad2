import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { exchangeToCurl } from '../../../src/core/export/exchangeCurl';
import { MASKED } from '../../../src/core/export/exchangeShared';
import { recordingServer, runBash } from '../curlRun';
import { tempDir } from '../helpers';
import { pulledExchange } from './exchangeFixture';

const hasCurl = ['/usr/bin/curl', '/usr/local/bin/curl', '/bin/curl'].some((file) => existsSync(file));

describe('Exchange → cURL', () => {
  it('reads as a short command: GET without -X, the URL quoted, safety options, the headers in their order', () => {
    const text = exchangeToCurl(
      pulledExchange({
        url: 'https://api.example.com/repos?q=a b',
        headers: [
          ['Accept', 'application/json'],
          ['User-Agent', 'PushPull/0.1.0'],
          ['X-Two', 'a'],
          ['X-Two', 'b'],
        ],
      }),
    );
    assert.equal(
      text,
      [
        "curl 'https://api.example.com/repos?q=a b'",
        "-g --path-as-is --proto '=http,https' --proto-redir '=http,https'",
        "-H 'Accept: application/json'",
        "-H 'User-Agent: PushPull/0.1.0'",
        "-H 'X-Two: a'",
        "-H 'X-Two: b'",
      ].join(' \\\n  '),
    );
  });

  it('leaves masked headers out and says which, instead of sending ••• as a credential', () => {
    const exchange = pulledExchange({
      headers: [
        ['Authorization', MASKED],
        ['X-Api-Key', `k-${MASKED}`],
        ['Accept', '*/*'],
      ],
    });
    const text = exchangeToCurl(exchange);
    assert.doesNotMatch(text, /•••|k-/);
    assert.match(text, /^# The history keeps Authorization, X-Api-Key masked: add them with -H/);
    assert.match(text, /-H 'Accept: \*\/\*'/);
  });

  it('follows redirects only when the exchange did', () => {
    const hop = { url: 'http://a/', status: 302, headers: [], location: 'http://b/' };
    assert.doesNotMatch(exchangeToCurl(pulledExchange()), /--location/);
    assert.match(exchangeToCurl(pulledExchange({}, { redirects: [hop] })), /--location/);
  });

  (hasCurl ? it : it.skip)(
    'sends the same method, target, headers and body bytes when curl runs it against a real server',
    async () => {
      const server = await recordingServer();
      const dir = await tempDir();
      try {
        const binary = Buffer.from([0, 1, 2, 0xff, 0x27, 0x0a, 0x41]);
        const file = path.join(dir, "it's a file.bin");
        await fs.writeFile(file, Buffer.from('from a file\n'));
        const cases = [
          pulledExchange({
            method: 'POST',
            url: `${server.url}/orders?x=1&y=[2]`,
            headers: [
              ['Content-Type', 'application/json'],
              ['X-Quote', `it's "quoted" $HOME`],
              ['Host', 'ignored.example'],
            ],
            body: { kind: 'bytes', bytes: Buffer.from('{"name":"Zoë\'s","n":1}\n') },
          }),
          pulledExchange({
            method: 'PUT',
            url: `${server.url}/bin`,
            headers: [['Content-Type', 'application/octet-stream']],
            body: { kind: 'bytes', bytes: binary },
          }),
          pulledExchange({ method: 'DELETE', url: `${server.url}/items/7`, headers: [] }),
          pulledExchange({ method: 'PATCH', url: `${server.url}/file`, body: { kind: 'file', path: file, size: 12 } }),
        ];
        for (const exchange of cases) {
          const run = await runBash(`${exchangeToCurl(exchange)} --silent --output /dev/null`);
          assert.equal(run.code, 0, run.stderr);
        }
        const [post, put, del, patch] = server.received;
        assert.equal(post?.method, 'POST');
        assert.equal(post?.url, '/orders?x=1&y=[2]');
        assert.deepEqual(post?.body, Buffer.from('{"name":"Zoë\'s","n":1}\n'));
        const names = post?.headers.map(([n]) => n.toLowerCase());
        assert.deepEqual(
          names?.filter((n) => n.startsWith('x-') || n === 'content-type'),
          ['content-type', 'x-quote'],
        );
        assert.equal(post?.headers.find(([n]) => n === 'X-Quote')?.[1], `it's "quoted" $HOME`);
        assert.ok(!names?.includes('user-agent'), 'curl added no User-Agent the request did not have');
        assert.notEqual(post?.headers.find(([n]) => n.toLowerCase() === 'host')?.[1], 'ignored.example');
        assert.equal(put?.method, 'PUT');
        assert.deepEqual(put?.body, binary);
        assert.equal(del?.method, 'DELETE');
        assert.equal(del?.url, '/items/7');
        assert.equal(patch?.method, 'PATCH');
        assert.deepEqual(patch?.body, Buffer.from('from a file\n'));
      } finally {
        await server.close();
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  );
});
