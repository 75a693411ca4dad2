import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { countLineVisits, parseHttpFile } from '../../../src/core/httpFile/parse';
import { splitLines } from '../../../src/core/httpFile/parseLines';
import type { HttpFile, HttpRange } from '../../../src/core/httpFile/types';

// Random files built from `.http` fragments (and random text): the parser never throws, always ends, and every range
// it gives is inside the text.

const FRAGMENTS = [
  '',
  '   ',
  '###',
  '### title',
  '#### more',
  '# comment',
  '// comment',
  '# @name req',
  '// @name=other',
  '# @no-redirect',
  '@host = https://example.com',
  '@bad',
  'GET https://example.com/a',
  'POST {{host}}/b HTTP/1.1',
  'https://example.com/no-method',
  'DELETE /x HTTP/2',
  'GET',
  '  ?q=1',
  '&page=2',
  '    /continued',
  'Content-Type: application/json',
  'Content-Type: application/x-www-form-urlencoded',
  'X-Request-Type: GraphQL',
  'not a header',
  '{',
  '"a": 1',
  '}',
  'query { a }',
  'a=1',
  '&b=2',
  '< ./file.json',
  '<@ ./template.json',
  '<@latin1 ./latin1.txt',
  '<',
  '<>',
  '<> ./saved.json',
  '> {%',
  '> {% one(); %}',
  '%}',
  '> ./handler.js',
  '>> ./out.json',
  '>>! ./out.json',
  '< {%',
  '< {% pre(); %}',
  '{{',
  '{{@response',
  '}}',
  '{{host}}/path',
  '?? status == 200',
  '??',
  '--boundary',
  '\t',
  '\u2028',
  '\ufeff',
];

const line = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(...FRAGMENTS).map((f) => `  ${f}  `) },
);
const breakChars = fc.constantFrom('\n', '\r\n', '\r');
const httpText = fc
  .array(fc.tuple(line, breakChars), { maxLength: 60 })
  .map((pairs) => pairs.map(([text, br]) => text + br).join(''));

function assertInside(range: HttpRange, lines: readonly string[], what: string): void {
  const { start, end } = range;
  for (const [p, name] of [
    [start, 'start'],
    [end, 'end'],
  ] as const) {
    assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lines.length, `${what} ${name} line ${p.line}`);
    const length = lines[p.line]?.length ?? -1;
    assert.ok(Number.isInteger(p.column) && p.column >= 0 && p.column <= length, `${what} ${name} column ${p.column}`);
  }
  assert.ok(start.line < end.line || (start.line === end.line && start.column <= end.column), `${what} is reversed`);
}

function contains(outer: HttpRange, inner: HttpRange): boolean {
  const before = (a: HttpRange['start'], b: HttpRange['start']): boolean =>
    a.line < b.line || (a.line === b.line && a.column <= b.column);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function checkFile(text: string, file: HttpFile): void {
  const lines = splitLines(text);
  file.requests.forEach((request, index) => {
    assert.equal(request.index, index);
    assert.match(request.method, /^[A-Z]+$/);
    assertInside(request.range, lines, 'request');
    assertInside(request.requestLine, lines, 'request line');
    assert.ok(contains(request.range, request.requestLine), 'the request line is inside its request');
    const previous = file.requests[index - 1];
    if (previous) assert.ok(previous.range.end.line < request.range.start.line, 'requests do not overlap');
    for (const item of [...request.headers, ...request.metadata, ...request.assertions, ...request.responseItems]) {
      assertInside(item.range, lines, 'item');
      assert.ok(contains(request.range, item.range), 'an item is inside its request');
    }
    if (request.body) {
      assertInside(request.body.range, lines, 'body');
      assert.ok(request.body.parts.length > 0);
      for (const part of request.body.parts) if (part.kind === 'file') assertInside(part.range, lines, 'file part');
    }
    for (const script of request.scripts ?? []) assertInside(script.range, lines, 'script');
  });
  for (const variable of file.variables) {
    assertInside(variable.range, lines, 'variable');
    assert.ok(variable.requestIndex === null || variable.requestIndex < file.requests.length);
  }
  for (const problem of file.problems) {
    assertInside(problem.range, lines, 'problem');
    assert.ok(problem.message.length > 0 && /^[A-Z_]+$/.test(problem.code));
  }
}

describe('httpFile parser: random files', () => {
  it('never throws, and every range is inside the text and inside its request', () => {
    fc.assert(
      fc.property(httpText, (text) => {
        const file = parseHttpFile(text);
        checkFile(text, file);
        assert.doesNotThrow(() => JSON.stringify(file));
      }),
      { numRuns: 2000 },
    );
  });

  it('looks at each line at most twice, whatever the file', () => {
    fc.assert(
      fc.property(httpText, (text) => {
        const { lines, visits } = countLineVisits(text);
        assert.ok(visits <= 2 * lines, `${visits} visits for ${lines} lines`);
      }),
      { numRuns: 1000 },
    );
  });

  it('parses random text too (not built from fragments)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (text) => checkFile(text, parseHttpFile(text))),
      { numRuns: 1000 },
    );
  });

  it('keeps __proto__ and constructor as plain names', () => {
    const file = parseHttpFile('@__proto__ = x\n# @__proto__ y\nGET /a\n__proto__: z\nconstructor: w\n');
    assert.equal(file.variables[0]?.name, '__proto__');
    assert.equal(file.requests[0]?.metadata[0]?.key, '__proto__');
    assert.deepEqual(
      file.requests[0]?.headers.map((h) => [h.name, h.value]),
      [
        ['__proto__', 'z'],
        ['constructor', 'w'],
      ],
    );
    assert.equal(Object.getPrototypeOf(file.requests[0]), Object.prototype);
  });
});
