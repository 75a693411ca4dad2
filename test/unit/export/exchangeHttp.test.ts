import * as assert from 'node:assert/strict';
import { exchangeToHttp } from '../../../src/core/export/exchangeHttp';
import { MASKED } from '../../../src/core/export/exchangeShared';
import { pulledExchange } from './exchangeFixture';

describe('Exchange → .http', () => {
  it('writes the request line, headers and a JSON body, with when it was sent and what it got', () => {
    const text = exchangeToHttp(
      pulledExchange({
        method: 'POST',
        url: 'https://api.example.com/orders?x=1',
        headers: [
          ['Content-Type', 'application/json'],
          ['Content-Length', '20'],
        ],
        body: { kind: 'bytes', bytes: Buffer.from('{\n  "name": "order"\n}') },
      }),
    );
    assert.equal(
      text,
      [
        '# Sent 2026-12-07T17:00:00.000Z, answered 200 OK (20261207-000001)',
        'POST https://api.example.com/orders?x=1 HTTP/1.1',
        'Content-Type: application/json',
        '',
        '{\n  "name": "order"\n}',
        '',
      ].join('\n'),
    );
  });

  it('leaves out masked values and template-like headers, each with a comment', () => {
    const text = exchangeToHttp(
      pulledExchange({
        url: 'https://api.example.com/{{x}}',
        headers: [
          ['Authorization', MASKED],
          ['X-Template', '{{secret}}'],
          ['Accept', 'text/plain'],
        ],
      }),
    );
    assert.match(text, /# Left out Authorization: the history keeps its value masked\./);
    assert.match(text, /# Left out the header X-Template: its value has two "\{" in a row/);
    assert.match(text, /^GET https:\/\/api\.example\.com\/%7B%7Bx%7D%7D HTTP\/1\.1$/m);
    assert.match(text, /^Accept: text\/plain$/m);
    assert.doesNotMatch(text, /•••|\{\{secret/);
  });

  it('references a body that cannot be pasted as the file the caller writes, or as the file it was sent from', () => {
    const binary = pulledExchange({ method: 'PUT', body: { kind: 'bytes', bytes: Buffer.from([0xff, 0xfe, 0]) } });
    const withFile = exchangeToHttp(binary, { name: 'put-x.bin' });
    assert.match(withFile, /# The body \(3 bytes\) is in put-x\.bin because it is binary/);
    assert.match(withFile, /\n\n< \.\/put-x\.bin\n$/);
    assert.match(exchangeToHttp(binary), /# The body \(3 bytes\) is not pasted here because it is binary/);
    const script = pulledExchange({
      method: 'POST',
      body: { kind: 'bytes', bytes: Buffer.from('{\n# not a comment\n}') },
    });
    assert.match(exchangeToHttp(script, { name: 'b.txt' }), /< \.\/b\.txt\n$/);
    const sentFile = pulledExchange({ method: 'POST', body: { kind: 'file', path: '/tmp/upload.png', size: 9 } });
    assert.match(exchangeToHttp(sentFile), /\n\n< \/tmp\/upload\.png\n$/);
  });
});
