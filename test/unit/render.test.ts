import * as assert from 'node:assert/strict';
import type { HookMeta } from '../../src/core/model/hook';
import { hookBodyLanguage, renderHookDocument } from '../../src/core/render/hookDocument';
import { renderBody } from '../../src/core/render/payload';
import { formatXml } from '../../src/core/render/xml';
import { hookMeta } from './helpers';

function meta(contentType: string | undefined, bodySize: number, flags: HookMeta['flags'] = []): HookMeta {
  return hookMeta({
    url: '/x?y=1',
    fullUrl: 'http://127.0.0.1/x?y=1',
    query: [['y', '1']],
    headers: contentType ? [['Content-Type', contentType]] : [],
    contentType,
    bodySize,
    flags,
  });
}

describe('hook documents by content type', () => {
  it('JSON: headers as // comments, body pretty in its original key order, language jsonc', () => {
    const body = Buffer.from('{"z":1,"a":[1,{"b":2}]}');
    const doc = renderHookDocument(meta('application/json', body.length), body);
    assert.equal(doc.language, 'jsonc');
    assert.equal(doc.extension, '.jsonc');
    assert.equal(
      doc.text,
      '// POST /x?y=1 HTTP/1.1\n// Content-Type: application/json\n\n{\n  "z": 1,\n  "a": [\n    1,\n    {\n      "b": 2\n    }\n  ]\n}\n',
    );
  });

  it('forms: one decoded field per line, language properties', () => {
    const body = Buffer.from('name=Ada+Lovelace&note=a%26b%3Dc&multi=line%0Atwo');
    const doc = renderHookDocument(meta('application/x-www-form-urlencoded', body.length), body);
    assert.equal(doc.language, 'properties');
    assert.ok(doc.text.endsWith('\n\nname = Ada Lovelace\nnote = a&b=c\nmulti = line\\ntwo\n'), doc.text);
    assert.match(doc.text, /^# POST \/x\?y=1 HTTP\/1\.1\n/);
  });

  it('XML: indented, headers as XML comments that cannot end early, after the XML declaration', () => {
    const body = Buffer.from('<?xml version="1.0"?><a x="1"><b>text</b><c/><!-- note --></a>');
    const hook = { ...meta('application/xml', body.length), headers: [['X-Odd', 'a-->b'] as const] };
    const doc = renderHookDocument(hook, body);
    assert.equal(doc.language, 'xml');
    assert.equal(
      doc.text,
      '<?xml version="1.0"?>\n<!-- POST /x?y=1 HTTP/1.1 -->\n<!-- X-Odd: a- ->b -->\n\n<a x="1">\n  <b>text</b>\n  <c/>\n  <!-- note -->\n</a>\n',
    );
  });

  it('XML that does not balance is shown as it came', () => {
    assert.equal(formatXml('<a><b></a>'), undefined);
    assert.equal(renderBody(Buffer.from('<a><b></a>'), 'text/xml').text, '<a><b></a>');
  });

  it('binary bodies: size and hex, as plain text', () => {
    const body = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff]);
    const doc = renderHookDocument(meta('image/png', body.length), body);
    assert.equal(doc.language, 'plaintext');
    assert.equal(doc.binary, true);
    assert.match(doc.text, /Binary body, 5 bytes/);
  });

  it('bodies over 5 MB and invalid JSON open as plain text', () => {
    assert.equal(hookBodyLanguage(meta('application/json', 6 * 1024 * 1024)), 'plaintext');
    assert.equal(hookBodyLanguage(meta('application/json', 10, ['invalid-json'])), 'plaintext');
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x20);
    big[0] = 0x7b;
    assert.equal(renderBody(big, 'application/json').language, 'plaintext');
  });

  it("text in the Content-Type's charset, when it names one other than UTF-8", () => {
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x21]);
    assert.equal(renderBody(latin1, 'text/plain; charset=iso-8859-1').text, 'café!');
    assert.equal(renderBody(latin1, 'text/plain; Charset="ISO-8859-1"').text, 'café!');
    const sjis = Buffer.from([0x93, 0xfa, 0x96, 0x7b]);
    assert.equal(renderBody(sjis, 'text/plain;charset=Shift_JIS').text, '日本');
    // Unknown or absent: UTF-8, with replacement characters for a text type.
    assert.equal(renderBody(latin1, 'text/plain; charset=x-unknown').text, 'caf\ufffd!');
    assert.equal(renderBody(Buffer.from('{"é":1}'), 'application/json; charset=utf-8').text, '{\n  "é": 1\n}');
  });

  it('a charset label never garbles JSON, hides a binary body, or comes from inside a quoted parameter', () => {
    // JSON is UTF-8 whatever it declares (a common misconfiguration).
    const json = Buffer.from('{"city":"Zürich"}');
    assert.equal(renderBody(json, 'application/json; charset=iso-8859-1').text, '{\n  "city": "Zürich"\n}');
    assert.equal(renderBody(json, 'application/problem+json; charset=us-ascii').text, '{\n  "city": "Zürich"\n}');
    // Not a textual type: a charset does not make bytes text.
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    assert.equal(renderBody(png, 'application/octet-stream; charset=ISO-8859-1').binary, true);
    // A value that only looks like a charset parameter, and a UTF-8 alias, leave UTF-8 in place.
    const text = Buffer.from('plain ü');
    assert.equal(renderBody(text, 'text/plain; name="x; charset=utf-16le"').text, 'plain ü');
    assert.equal(renderBody(text, 'text/plain; charset=unicode-1-1-utf-8').text, 'plain ü');
    // Bytes that are not valid in the declared charset are read as before (UTF-8, replacement characters).
    assert.equal(renderBody(Buffer.from([0x61, 0x62, 0x63]), 'text/plain; charset=utf-16le').text, 'abc');
  });

  it('sorted keys only when asked (for comparisons)', () => {
    assert.equal(
      renderBody(Buffer.from('{"b":1,"a":2}'), 'application/json', { sortKeys: true }).text,
      '{\n  "a": 2,\n  "b": 1\n}',
    );
    assert.equal(renderBody(Buffer.from('{"b":1,"a":2}'), 'application/json').text, '{\n  "b": 1,\n  "a": 2\n}');
  });
});
