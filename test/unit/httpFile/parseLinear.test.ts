import * as assert from 'node:assert/strict';
import { countLineVisits, parseHttpFile } from '../../../src/core/httpFile/parse';

// Linear time, checked by counting work (line visits) and by sizes, never by timing: the benchmark
// (bench/httpFile/parseBench.mjs) has the times.

/** Hostile shapes: each repeats what a quadratic reader would scan again and again. */
const HOSTILE: Record<string, (n: number) => string> = {
  'comment lines after a handler': (n) => `GET /a\n\n> ./h.js\n${'# c\n'.repeat(n)}`,
  'comments after blank lines in a body': (n) => `POST /a\n\n${'x\n\n# c\n'.repeat(n)}`,
  'variables and comments before a line that is no request': (n) =>
    `POST /a\n\nbody\n\n${'@v = 1\n# c\n'.repeat(n)}text`,
  'form lines joined into one': (n) =>
    `POST /a\nContent-Type: application/x-www-form-urlencoded\n\na=1\n${'&b=2\n'.repeat(n)}`,
  'an unclosed handler': (n) => `GET /a\n\n> {%\n${'x();\n'.repeat(n)}`,
  'requests after blank lines without separators': (n) => 'GET /a\n\n'.repeat(n),
  'query continuation lines': (n) => `GET /a\n${'&x=1\n'.repeat(n)}`,
  'separators only': (n) => '###\n'.repeat(n),
};

describe('httpFile parser: linear in the size of the file', () => {
  for (const [name, make] of Object.entries(HOSTILE)) {
    it(`${name}: at most two visits a line`, () => {
      for (const n of [10, 1000, 20_000]) {
        const { lines, visits } = countLineVisits(make(n));
        assert.ok(visits <= 2 * lines, `${visits} visits for ${lines} lines (n = ${n})`);
      }
    });
  }

  it('reads 10,000 requests, and twice the file gives twice the requests', () => {
    const block = (i: number): string =>
      `### ${i}\n# @name r${i}\nPOST https://example.com/${i}\nContent-Type: application/json\n\n{"i": ${i}}\n\n`;
    const text = Array.from({ length: 10_000 }, (_, i) => block(i)).join('');
    const once = parseHttpFile(text);
    const twice = parseHttpFile(text + text);
    assert.equal(once.requests.length, 10_000);
    assert.equal(twice.requests.length, 20_000);
    assert.equal(once.problems.length, 0);
    assert.equal(twice.requests[19_999]?.name, 'r9999');
  });

  it('takes a 1 MB line and a 100,000-line body in stride', () => {
    const long = 'x'.repeat(1 << 20);
    const file = parseHttpFile(`GET /a?q=${long}\nX-Long: ${long}\n\n${'line\n'.repeat(100_000)}`);
    assert.equal(file.requests[0]?.url.length, long.length + 5);
    assert.equal(file.requests[0]?.headers[0]?.value.length, long.length);
    const part = file.requests[0]?.body?.parts[0];
    assert.equal(part?.kind === 'text' ? part.text.split('\n').length : 0, 100_000);
  });
});
