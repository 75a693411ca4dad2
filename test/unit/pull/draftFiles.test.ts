import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { tempDir } from '../helpers';
import { bodyOf, built, draftOf, options, problems } from './draftHelpers';

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
