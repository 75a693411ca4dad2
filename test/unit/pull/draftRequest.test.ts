import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { OutgoingRequest } from '../../../src/core/model/pulled';
import type { BodyDraft } from '../../../src/core/pull/draft';
import { withQueryParameter } from '../../../src/core/pull/draftRequest';
import { readEnvironments } from '../../../src/core/pull/environments';
import { tempDir } from '../helpers';
import { bodyOf, built, draftOf, options, problems } from './draftHelpers';

function text(request: OutgoingRequest): string {
  assert.equal(request.body.kind, 'bytes');
  return Buffer.from(request.body.kind === 'bytes' ? request.body.bytes : []).toString('utf8');
}

describe('core/pull/draftRequest: method, URL and headers', () => {
  it('sends enabled header rows only, with variables resolved, in order', async () => {
    const request = await built(
      draftOf({
        method: 'get',
        url: '  https://{{host}}/items/{{ id }}?q=1  ',
        headers: [
          { enabled: true, name: 'X-User', value: ' {{user}} ' },
          { enabled: false, name: 'X-Off', value: 'no' },
          { enabled: true, name: '', value: '' },
          { enabled: true, name: 'X-{{user}}', value: '' },
        ],
      }),
    );
    assert.deepEqual(request, {
      method: 'GET',
      url: 'https://api.example.com/items/42?q=1',
      headers: [
        ['X-User', 'ada'],
        ['X-ada', ''],
      ],
      body: { kind: 'none' },
    });
  });

  it('keeps a method that is not a standard one as written', async () => {
    assert.equal((await built(draftOf({ method: 'PROPFIND' }))).method, 'PROPFIND');
    assert.equal((await built(draftOf({ method: 'purge' }))).method, 'purge');
  });

  it('leaves a URL without a scheme to the sender', async () => {
    assert.equal((await built(draftOf({ url: 'localhost:3000/echo' }))).url, 'localhost:3000/echo');
  });

  it('lists every problem with its field and a sentence', async () => {
    const found = await problems(
      draftOf({
        method: 'GE T',
        url: 'ftp://{{host}}/x',
        headers: [
          { enabled: true, name: 'Bad Name', value: 'v' },
          { enabled: true, name: '', value: 'orphan' },
          { enabled: true, name: 'X-Inject', value: '{{crlf}}' },
          { enabled: true, name: 'X-Missing', value: '{{nope}}' },
          { enabled: true, name: 'X-Loop', value: '{{loop}}' },
        ],
      }),
    );
    assert.deepEqual(found, [
      ['method', '"GE T" is not a method: use letters such as GET or POST.'],
      ['url', 'Only http and https URLs can be sent, not ftp:.'],
      ['headers[0].name', `"Bad Name" is not a header name. Header names are letters, digits and !#$%&'*+-.^_\`|~.`],
      ['headers[1].name', `A header with a value needs a name. Header names are letters, digits and !#$%&'*+-.^_\`|~.`],
      ['headers[2].value', 'A header value cannot hold a line break.'],
      ['headers[3].value', '{{nope}} is not defined in environment "dev" or $shared.'],
      [
        'headers[4].value',
        'The variables use each other in a circle: loop → loop. Change one of them so that the circle ends.',
      ],
    ]);
  });

  it('asks for a URL, and says when it is not one', async () => {
    assert.deepEqual(await problems(draftOf({ url: ' ' })), [['url', 'Enter the URL to send the request to.']]);
    assert.deepEqual(await problems(draftOf({ url: 'http://exa mple.com' })), [
      ['url', '"http://exa mple.com" is not a URL.'],
    ]);
    const none = readEnvironments({}).select('');
    assert.deepEqual(await problems(draftOf({ url: '{{base}}/x' }), options({}, { environment: none })), [
      ['url', '{{base}} is not defined in $shared.'],
    ]);
  });
});

