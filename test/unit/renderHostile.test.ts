import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import type { HookMeta } from '../../src/core/model/hook';
import { renderHookDocument } from '../../src/core/render/hookDocument';
import { prettyJson } from '../../src/core/render/json';
import { renderBody } from '../../src/core/render/payload';
import { formatXml } from '../../src/core/render/xml';
import { hookMeta } from './helpers';

function meta(contentType: string, headers: Array<[string, string]>, bodySize: number): HookMeta {
  return hookMeta({ headers: [['Content-Type', contentType], ...headers], contentType, bodySize });
}

const render = (type: string, body: string, headers: Array<[string, string]> = []) =>
  renderHookDocument(meta(type, headers, Buffer.byteLength(body)), Buffer.from(body));

describe('XML that never closes a markup (formatted in linear time, shown as it came)', () => {
  // The regular-expression tokenizer took quadratic time here: 160 KB took 9 s, 1 MB would take minutes.
  const MB = 1024 * 1024;
  const cases: Array<[string, string]> = [
    ['1 MB of "<" without ">"', '<'.repeat(MB)],
    ['an element, then 1 MB of "<"', `<a>${'<'.repeat(MB)}</a`],
    ['1 MB of unclosed "<!--"', '<!--'.repeat(MB / 4)],
    ['1 MB of unclosed "<![CDATA["', '<![CDATA['.repeat(MB / 9)],
    ['a comment that never ends', `<a><!--${'-'.repeat(MB)}`],
  ];
  for (const [name, xml] of cases) {
    it(name, () => {
      assert.equal(formatXml(xml), undefined);
      const body = renderBody(Buffer.from(xml), 'application/xml');
      assert.equal(body.text, xml);
      const doc = render('application/xml', xml);
      assert.equal(doc.language, 'xml');
      assert.ok(doc.text.endsWith(`\n\n${xml}\n`));
    });
  }

  it('still formats 1 MB of well-formed XML, and splits tokens as before', () => {
    const xml = `<?xml version="1.0"?><r>${'<i a="1">x &lt; y</i><!-- c --><![CDATA[<not>a tag]]><e/>'.repeat(15_000)}</r>`;
    const formatted = formatXml(xml);
    assert.ok(formatted);
    const lines = formatted.split('\n');
    assert.equal(lines.length, 2 + 4 * 15_000 + 1);
    assert.deepEqual(lines.slice(0, 6), [
      '<?xml version="1.0"?>',
      '<r>',
      '  <i a="1">x &lt; y</i>',
      '  <!-- c -->',
      '  <![CDATA[<not>a tag]]>',
      '  <e/>',
    ]);
    assert.equal(formatXml('<a>1 < 2</a>'), undefined, 'a "<" in text runs to the next ">", as before: shown raw');
    assert.equal(formatXml('<a><></a>'), undefined);
  });

  it('shows XML whose indentation would grow past the output limit as it came', () => {
    const xml = `${'<a>'.repeat(500)}${'<b/>'.repeat(2000)}${'</a>'.repeat(500)}`;
    assert.ok(formatXml(xml));
    assert.equal(formatXml(xml, 100_000), undefined);
  });
});

