import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { killChildren, run } from './cliProcess';
import { tempDir } from './helpers';

const CORPUS = path.resolve(__dirname, '../../../test/fixtures/httpFiles');

describe('pushpull parse (the real executable)', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir('pushpull-cli-parse-');
  });
  afterEach(async () => {
    await killChildren();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function parseJson(text: string): Promise<unknown> {
    const file = path.join(dir, 'requests.http');
    await fs.writeFile(file, text);
    const ran = await run(['parse', file, '--json']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stderr, '');
    return JSON.parse(ran.stdout.toString());
  }

  it('prints one JSON array, a request an element, in file order, variables unresolved', async () => {
    const parsed = await parseJson(
      [
        '@host = https://example.com',
        '',
        '### Login',
        '# @name login',
        'POST {{host}}/login HTTP/1.1',
        'Content-Type: application/json',
        'X-Empty:',
        '',
        '{',
        '  "user": "{{user}}"',
        '}',
        '',
        '> {% client.global.set("t", response.body.token); %}',
        '',
        'GET /items',
        '    ?page=1',
        '    &size={{size}}#top',
        'Authorization: Bearer {{login.response.body.$.token}}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(parsed, [
      {
        name: 'login',
        method: 'POST',
        url: '{{host}}/login',
        headers: [
          ['Content-Type', 'application/json'],
          ['X-Empty', ''],
        ],
        body: '{\n  "user": "{{user}}"\n}',
        line: 5,
      },
      {
        name: null,
        method: 'GET',
        url: '/items?page=1&size={{size}}#top',
        headers: [['Authorization', 'Bearer {{login.response.body.$.token}}']],
        body: null,
        line: 15,
      },
    ]);
  });

  it('gives a body of one < file line as { file, substitute }, and a multipart body as text with its < lines', async () => {
    const parsed = await parseJson(
      [
        'POST /raw',
        '',
        '< ./payload.bin',
        '###',
        'POST /template',
        '',
        '<@latin1 ./template.txt',
        '###',
        'POST /upload',
        'Content-Type: multipart/form-data; boundary=B',
        '',
        '--B',
        'Content-Disposition: form-data; name="f"; filename="a.png"',
        '',
        '< ./a.png',
        '--B',
        'Content-Disposition: form-data; name="t"',
        '',
        '<@ ./t.txt',
        '--B--',
      ].join('\r\n'),
    );
    assert.deepEqual(
      (parsed as Array<{ body: unknown }>).map((r) => r.body),
      [
        { file: './payload.bin', substitute: false },
        { file: './template.txt', substitute: true },
        '--B\nContent-Disposition: form-data; name="f"; filename="a.png"\n\n< ./a.png\n--B\n' +
          'Content-Disposition: form-data; name="t"\n\n<@ ./t.txt\n--B--',
      ],
    );
  });

  it('reads every dialect of the corpus with the line of each request line', async () => {
    const ran = await run(['parse', path.join(CORPUS, 'dialect-jetbrains.http'), '--json']);
    assert.equal(ran.code, 0, ran.stderr);
    const parsed = JSON.parse(ran.stdout.toString()) as Array<{ method: string; url: string; line: number }>;
    assert.deepEqual(
      parsed.map((r) => [r.line, r.method, r.url]),
      [
        [2, 'POST', 'https://httpbin.org/post'],
        [14, 'GET', 'https://httpbin.org/headers'],
        [20, 'POST', 'https://httpbin.org/post'],
        [36, 'GET', 'http://localhost:80/api/item?id=99&name=foo'],
      ],
    );
  });

  it('lists requests and problems for a person without --json, and still exits 0', async () => {
    const file = path.join(dir, 'broken.http');
    await fs.writeFile(file, '# @name first\nGET https://example.com/a\nnot a header\n\n###\nPOST\n');
    const ran = await run(['parse', file]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(
      ran.stdout.toString(),
      '2\tGET https://example.com/a  first\n6\tPOST\n3:1\terror BAD_HEADER: A header is written "Name: value"; ' +
        'a blank line goes before the body.\n6:1\terror MISSING_URL: The request line has no URL.\n',
    );
  });

  it('exits 2 with one line on stderr for a file it cannot read', async () => {
    for (const target of [path.join(dir, 'missing.http'), dir]) {
      const ran = await run(['parse', target, '--json']);
      assert.equal(ran.code, 2);
      assert.equal(ran.stdout.length, 0);
      assert.match(ran.stderr, /^pushpull parse: cannot read .+\n$/);
      assert.equal(ran.stderr.split('\n').length, 2, ran.stderr);
    }
  });

  it('exits 2 with one line for a usage mistake, 0 for --help, and is in the command list', async () => {
    const none = await run(['parse']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^pushpull parse: one FILE is needed \(see pushpull parse --help\)\n$/);
    const unknown = await run(['parse', 'a.http', '--yaml']);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr.split('\n').length, 2, unknown.stderr);
    const help = await run(['parse', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout.toString(), /^Usage: pushpull parse FILE \[--json\]/);
    const main = await run(['--help']);
    assert.match(main.stdout.toString(), /pushpull parse FILE \[--json\]/);
  });
});