describe('core/pull/draftRequest: bodies', () => {
  it('sends JSON with application/json, variables resolved, unless the user set a Content-Type', async () => {
    const json = bodyOf({ mode: 'json', text: '{"id": {{id}}}' });
    const request = await built(draftOf({ method: 'POST', body: json }));
    assert.equal(text(request), '{"id": 42}');
    assert.deepEqual(request.headers, [['Content-Type', 'application/json']]);
    const own = await built(
      draftOf({ body: json, headers: [{ enabled: true, name: 'content-type', value: 'application/vnd.api+json' }] }),
    );
    assert.deepEqual(own.headers, [['content-type', 'application/vnd.api+json']]);
  });

  it('reports a JSON body that does not parse, with line and column', async () => {
    assert.deepEqual(await problems(draftOf({ body: bodyOf({ mode: 'json', text: '{\n  "a": 1\n  "b": 2\n}' }) })), [
      ['body.text', "The JSON body is not valid JSON at line 3, column 3: Expected ',' or '}' after property value."],
    ]);
    assert.match(
      (await problems(draftOf({ body: bodyOf({ mode: 'json', text: '{"u": {{user}}}' }) })))[0]?.[1] ?? '',
      /^The JSON body \(variables resolved\) is not valid JSON at line 1, column 7/,
    );
  });

  it('sends nothing and adds no Content-Type for an empty text body', async () => {
    for (const mode of ['json', 'text', 'xml'] as const) {
      const request = await built(draftOf({ body: bodyOf({ mode, text: ' \n' }) }));
      assert.deepEqual([request.body, request.headers], [{ kind: 'none' }, []]);
    }
  });

  it('gives text and XML their types', async () => {
    const xml = await built(draftOf({ body: bodyOf({ mode: 'xml', text: '<a>{{id}}</a>' }) }));
    assert.deepEqual([text(xml), xml.headers], ['<a>42</a>', [['Content-Type', 'application/xml']]]);
    const plain = await built(draftOf({ body: bodyOf({ mode: 'text', text: 'héllo' }) }));
    assert.deepEqual([text(plain), plain.headers], ['héllo', [['Content-Type', 'text/plain; charset=utf-8']]]);
  });

  it('encodes form rows, enabled ones only', async () => {
    const form = bodyOf({
      mode: 'form',
      form: [
        { enabled: true, name: 'name', value: 'Jenny Rosen' },
        { enabled: false, name: 'off', value: 'x' },
        { enabled: true, name: 'q', value: 'a&b=c/é+{{id}}' },
        { enabled: true, name: 'q', value: '' },
      ],
    });
    const request = await built(draftOf({ body: form }));
    assert.equal(text(request), 'name=Jenny+Rosen&q=a%26b%3Dc%2F%C3%A9%2B42&q=');
    assert.deepEqual(request.headers, [['Content-Type', 'application/x-www-form-urlencoded']]);
    const nameless = bodyOf({ mode: 'form', form: [{ enabled: true, name: '', value: 'v' }] });
    assert.deepEqual(await problems(draftOf({ body: nameless })), [
      ['body.form[0].name', 'A row with a value needs a name.'],
    ]);
  });

  it('sends GraphQL as JSON, its variables as written', async () => {
    const graphql = (query: string, variables: string): BodyDraft =>
      bodyOf({ mode: 'graphql', graphql: { query, variables } });
    const request = await built(
      draftOf({ body: graphql('query { user(id: {{id}}) { name } }', ' {"big": 12345678901234567890} ') }),
    );
    assert.equal(
      text(request),
      '{"query":"query { user(id: 42) { name } }","variables":{"big": 12345678901234567890}}',
    );
    assert.deepEqual(request.headers, [['Content-Type', 'application/json']]);
    assert.equal(text(await built(draftOf({ body: graphql('{ me }', '') }))), '{"query":"{ me }"}');
    assert.deepEqual(await problems(draftOf({ body: graphql('{ me }', '[1]') })), [
      ['body.graphql.variables', 'The GraphQL variables must be a JSON object, such as {"id": 1}.'],
    ]);
    assert.match((await problems(draftOf({ body: graphql('{ me }', '{"a":}') })))[0]?.[1] ?? '', /line 1, column 6/);
    assert.deepEqual(await problems(draftOf({ body: graphql(' ', '') })), [
      ['body.graphql.query', 'A GraphQL request needs a query.'],
    ]);
  });
});

