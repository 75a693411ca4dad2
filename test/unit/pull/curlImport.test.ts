import * as assert from 'node:assert/strict';
import type { BodyDraft } from '../../../src/core/pull/draft';
import { CurlImportError, importCurl } from '../../../src/core/pull/curlImport';
import { emptyBody } from '../../../src/webview/requestPanel/panelProtocol';

const on = (name: string, value: string) => ({ enabled: true, name, value });
const body = (change: Partial<BodyDraft>): BodyDraft => ({ ...emptyBody(), ...change });

function failure(command: string): string {
  try {
    importCurl(command, 'p');
  } catch (error) {
    assert.ok(error instanceof CurlImportError, String(error));
    assert.equal(error.code, 'CURL_IMPORT_FAILED');
    return error.message;
  }
  assert.fail('expected a CurlImportError');
}

describe('core/pull/curlImport: options', () => {
  it('reads grouped and attached short options, -I, -k, -A, -e, -b and --compressed', () => {
    const result = importCurl(
      `curl -sSLk -XPATCH -Hx-one:1 -A 'agent/1' -e https://ref/ -b 'a=1; b=2' --compressed http://h/`,
      'p',
    );
    assert.equal(result.draft.method, 'PATCH');
    assert.deepEqual(result.draft.options, { followRedirects: true, allowInvalidCertificates: true });
    assert.deepEqual(result.draft.headers, [
      on('x-one', '1'),
      on('User-Agent', 'agent/1'),
      on('Referer', 'https://ref/'),
      on('Cookie', 'a=1; b=2'),
      on('Accept-Encoding', 'gzip, deflate, br'),
    ]);
    assert.equal(importCurl('curl -I https://h/', 'p').draft.method, 'HEAD');
    assert.equal(importCurl('curl --head --url https://h/x', 'p').draft.url, 'https://h/x');
  });

  it('sends an empty header for "Name;", and says that "Name:" (removing one of curl\'s) is not carried', () => {
    const result = importCurl(`curl -H 'X-Empty;' -H 'User-Agent:' -H 'nocolon' -H @headers.txt https://h/`, 'p');
    assert.deepEqual(result.draft.headers, [on('X-Empty', '')]);
    assert.deepEqual(result.ignored, [
      "-H 'User-Agent:' (removes a header curl adds)",
      '-H nocolon (not a header)',
      '-H @headers.txt (headers from a file)',
    ]);
  });

  it('names every option it does not carry, without taking their values for the URL', () => {
    const result = importCurl(
      'curl --connect-timeout 5 --retry 3 -m 10 -T up.bin --proxy http://p:8080 -x http://q -b jar.txt --frobnicate -Z -s -S -v -i --fail -o out.json -w "%{http_code}" https://h/x',
      'p',
    );
    assert.equal(result.draft.url, 'https://h/x');
    assert.deepEqual(result.ignored, [
      '--connect-timeout',
      '--retry',
      '-m',
      '-T',
      '--proxy',
      '-x',
      '-b jar.txt (a cookie file)',
      '--frobnicate',
      '-Z',
    ]);
  });

  it('reads --json as a JSON body that also asks for JSON', () => {
    const result = importCurl(`curl --json '{"a": 1}' https://h/`, 'p');
    assert.deepEqual(result.draft.body, body({ mode: 'json', text: '{"a": 1}' }));
    assert.deepEqual(result.draft.headers, [on('Accept', 'application/json')]);
    assert.equal(result.draft.method, 'POST');
  });

  it('chooses the body mode from the data and the Content-Type', () => {
    const mode = (command: string) => {
      const { draft } = importCurl(command, 'p');
      return [draft.body.mode, draft.body.text, draft.headers.map((h) => `${h.name}: ${h.value}`)];
    };
    assert.deepEqual(mode(`curl -d '{"a":1}' h`), ['json', '{"a":1}', []]);
    assert.deepEqual(mode(`curl -H 'Content-Type: application/json' -d '[1]' h`), ['json', '[1]', []]);
    assert.deepEqual(mode(`curl -H 'content-type: application/json' -d 'not json' h`), [
      'text',
      'not json',
      ['content-type: application/json'],
    ]);
    assert.deepEqual(mode(`curl -H 'Content-Type: text/xml' -d '<a/>' h`), ['xml', '<a/>', ['Content-Type: text/xml']]);
    assert.deepEqual(mode(`curl -H 'Content-Type: application/xml' -d '<a/>' h`), ['xml', '<a/>', []]);
    assert.deepEqual(mode(`curl -d 'plain words' h`), [
      'text',
      'plain words',
      ['Content-Type: application/x-www-form-urlencoded'],
    ]);
    assert.deepEqual(mode(`curl -H 'Content-Type: text/csv' --data-binary 'a,b' h`), [
      'text',
      'a,b',
      ['Content-Type: text/csv'],
    ]);
    assert.deepEqual(mode(`curl --data-raw '@not-a-file' h`), [
      'text',
      '@not-a-file',
      ['Content-Type: application/x-www-form-urlencoded'],
    ]);
  });

  it('sends a lone --data-binary @file as a binary body, and names files it does not read', () => {
    const lone = importCurl(`curl --data-binary @/tmp/payload.bin https://h/`, 'p');
    assert.deepEqual(lone.draft.body, body({ mode: 'binary', file: '/tmp/payload.bin' }));
    const mixed = importCurl(`curl -d @body.txt -d a=1 --data-urlencode 'b@file.txt' https://h/`, 'p');
    assert.deepEqual(mixed.draft.body.form, [on('a', '1')]);
    assert.deepEqual(mixed.ignored, [
      '-d @body.txt (the file is not read)',
      '--data-urlencode @file.txt (the file is not read)',
    ]);
  });

  it('encodes --data-urlencode and --url-query as curl does', () => {
    const result = importCurl(
      `curl -G --data-urlencode 'q=a b&c' --data-urlencode '=x/y' --url-query 'k=v w' --url-query '+raw=%41' 'https://h/s?x=1'`,
      'p',
    );
    assert.equal(result.draft.url, 'https://h/s?x=1&k=v%20w&raw=%41&q=a%20b%26c&x%2Fy');
  });

  it('takes Basic credentials from -u or an Authorization header, the password as a secret', () => {
    const user = importCurl('curl -u ada:s3cr:et https://h/', 'p');
    assert.deepEqual([user.draft.auth, user.secrets], [{ kind: 'basic', username: 'ada' }, { password: 's3cr:et' }]);
    const prompt = importCurl('curl -u ada https://h/', 'p');
    assert.deepEqual([prompt.draft.auth, prompt.secrets], [{ kind: 'basic', username: 'ada' }, {}]);
    const header = importCurl(
      `curl -H 'Authorization: Basic ${Buffer.from('ada:pw').toString('base64')}' https://h/`,
      'p',
    );
    assert.deepEqual(
      [header.draft.auth, header.secrets, header.draft.headers],
      [{ kind: 'basic', username: 'ada' }, { password: 'pw' }, []],
    );
    const other = importCurl(`curl -H 'Authorization: Token abc' https://h/`, 'p');
    assert.deepEqual([other.draft.auth, other.draft.headers], [{ kind: 'none' }, [on('Authorization', 'Token abc')]]);
    const bearer = importCurl(`curl --oauth2-bearer "$TOKEN" https://h/`, 'p');
    assert.deepEqual([bearer.draft.auth, bearer.secrets], [{ kind: 'bearer' }, { token: '$TOKEN' }]);
  });

  it('keeps shell variables as written', () => {
    const result = importCurl(`curl -H "X-Key: $API_KEY" "https://h/\${ID}"`, 'p');
    assert.deepEqual(result.draft.headers, [on('X-Key', '$API_KEY')]);
    assert.equal(result.draft.url, 'https://h/$ID');
  });

  it('names what runs after curl, a second URL, and ignores comments', () => {
    const result = importCurl('curl https://h/a https://h/b | jq .name # the name', 'p');
    assert.equal(result.draft.url, 'https://h/a');
    assert.deepEqual(result.ignored, ['| jq .name (what runs after curl)', 'https://h/b (a second URL)']);
  });

  it('reads multipart options: --form-string, part types and <file parts', () => {
    const result = importCurl(
      `curl -F 'a=@/f.png;type=image/png' --form-string 'b=@literal;x' -F 'c=<notes.txt' https://h/`,
      'p',
    );
    assert.deepEqual(result.draft.body.multipart, [
      { enabled: true, kind: 'file', name: 'a', value: '/f.png' },
      { enabled: true, kind: 'text', name: 'b', value: '@literal;x' },
    ]);
    assert.deepEqual(result.ignored, [
      '-F a: type=image/png (part options)',
      '-F c=<… (a part read from a file as text)',
    ]);
  });
});