describe('header comments in the XML view', () => {
  it('cannot end the comment early, for any header value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('-', '>', '<', '!', ' ', 'a', '\t', '\u00ad', '\u0085'), { maxLength: 40 }),
        (chars) => {
          const value = chars.join('');
          const doc = render('application/xml', '<a>1</a>', [['X-Evil', value]]);
          const head = doc.text.split('\n\n<a>')[0] as string;
          for (const line of head.split('\n')) {
            const match = /^<!--(.*)-->$/s.exec(line);
            assert.ok(match, line);
            const content = match[1] as string;
            assert.ok(!content.includes('--'), line);
            assert.ok(!content.endsWith('-'), line);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a---> header stays inside its comment', () => {
    const doc = render('application/xml', '<a>1</a>', [['X-Evil', 'a---><injected attr="1"/><!--']]);
    assert.ok(doc.text.includes('<!-- X-Evil: a- - -><injected attr="1"/><!- - -->\n'), doc.text);
  });

  it('come after the XML declaration, which must be first', () => {
    const doc = render('application/xml', '<?xml version="1.0" encoding="UTF-8"?><a>1</a>');
    assert.equal(
      doc.text,
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- POST /x HTTP/1.1 -->\n<!-- Content-Type: application/xml -->\n\n<a>1</a>\n',
    );
    const raw = render('application/xml', '<?xml version="1.0"?><a><b></a>');
    assert.equal(
      raw.text,
      '<?xml version="1.0"?>\n<!-- POST /x HTTP/1.1 -->\n<!-- Content-Type: application/xml -->\n\n<a><b></a>\n',
    );
    const stylesheet = render('application/xml', '<?xml-stylesheet href="a"?><a/>');
    assert.ok(stylesheet.text.startsWith('<!-- POST'), 'only the declaration moves first');
  });

  it('every head line is one line in every language, whatever the forward error says', () => {
    const body = '{"a":1}';
    const hook = {
      ...meta('application/json', [['X-A', 'a\u0085b\u2028c']], body.length),
      forward: { target: 'http://t', ms: 1, error: 'boom\n{"forged": true}\r\n// x' },
    };
    const text = renderHookDocument(hook, Buffer.from(body)).text;
    const [head] = text.split('\n\n{');
    for (const line of (head as string).split('\n')) assert.match(line, /^\/\//);
    assert.match(text, /\/\/ X-A: a\\u0085b\\u2028c\n/);
  });
});

describe('form bodies: each field exactly one line', () => {
  it('escapes line breaks and control characters, and = : # in names', () => {
    const doc = render(
      'application/x-www-form-urlencoded',
      'a=1%0D%23+fake%3Dline&x%0AContent-Type%3A+forged=2&k%3Db=c&%23c=d&p=100%25+%2B1&b=x%5Cny&t=%09tab&e=%1B%5B31m&q=%E0%A4%A',
    );
    assert.equal(
      doc.text.split('\n\n')[1],
      [
        'a = 1\\r# fake=line',
        'x\\nContent-Type\\:\\ forged = 2',
        'k\\=b = c',
        '\\#c = d',
        'p = 100% +1',
        'b = x\\\\ny',
        't = \\ttab',
        'e = \\u001b[31m',
        'q = %E0%A4%A',
        '',
      ].join('\n'),
    );
  });

  it('has one line per field for any names and values (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (fields) => {
          const body = fields.map(([n, v]) => `${encodeURIComponent(n) || 'n'}=${encodeURIComponent(v)}`).join('&');
          const lines = render('application/x-www-form-urlencoded', body).text.split('\n\n')[1]?.split('\n') ?? [];
          assert.equal(lines.length, fields.length + 1, body); // and the final newline
          for (const line of lines.slice(0, -1)) assert.match(line, /^(?:[^=: \t\f\\]|\\.)* = /);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the JSON view shows numbers and keys as sent', () => {
  it('keeps big integers, 1e400, 1.10, -0, duplicate keys and escapes as written', () => {
    const body =
      '{"id":12345678901234567890,"amount":1.10,"e":1e400,"dup":"first","dup":"second","neg":-0,"s":"\\u00e9\\/"}';
    const doc = render('application/json', body);
    assert.equal(doc.language, 'jsonc');
    assert.equal(
      doc.text.split('\n\n')[1],
      '{\n  "id": 12345678901234567890,\n  "amount": 1.10,\n  "e": 1e400,\n  "dup": "first",\n  "dup": "second",\n  "neg": -0,\n  "s": "\\u00e9\\/"\n}\n',
    );
  });

  it('indents like JSON.stringify(…, null, 2) for JSON that JSON.stringify wrote (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(fc.jsonValue({ maxDepth: 4 })), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }))),
        fc.constantFrom(0, 1, 2, '\t'),
        (value, space) => {
          const text = JSON.stringify(value, null, space);
          assert.equal(prettyJson(text), JSON.stringify(JSON.parse(text), null, 2));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('accepts exactly what JSON.parse accepts (property over a JSON-ish alphabet)', () => {
    const token = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      ' ',
      '\n',
      '\t',
      '"',
      '"a"',
      '"\\u00e9"',
      '"\\x"',
      '"\\"',
      '\\',
      '0',
      '01',
      '-',
      '1.',
      '.5',
      '1e',
      '1e+2',
      '-0',
      'true',
      'tru',
      'null',
      'NaN',
      '\u00a0',
      '\u0001',
      '"\u0001"',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), (tokens) => {
        const text = tokens.join('');
        let parsed: unknown;
        let valid = true;
        try {
          parsed = JSON.parse(text);
        } catch {
          valid = false;
        }
        const container = valid && typeof parsed === 'object' && parsed !== null;
        assert.equal(prettyJson(text) !== undefined, container, JSON.stringify(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('shows invalid, too deep or too long JSON as it came', () => {
    for (const text of ['{"a":1,}', "{'a':1}", '{"a":01}', '[1] x', '{"a":1}/* c */', '[NaN]', '{"a"}', '[', '']) {
      assert.equal(prettyJson(text), undefined, text);
      if (text) assert.equal(renderBody(Buffer.from(text), 'application/json').text, text);
    }
    const deep = '['.repeat(513) + ']'.repeat(513);
    assert.equal(prettyJson(deep), undefined);
    assert.ok(prettyJson('['.repeat(512) + ']'.repeat(512)));
    const wide = `${'['.repeat(400)}${'1,'.repeat(10_000)}1${']'.repeat(400)}`;
    assert.ok(prettyJson(wide));
    assert.equal(prettyJson(wide, 512, 1_000_000), undefined, 'indentation past the output limit');
  });

  it('keeps empty containers compact and whitespace inside strings', () => {
    assert.equal(
      prettyJson(' { "a" : [ ] , "b" : { } , "c" : " x  y " } '),
      '{\n  "a": [],\n  "b": {},\n  "c": " x  y "\n}',
    );
  });
});
