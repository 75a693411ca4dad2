import * as assert from 'node:assert/strict';
import { comparableBody } from '../../src/core/compare/body';
import { hexSummary, renderBody } from '../../src/core/render/payload';

describe('renderBody', () => {
  it('pretty-prints JSON bodies', () => {
    const body = comparableBody(Buffer.from('{"b":2,"a":1}'), 'application/json');
    assert.equal(body.language, 'json');
    assert.equal(body.text, '{\n  "a": 1,\n  "b": 2\n}');
  });

  it('summarises binary bodies as size and hex instead of decoding them', () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);
    const body = renderBody(bytes, 'image/jpeg');
    assert.equal(body.binary, true);
    assert.match(body.text, /Binary body, 6 bytes/);
    assert.match(body.text, /ff d8 ff e0 00 10/);
  });

  it('shows HTML as text, never interpreted', () => {
    const body = renderBody(Buffer.from('<script>alert(1)</script>'), 'text/html');
    assert.equal(body.text, '<script>alert(1)</script>');
    assert.equal(body.language, 'plaintext');
  });

  it('limits the hex dump to 256 bytes', () => {
    const lines = hexSummary(new Uint8Array(10_000)).split('\n');
    assert.equal(lines.length, 1 + 16);
  });
});

describe('errorCode', () => {
  it('reads the code of a PushPull error from another bundle, whatever its class was renamed to', async () => {
    const { errorCode, PushPullError } = await import('../../src/core/errors');
    const foreign = Object.assign(new Error('x'), { name: 'se', code: 'INVALID_URL', domain: 'pushpull' });
    assert.equal(errorCode(foreign), 'INVALID_URL');
    assert.equal(errorCode(new PushPullError('PORT_IN_USE', 'busy')), 'PORT_IN_USE');
    assert.equal(errorCode(Object.assign(new Error('y'), { code: 'ECONNREFUSED' })), undefined);
  });
});