describe('core/pull/curlImport: line continuations of other shells', () => {
  it("reads Windows cmd's ^ continuations", () => {
    const result = importCurl('curl "https://h/x" ^\r\n  -H "Accept: application/json" ^\r\n  -d "{\\"a\\":1}"', 'p');
    assert.deepEqual(
      [result.draft.url, result.draft.headers, result.draft.body.text],
      ['https://h/x', [on('Accept', 'application/json')], '{"a":1}'],
    );
  });

  it('reads a command copied from a browser for cmd (every quote escaped with ^)', () => {
    const result = importCurl(
      'curl ^"https://example.com/api?a=1^&b=2^" ^\n  -H ^"accept: application/json^" ^\n  --data-raw ^"^{^\\^"name^\\^":^\\^"x^\\^"^}^" ^\n  --compressed',
      'p',
    );
    assert.equal(result.draft.url, 'https://example.com/api?a=1&b=2');
    assert.deepEqual(result.draft.body, body({ mode: 'json', text: '{"name":"x"}' }));
  });

  it('keeps ^ in a POSIX command as written', () => {
    const result = importCurl(`curl https://h/ -H 'X-Pattern: ^"a"^b' --data-raw '^"x"'`, 'p');
    assert.deepEqual(result.draft.headers, [
      on('X-Pattern', '^"a"^b'),
      on('Content-Type', 'application/x-www-form-urlencoded'),
    ]);
    assert.equal(result.draft.body.text, '^"x"');
  });

  it("reads PowerShell's ` continuations", () => {
    const result = importCurl('curl https://h/x `\n  -H "A: b"', 'p');
    assert.deepEqual(result.draft.headers, [on('A', 'b')]);
  });
});