describe('core/pull/draftRequest: files', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('sends a binary body as a file to stream, as application/octet-stream', async () => {
    const file = path.join(dir, 'data.bin');
    await fs.writeFile(file, Buffer.alloc(1234, 7));
    const request = await built(draftOf({ body: bodyOf({ mode: 'binary', file }) }));
    assert.deepEqual(request.body, { kind: 'file', path: file, size: 1234 });
    assert.deepEqual(request.headers, [['Content-Type', 'application/octet-stream']]);
  });

  it('reports a binary file that is missing, a folder, relative or not chosen', async () => {
    const binary = async (file: string) => (await problems(draftOf({ body: bodyOf({ mode: 'binary', file }) })))[0];
    assert.deepEqual(await binary(path.join(dir, 'gone')), [
      'body.file',
      `${path.join(dir, 'gone')} cannot be read: there is no such file.`,
    ]);
    assert.deepEqual(await binary(dir), ['body.file', `${dir} is not a file.`]);
    assert.deepEqual(await binary('data.bin'), ['body.file', 'The body needs the file\'s full path, not "data.bin".']);
    assert.deepEqual(await binary(''), ['body.file', 'Choose the file to send as the body.']);
  });

  it('builds multipart in memory with its boundary, file names and guessed types', async () => {
    const file = path.join(dir, 'pic"1.png');
    await fs.writeFile(file, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const body = bodyOf({
      mode: 'multipart',
      multipart: [
        { enabled: true, kind: 'text', name: 'title', value: 'Hello {{user}}' },
        { enabled: false, kind: 'text', name: 'off', value: 'x' },
        { enabled: true, kind: 'file', name: 'avatar', value: file },
      ],
    });
    const request = await built(draftOf({ body }));
    assert.deepEqual(request.headers, [['Content-Type', 'multipart/form-data; boundary=BOUNDARY']]);
    assert.equal(request.body.kind, 'bytes');
    const bytes = Buffer.from(request.body.kind === 'bytes' ? request.body.bytes : []);
    const expected = Buffer.concat([
      Buffer.from('--BOUNDARY\r\nContent-Disposition: form-data; name="title"\r\n\r\nHello ada\r\n'),
      Buffer.from('--BOUNDARY\r\nContent-Disposition: form-data; name="avatar"; filename="pic%221.png"\r\n'),
      Buffer.from('Content-Type: image/png\r\n\r\n'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      Buffer.from('\r\n--BOUNDARY--\r\n'),
    ]);
    assert.deepEqual(bytes, expected);
  });

  it('parses back with a real multipart reader (the Fetch API)', async () => {
    const file = path.join(dir, 'notes.txt');
    await fs.writeFile(file, 'line one\nline two');
    const body = bodyOf({
      mode: 'multipart',
      multipart: [
        { enabled: true, kind: 'text', name: 'a', value: 'é' },
        { enabled: true, kind: 'file', name: 'f', value: file },
      ],
    });
    const request = await built(draftOf({ body }), options({}, { boundary: undefined }));
    const type = request.headers[0]?.[1] ?? '';
    assert.match(type, /^multipart\/form-data; boundary=----PushPullBoundary[0-9a-f]{48}$/);
    const form = await new Response(request.body.kind === 'bytes' ? request.body.bytes : null, {
      headers: { 'content-type': type },
    }).formData();
    assert.equal(form.get('a'), 'é');
    const part = form.get('f') as File;
    assert.equal(part.name, 'notes.txt');
    assert.equal(part.type, 'text/plain');
    assert.equal(await part.text(), 'line one\nline two');
  });

  it('refuses files above 10 MB together in a multipart body, without reading them', async () => {
    const big = path.join(dir, 'big.bin');
    await fs.writeFile(big, '');
    await fs.truncate(big, 10 * 1024 * 1024 + 1);
    const body = bodyOf({ mode: 'multipart', multipart: [{ enabled: true, kind: 'file', name: 'f', value: big }] });
    assert.deepEqual(await problems(draftOf({ body })), [
      [
        'body.multipart[0].value',
        'The files of a multipart body may hold 10 MB together; big.bin goes beyond that. Send a large file as a binary body instead.',
      ],
    ]);
  });

  it('reports a missing part file and a part without a name', async () => {
    const gone = path.join(dir, 'gone.txt');
    const body = (name: string, value: string) =>
      bodyOf({ mode: 'multipart', multipart: [{ enabled: true, kind: 'file', name, value }] });
    assert.deepEqual(await problems(draftOf({ body: body('f', gone) })), [
      ['body.multipart[0].value', `${gone} cannot be read: there is no such file.`],
    ]);
    assert.deepEqual(await problems(draftOf({ body: body('', gone) })), [
      ['body.multipart[0].name', 'A part needs a name.'],
    ]);
    assert.deepEqual(await problems(draftOf({ body: body('f', 'rel.txt') })), [
      ['body.multipart[0].value', 'The file part "f" needs the file\'s full path, not "rel.txt".'],
    ]);
  });
});

describe('core/pull/draftRequest: withQueryParameter', () => {
  it('appends an encoded parameter before the fragment', () => {
    assert.equal(withQueryParameter('https://h/p', 'api key', 'a&b=c'), 'https://h/p?api%20key=a%26b%3Dc');
    assert.equal(withQueryParameter('https://h/p?x=1', 'k', 'v'), 'https://h/p?x=1&k=v');
    assert.equal(withQueryParameter('https://h/p?', 'k', 'v'), 'https://h/p?k=v');
    assert.equal(withQueryParameter('https://h/p?x=1#top', 'k', 'é'), 'https://h/p?x=1&k=%C3%A9#top');
  });
});
