import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { HistoryStore } from '../../../../src/core/store/history';
import { tempDir } from '../../helpers';
import { exchange, spill, text } from './fixtures/exchanges';

/** Every byte the history wrote, as one string: a secret must be in none of its files. */
async function everythingOnDisk(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) parts.push((await fs.readFile(path.join(entry.parentPath, entry.name))).toString('latin1'));
  }
  return parts.join('\n');
}

describe('HistoryStore: masking before anything is written', () => {
  let dir: string;
  let store: HistoryStore;

  beforeEach(async () => {
    dir = await tempDir('pushpull-history-mask-');
    store = await HistoryStore.open(dir);
  });

  afterEach(async () => {
    await store.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('masks credential and cookie headers keeping the scheme word and cookie names, and the names given', async () => {
    const sent = exchange({
      requestHeaders: [
        ['Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig'],
        ['Proxy-Authorization', 'Basic dXNlcjpwcm94eXBhc3M='],
        ['Cookie', 'session=s3cr3tsession; theme=dark'],
        ['X-Api-Key', 'key-1234567890'],
        ['Accept', 'application/json'],
      ],
      responseHeaders: [
        ['content-type', 'application/json'],
        ['Set-Cookie', 'sid=abcdef123456; Path=/; HttpOnly'],
      ],
    });
    await store.add(sent, { secretHeaders: ['x-API-key'] });
    const kept = await store.get(sent.id);
    assert.deepEqual(kept?.request.headers, [
      ['Authorization', 'Bearer •••'],
      ['Proxy-Authorization', 'Basic •••'],
      ['Cookie', 'session=•••; theme=•••'],
      ['X-Api-Key', '•••'],
      ['Accept', 'application/json'],
    ]);
    assert.deepEqual(kept?.response.headers, [
      ['content-type', 'application/json'],
      ['Set-Cookie', 'sid=•••; Path=/; HttpOnly'],
    ]);
    await store.dispose();
    const disk = await everythingOnDisk(dir);
    for (const secret of ['c2VjcmV0', 'dXNlcjpwcm94eXBhc3M', 's3cr3tsession', 'key-1234567890', 'abcdef123456']) {
      assert.ok(!disk.includes(secret), `${secret} is on disk`);
    }
  });

  it('removes userinfo from URLs and replaces secret values in the query, headers, redirects and request body', async () => {
    const token = 'tok_live_ABCDEF';
    const sent = exchange({
      url: `https://alice:hunter2@api.example.com/v1/things?api_key=${token}&q=1`,
      requestHeaders: [['X-Note', `made with ${token}`]],
      requestBody: { kind: 'bytes', bytes: Buffer.from(`{"token":"${token}","other":"kept as sent"}`) },
    });
    const withRedirect = {
      ...sent,
      response: {
        ...sent.response,
        redirects: [
          {
            url: sent.request.url,
            status: 302,
            headers: [['location', `https://bob:pw@next.example.com/?k=${encodeURIComponent(token)}`] as const],
            location: `https://bob:pw@next.example.com/?k=${token}`,
          },
        ],
      },
    };
    const summary = await store.add(withRedirect, { secretValues: [token] });
    assert.equal(summary.url, 'https://api.example.com/v1/things?api_key=•••&q=1');
    const kept = await store.get(sent.id);
    assert.equal(kept?.request.url, 'https://api.example.com/v1/things?api_key=•••&q=1');
    assert.deepEqual(kept?.request.headers, [['X-Note', 'made with •••']]);
    assert.equal(kept?.response.redirects[0]?.location, 'https://next.example.com/?k=•••');
    assert.deepEqual(kept?.response.redirects[0]?.headers, [['location', 'https://next.example.com/?k=•••']]);
    assert.equal(
      text(kept?.request.body.kind === 'bytes' ? kept.request.body.bytes : undefined),
      '{"token":"•••","other":"kept as sent"}',
    );
    await store.dispose();
    const disk = await everythingOnDisk(dir);
    assert.ok(!disk.includes(token));
    assert.ok(!disk.includes('hunter2'));
  });

  it('replaces a secret value in a request body file, also where it straddles two chunks of the copy', async () => {
    const token = 'sekrit-value-42';
    // The copy reads 1 MiB at a time: put one occurrence across that boundary, one at the very end.
    const body = Buffer.concat([
      Buffer.alloc(1024 * 1024 - 5, 'a'),
      Buffer.from(token),
      Buffer.alloc(1000, 'b'),
      Buffer.from(token),
    ]);
    const file = (await spill(store.spillDir, 'upload', body)) as { path: string; size: number };
    const sent = exchange({ requestBody: { kind: 'file', path: file.path, size: file.size } });
    await store.add(sent, { secretValues: [token] });
    const kept = await store.get(sent.id);
    assert.equal(kept?.request.body.kind, 'file');
    const stored = await fs.readFile(kept?.request.body.kind === 'file' ? kept.request.body.path : '');
    const expected = Buffer.concat([
      Buffer.alloc(1024 * 1024 - 5, 'a'),
      Buffer.from('•••'),
      Buffer.alloc(1000, 'b'),
      Buffer.from('•••'),
    ]);
    assert.ok(stored.equals(expected));
    await assert.rejects(fs.stat(file.path), { code: 'ENOENT' }, 'a spilled request body is moved');
  });

  it('keeps everything as sent when masking is off', async () => {
    const sent = exchange({
      url: 'https://api.example.com/?api_key=plain',
      requestHeaders: [
        ['Authorization', 'Bearer visible-token'],
        ['Cookie', 'a=1'],
      ],
      requestBody: { kind: 'bytes', bytes: Buffer.from('plain body') },
    });
    await store.add(sent, { mask: false, secretValues: ['plain'] });
    const kept = await store.get(sent.id);
    assert.equal(kept?.request.url, 'https://api.example.com/?api_key=plain');
    assert.deepEqual(kept?.request.headers, sent.request.headers);
    assert.equal(text(kept?.request.body.kind === 'bytes' ? kept.request.body.bytes : undefined), 'plain body');
  });

  it('masks an Authorization value without a scheme word whole', async () => {
    const sent = exchange({ requestHeaders: [['authorization', 'rawtokenwithoutscheme']] });
    await store.add(sent);
    assert.deepEqual((await store.get(sent.id))?.request.headers, [['authorization', '•••']]);
  });
});