describe('core/pull/curlImport: errors as sentences', () => {
  it('says what is wrong', () => {
    assert.equal(failure('curl -H "A: b"'), 'The command has no URL.');
    assert.equal(failure(`curl 'https://h/`), 'The command has a single quote that is never closed.');
    assert.equal(failure(`curl -d "{ https://h/`), 'The command has a double quote that is never closed.');
    assert.equal(failure('wget https://h/'), 'This is not a curl command: it starts with "wget" instead of curl.');
    assert.equal(failure('   '), 'This is not a curl command: it starts with nothing instead of curl.');
    assert.equal(
      failure('curl -d a=1 -F b=2 https://h/'),
      'The command sends both data (-d) and a form (-F); curl refuses that too.',
    );
    assert.equal(failure('curl https://h/ -H'), '-H needs a value after it.');
    assert.equal(failure('curl https://h/ --header'), '--header needs a value after it.');
  });

  it('accepts a leading prompt and curl named by path', () => {
    assert.equal(importCurl('$ /usr/bin/curl https://h/', 'p').draft.url, 'https://h/');
    assert.equal(importCurl('curl.exe https://h/', 'p').draft.url, 'https://h/');
  });
});

describe('core/pull/curlImport: bounds', () => {
  it('refuses a command above 256 KB with what to do instead', () => {
    const long = `curl https://h/ -d '${'x'.repeat(256 * 1024)}'`;
    assert.equal(importCurl(`curl https://h/ -d '${'x'.repeat(250 * 1024)}'`, 'p').draft.body.mode, 'text');
    assert.equal(
      failure(long),
      'The command is longer than 256 KB. Put a large body in a file and send it with --data-binary @file, or choose ' +
        'the file as a binary body.',
    );
  });

  it('says that -d @file sends the file as it is, unlike curl', () => {
    const result = importCurl('curl -d @/tmp/body.txt https://h/', 'p');
    assert.deepEqual(result.draft.body, body({ mode: 'binary', file: '/tmp/body.txt' }));
    assert.deepEqual(result.ignored, ['-d @/tmp/body.txt (sent as it is; curl would take its line breaks out)']);
  });
});
