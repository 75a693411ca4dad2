import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { OutgoingRequest } from '../../../src/core/model/pulled';
import type { BodyDraft, RequestDraft, SecretField } from '../../../src/core/pull/draft';
import { exportCurl } from '../../../src/core/pull/curlExport';
import { buildRequest } from '../../../src/core/pull/draftRequest';
import { readEnvironments } from '../../../src/core/pull/environments';
import { emptyBody, newDraft } from '../../../src/webview/requestPanel/panelProtocol';
import { recordingServer, runBash, type Received } from '../curlRun';
import { tempDir } from '../helpers';

const on = (name: string, value: string) => ({ enabled: true, name, value });
const body = (change: Partial<BodyDraft>): BodyDraft => ({ ...emptyBody(), ...change });
const SECRETS: Record<SecretField, string> = {
  password: "pa ss'wörd",
  token: 'tok-123',
  apiKeyValue: 'k&y',
  clientSecret: 'cs',
};

function curlInstalled(): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The request as curl sent it, checked against what PushPull's own request would be. */
async function assertSameRequest(received: Received, expected: OutgoingRequest): Promise<void> {
  const url = new URL(expected.url);
  assert.equal(received.method, expected.method);
  assert.equal(received.url, `${url.pathname}${url.search}`);
  const got = (name: string) =>
    received.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
  const multipart = expected.headers.some(([n, v]) => n.toLowerCase() === 'content-type' && v.startsWith('multipart/'));
  for (const [name, value] of expected.headers) {
    if (multipart && name.toLowerCase() === 'content-type')
      assert.match(got(name)[0] ?? '', /^multipart\/form-data; boundary=/);
    else assert.deepEqual(got(name), [value], `header ${name}`);
  }
  const sent =
    expected.body.kind === 'bytes'
      ? Buffer.from(expected.body.bytes)
      : expected.body.kind === 'file'
        ? await fs.readFile(expected.body.path)
        : Buffer.alloc(0);
  if (!multipart) {
    assert.deepEqual(received.body, sent);
    return;
  }
  const read = async (bytes: Buffer, type: string) => [
    ...(await new Response(bytes, { headers: { 'content-type': type } }).formData()),
  ];
  const theirs = await read(received.body, got('content-type')[0] ?? '');
  const ours = await read(sent, expected.headers.find(([n]) => n === 'Content-Type')?.[1] ?? '');
  assert.equal(theirs.length, ours.length);
  for (const [index, [name, value]] of ours.entries()) {
    const [otherName, other] = theirs[index] ?? [];
    assert.equal(otherName, name);
    if (typeof value === 'string') assert.equal(other, value);
    else {
      assert.ok(other instanceof Blob);
      assert.equal((other as File).name, value.name);
      assert.deepEqual(Buffer.from(await other.arrayBuffer()), Buffer.from(await value.arrayBuffer()));
    }
  }
}

