import * as assert from 'node:assert/strict';
import { isLoopbackHost, withScheme } from '../../../src/core/http/scheme';
import { parseRequestUrl } from '../../../src/core/http/url';

describe('URLs typed without a scheme', () => {
  const cases: Array<[string, string]> = [
    ['localhost:3000/echo', 'http://localhost:3000/echo'],
    ['localhost', 'http://localhost'],
    ['LOCALHOST:8080', 'http://LOCALHOST:8080'],
    ['app.localhost:5173/x', 'http://app.localhost:5173/x'],
    ['127.0.0.1:8787/hooks?a=1', 'http://127.0.0.1:8787/hooks?a=1'],
    ['127.1.2.3', 'http://127.1.2.3'],
    ['[::1]:3000/', 'http://[::1]:3000/'],
    ['api.github.com/user', 'https://api.github.com/user'],
    ['example.com:8443', 'https://example.com:8443'],
    ['128.0.0.1/x', 'https://128.0.0.1/x'],
    ['//localhost:3000/a', 'http://localhost:3000/a'],
    ['  localhost:3000  ', 'http://localhost:3000'],
    ['http://example.com', 'http://example.com'],
    ['HTTPS://example.com', 'HTTPS://example.com'],
    ['ftp://example.com', 'ftp://example.com'],
    ['mailto:someone@example.com', 'mailto:someone@example.com'],
    ['javascript:alert(1)', 'javascript:alert(1)'],
  ];
  for (const [typed, sent] of cases) {
    it(`"${typed}" → "${sent}"`, () => assert.equal(withScheme(typed), sent));
  }

  it('knows loopback hosts', () => {
    for (const host of ['localhost', 'a.localhost', 'localhost.', '127.0.0.1', '127.255.0.9', '[::1]']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of ['example.com', 'localhost.example.com', '128.0.0.1', '[::2]', '1270.0.0.1', '10.0.0.1']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });

  it('still refuses other schemes and text that is no URL when checking a URL to send', () => {
    assert.equal(parseRequestUrl('localhost:3000/echo').href, 'http://localhost:3000/echo');
    assert.throws(() => parseRequestUrl('mailto:a@b.c'), { code: 'UNSUPPORTED_PROTOCOL' });
    assert.throws(() => parseRequestUrl('ftp://example.com'), { code: 'UNSUPPORTED_PROTOCOL' });
    assert.throws(() => parseRequestUrl('http://exa mple.com'), { code: 'INVALID_URL' });
    assert.throws(() => parseRequestUrl(''), { code: 'INVALID_URL' });
  });
});
