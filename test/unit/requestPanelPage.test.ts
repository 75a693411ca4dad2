import * as assert from 'node:assert/strict';
import { wholeDraft } from '../../src/webview/requestPanel/draftShape';
import { formatBytes, formatMs, statusClass } from '../../src/webview/requestPanel/format';
import { checkJson, formatJson, lineColumn } from '../../src/webview/requestPanel/jsonText';
import { newDraft } from '../../src/webview/requestPanel/panelProtocol';
import { encodeComponent, parseQuery, splitUrl, withQuery } from '../../src/webview/requestPanel/queryParams';

describe('request panel page: params and the URL', () => {
  it('splits a URL around its query and fragment', () => {
    assert.deepEqual(splitUrl('https://a.example/p?x=1#top'), {
      base: 'https://a.example/p',
      query: 'x=1',
      fragment: '#top',
    });
    assert.deepEqual(splitUrl('https://a.example/p#f?not'), {
      base: 'https://a.example/p',
      query: undefined,
      fragment: '#f?not',
    });
  });

  it('reads rows decoded, keeping the text as typed', () => {
    assert.deepEqual(parseQuery('https://a.example/?q=a%20b&flag&x=1+2&bad=%E0%A4%A'), [
      { name: 'q', value: 'a b', raw: 'q=a%20b' },
      { name: 'flag', value: '', raw: 'flag' },
      { name: 'x', value: '1 2', raw: 'x=1+2' },
      { name: 'bad', value: '%E0%A4%A', raw: 'bad=%E0%A4%A' },
    ]);
    assert.deepEqual(parseQuery('https://a.example/'), []);
  });

  it('writes unchanged rows back exactly and encodes edited ones, never a {{variable}}', () => {
    const url = 'https://a.example/p?q=a%20b&flag&v={{term}}#top';
    const rows = parseQuery(url);
    assert.equal(withQuery(url, rows), url);
    const edited = rows.map((row) => (row.name === 'q' ? { ...row, value: 'c&d é' } : row));
    assert.equal(withQuery(url, edited), 'https://a.example/p?q=c%26d+%C3%A9&flag&v={{term}}#top');
    assert.equal(withQuery(url, []), 'https://a.example/p#top');
    assert.equal(withQuery('{{base}}/x', [{ name: 'id', value: '{{id}} x' }]), '{{base}}/x?id={{id}}+x');
    assert.equal(encodeComponent('a,b:c/d@e'), 'a,b:c/d@e');
  });
});

describe('request panel page: JSON bodies', () => {
  it('gives the line and column of a mistake', () => {
    assert.equal(checkJson('{"a": 1}'), undefined);
    assert.equal(checkJson('  '), undefined);
    const problem = checkJson('{\n  "a": 1,\n}');
    assert.ok(problem, 'a trailing comma is a mistake');
    assert.equal(problem.line, 3);
    assert.equal(problem.column, 1);
    assert.doesNotMatch(problem.message, /position/);
    const end = checkJson('{"a": [1, 2');
    assert.ok(end);
    assert.equal(end.line, 1);
  });

  it('lets {{variables}} stand for values', () => {
    assert.equal(checkJson('{"n": {{count}}, "s": "{{name}}"}'), undefined);
  });

  it('re-indents without touching numbers, strings or variables', () => {
    assert.equal(
      formatJson('{"big":12345678901234567890,"s":"a, {b}: [c]","v":{{x}},"e":[],"o":{"k":[1,{}]}}'),
      '{\n  "big": 12345678901234567890,\n  "s": "a, {b}: [c]",\n  "v": {{x}},\n  "e": [],\n  "o": {\n    "k": [\n      1,\n      {}\n    ]\n  }\n}',
    );
    assert.equal(formatJson('"a \\" b"'), '"a \\" b"');
  });

  it('counts lines and columns from an offset', () => {
    assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
    assert.deepEqual(lineColumn('ab', 99), { line: 1, column: 3 });
  });
});

describe('request panel page: numbers and drafts', () => {
  it('formats sizes, times and status classes', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(300 * 1024 * 1024), '300 MB');
    assert.equal(formatBytes(-1), '?');
    assert.equal(formatMs(3.25), '3.3 ms');
    assert.equal(formatMs(250.4), '250 ms');
    assert.equal(formatMs(1500), '1.50 s');
    assert.deepEqual([101, 204, 302, 404, 503].map(statusClass), [
      'informational',
      'success',
      'redirect',
      'client-error',
      'server-error',
    ]);
  });

  it('makes a whole draft from anything, defaults where a field is missing or wrong', () => {
    assert.deepEqual(wholeDraft(undefined, 'id-1'), newDraft('id-1'));
    const draft = wholeDraft(
      {
        id: 'kept',
        method: 'purge',
        url: 5,
        headers: [{ name: 'A', value: 'b', enabled: false }, 'junk'],
        body: { mode: 'multipart', multipart: [{ kind: 'file', name: 'f', value: '/p' }, { kind: 'other' }] },
        auth: { kind: 'apiKey', name: 'X-Key', in: 'cookie' },
        options: { followRedirects: false, allowInvalidCertificates: 'yes' },
      },
      'unused',
    );
    assert.equal(draft.id, 'kept');
    assert.equal(draft.method, 'purge');
    assert.equal(draft.url, '');
    assert.deepEqual(draft.headers, [
      { enabled: false, name: 'A', value: 'b' },
      { enabled: true, name: '', value: '' },
    ]);
    assert.deepEqual(draft.body.multipart, [
      { enabled: true, name: 'f', value: '/p', kind: 'file' },
      { enabled: true, name: '', value: '', kind: 'text' },
    ]);
    assert.deepEqual(draft.auth, { kind: 'apiKey', name: 'X-Key', in: 'header' });
    assert.deepEqual(draft.options, { followRedirects: false, allowInvalidCertificates: false });
  });
});