describe('core/pull/curlExport: the real curl sends what PushPull sends', function () {
  let dir = '';
  before(function () {
    if (!curlInstalled()) {
      console.log('    curl is not installed on this machine: the exported commands are not run (CI installs curl).');
      this.skip();
    }
  });
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function drafts(base: string): Promise<Array<[string, RequestDraft]>> {
    const png = path.join(dir, 'pic 1.png');
    await fs.writeFile(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]));
    const bin = path.join(dir, "data's.bin");
    await fs.writeFile(bin, Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    const d = (change: Partial<RequestDraft>): RequestDraft => ({
      ...newDraft('run'),
      url: `${base}/items/{{id}}?q=a%20b&x=1`,
      ...change,
    });
    return [
      ['a URL with brackets', d({ url: `${base}/v1/charges?expand[]=customer&b={x,y}&r=[1-2]` })],
      [
        'a GET with headers',
        d({ headers: [on('Accept', 'application/json'), on('X-Quote', `it's "q" $HOME \`x\``), on('X-Empty', '')] }),
      ],
      [
        'a JSON POST',
        d({ method: 'POST', body: body({ mode: 'json', text: '{\n  "name": "Jenny Rosen", "id": {{id}}\n}' }) }),
      ],
      ['an XML PUT', d({ method: 'PUT', body: body({ mode: 'xml', text: '<a>é</a>' }) })],
      ['a text body with a tab', d({ method: 'POST', body: body({ mode: 'text', text: 'one\ttwo\nthree' }) })],
      [
        'a form',
        d({ method: 'POST', body: body({ mode: 'form', form: [on('name', 'Jenny Rosen'), on('q', 'a&b=c/é+')] }) }),
      ],
      [
        'multipart with a file',
        d({
          method: 'POST',
          body: body({
            mode: 'multipart',
            multipart: [
              { enabled: true, kind: 'text', name: 'title', value: 'Hello, {{id}}' },
              { enabled: true, kind: 'text', name: 'odd', value: '@not;a file' },
              { enabled: true, kind: 'file', name: 'avatar', value: png },
            ],
          }),
        }),
      ],
      ['a binary file', d({ method: 'POST', body: body({ mode: 'binary', file: bin }) })],
      [
        'GraphQL',
        d({
          method: 'POST',
          body: body({
            mode: 'graphql',
            graphql: { query: '{ viewer { login } }', variables: '{"n": 12345678901234567890}' },
          }),
        }),
      ],
      ['Basic auth', d({ auth: { kind: 'basic', username: 'ada' } })],
      ['Bearer auth', d({ method: 'DELETE', auth: { kind: 'bearer' } })],
      ['an API key in the query', d({ auth: { kind: 'apiKey', name: 'api key', in: 'query' } })],
      ['an API key header', d({ auth: { kind: 'apiKey', name: 'X-Api-Key', in: 'header' } })],
      ['a HEAD', d({ method: 'HEAD' })],
      [
        'a custom method with its own Content-Type',
        d({ method: 'PURGE', headers: [on('Content-Type', 'text/x-custom')], body: body({ mode: 'text', text: 'x' }) }),
      ],
    ];
  }

  const environment = readEnvironments({ dev: { id: '42' } }).select('dev');
  const secrets = (field: SecretField) => SECRETS[field];

  it('with the secrets written in, for every body mode and auth', async () => {
    const server = await recordingServer();
    try {
      for (const [name, draft] of await drafts(server.url)) {
        const built = await buildRequest(draft, { environment, secrets });
        assert.ok(built.ok, name);
        const command = exportCurl(draft, { environment, secrets, showSecrets: true });
        const run = await runBash(`${command} \\\n  -sS -o /dev/null --max-time 20`);
        assert.equal(run.code, 0, `${name}: ${run.stderr}\n${command}`);
        const received = server.received.pop();
        assert.ok(received, name);
        await assertSameRequest(received, built.request).catch((error: Error) => {
          throw new Error(`${name}: ${error.message}\n${command}`);
        });
      }
    } finally {
      await server.close();
    }
  });

  it('with the secrets as shell variables set before it runs', async () => {
    const server = await recordingServer();
    try {
      for (const [name, draft] of (await drafts(server.url)).filter(([, d]) => d.auth.kind !== 'none')) {
        const built = await buildRequest(draft, { environment, secrets });
        assert.ok(built.ok, name);
        const command = exportCurl(draft, { environment });
        const exports = `PASSWORD=${`'pa ss'\\''wörd'`} TOKEN=tok-123 API_KEY='k&y'`;
        const run = await runBash(`export ${exports}\n${command} \\\n  -sS -o /dev/null --max-time 20`);
        assert.equal(run.code, 0, `${name}: ${run.stderr}`);
        const received = server.received.pop();
        assert.ok(received, name);
        if (draft.auth.kind === 'apiKey' && draft.auth.in === 'query') {
          // The shell puts the value in as it is; PushPull encodes it: k&y becomes a second parameter.
          assert.equal(received.url, '/items/42?q=a%20b&x=1&api%20key=k&y');
          continue;
        }
        await assertSameRequest(received, built.request);
      }
    } finally {
      await server.close();
    }
  });
});
