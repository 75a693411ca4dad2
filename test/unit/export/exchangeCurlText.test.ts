import * as assert from 'node:assert/strict';
import { INLINE_BODY_BYTES } from '../../../src/core/export/curl';
import { exchangeToCurl } from '../../../src/core/export/exchangeCurl';
import { MASKED } from '../../../src/core/export/exchangeShared';
import { pulledExchange } from './exchangeFixture';

const SAFETY = "-g --path-as-is --proto '=http,https' --proto-redir '=http,https'";
const URL = "'http://127.0.0.1:9/x'";

/** The command's lines as written: one option group a line. */
function curlLines(...lines: string[]): string {
  return lines.join(' \\\n  ');
}

describe('Exchange → cURL text', () => {
  it('names the method only where curl would not infer it', () => {
    const bytes = { kind: 'bytes' as const, bytes: Buffer.from('a=1') };
    const methods = (method: string, body = bytes): string =>
      exchangeToCurl(pulledExchange({ method, body })).split(' \\\n')[0] ?? '';
    assert.equal(methods('POST'), `curl ${URL}`);
    assert.equal(methods('POST', { kind: 'bytes', bytes: Buffer.alloc(0) }), `curl -X POST ${URL}`);
    assert.equal(exchangeToCurl(pulledExchange({ method: 'POST' })).split(' \\\n')[0], `curl -X POST ${URL}`);
    assert.equal(methods('GET'), `curl -X GET ${URL}`);
    assert.equal(exchangeToCurl(pulledExchange({ method: 'HEAD' })).split(' \\\n')[0], `curl --head ${URL}`);
    assert.equal(methods('HEAD'), `curl -X HEAD ${URL}`);
    assert.equal(methods('PURGE'), `curl -X PURGE ${URL}`);
    assert.equal(methods('M-SEARCH'), `curl -X M-SEARCH ${URL}`);
    assert.equal(methods('ID;x'), `curl -X 'ID;x' ${URL}`);
    assert.equal(methods('x;ID'), `curl -X 'x;ID' ${URL}`);
  });

  it('sends a body without the Content-Type and Expect curl would add, and an empty body as no body', () => {
    assert.equal(
      exchangeToCurl(pulledExchange({ method: 'PUT', body: { kind: 'bytes', bytes: Buffer.from("it's") } })),
      curlLines(
        `curl -X PUT ${URL}`,
        SAFETY,
        "-H 'User-Agent:' -H 'Accept:' -H 'Content-Type:' -H 'Expect:'",
        `--data-raw 'it'\\''s'`,
      ),
    );
    assert.equal(
      exchangeToCurl(pulledExchange({ method: 'PUT', body: { kind: 'bytes', bytes: Buffer.alloc(0) } })),
      curlLines(`curl -X PUT ${URL}`, SAFETY, "-H 'User-Agent:' -H 'Accept:'"),
    );
  });

  it('reads a body sent from a file from that file, with the file name quoted', () => {
    const exchange = pulledExchange({
      method: 'POST',
      headers: [['Content-Type', 'image/png']],
      body: { kind: 'file', path: "/tmp/it's.png", size: 3 },
    });
    assert.equal(
      exchangeToCurl(exchange),
      curlLines(
        `curl ${URL}`,
        SAFETY,
        "-H 'Content-Type: image/png'",
        "-H 'User-Agent:' -H 'Accept:' -H 'Expect:'",
        `--data-binary '@/tmp/it'\\''s.png'`,
      ),
    );
  });

  it('names one masked header once, says when the URL is masked, and writes an empty header as curl needs', () => {
    const exchange = pulledExchange({
      url: `http://127.0.0.1:9/x?key=${MASKED}`,
      headers: [
        ['Authorization', MASKED],
        ['authorization', MASKED],
        ['X-Empty', ''],
        ['Bad Name', 'x'],
        ['X-Split', 'a\r\nX-Injected: 1'],
        ['User-Agent', 'PushPull'],
        ['Accept', '*/*'],
      ],
    });
    assert.equal(
      exchangeToCurl(exchange),
      [
        "# The history keeps Authorization masked: add it with -H 'Name: value' before running.",
        '# The URL holds a value the history keeps masked (•••): put it back first.',
        curlLines(
          `curl 'http://127.0.0.1:9/x?key=${MASKED}'`,
          SAFETY,
          "-H 'X-Empty;'",
          "-H 'User-Agent: PushPull'",
          "-H 'Accept: */*'",
        ),
      ].join('\n'),
    );
  });

  it('pastes a UTF-8 body up to the inline limit and pipes larger, binary or NUL bodies as base64', () => {
    const pipe = (bytes: Buffer): string =>
      exchangeToCurl(
        pulledExchange({ method: 'POST', headers: [['Content-Type', 'x/y']], body: { kind: 'bytes', bytes } }),
      );
    const tail = (text: string): string => text.slice(text.lastIndexOf(' \\\n  ') + 5);
    assert.equal(tail(pipe(Buffer.alloc(INLINE_BODY_BYTES, 'a'))), `--data-raw '${'a'.repeat(INLINE_BODY_BYTES)}'`);
    for (const bytes of [Buffer.alloc(INLINE_BODY_BYTES + 1, 'a'), Buffer.from('a\0b'), Buffer.from([0xff, 0x41])]) {
      const text = pipe(bytes);
      assert.equal(tail(text), '--data-binary @-');
      const base64 = text.split('\n').slice(1, text.split('\n').indexOf('PUSHPULL_BODY')).join('');
      assert.deepEqual(Buffer.from(base64, 'base64'), bytes);
    }
    const bytes = Buffer.from(Array.from({ length: 114 }, (_, i) => (i * 7) % 256));
    const base64 = bytes.toString('base64');
    assert.equal(
      pipe(bytes),
      [
        "{ base64 -d <<'PUSHPULL_BODY'",
        base64.slice(0, 76),
        base64.slice(76),
        'PUSHPULL_BODY',
        `} | ${curlLines(`curl ${URL}`, SAFETY, "-H 'Content-Type: x/y'", "-H 'User-Agent:' -H 'Accept:' -H 'Expect:'", '--data-binary @-')}`,
      ].join('\n'),
    );
  });
});
