import * as assert from 'node:assert/strict';
import { printable, terminalSafeJson } from '../../src/cli/format';
import { shellQuote } from '../../src/core/export/curl';
import { inspectBody } from '../../src/core/hooks/inspect';
import { formatForm } from '../../src/core/render/form';
import { renderHookDocument } from '../../src/core/render/hookDocument';
import { responseView } from '../../src/ui/requestPanel/responseView';
import { hookMeta } from './helpers';

/**
 * Invisible characters that hide or fake text, one or two of each range: soft hyphen, Hangul fillers, deprecated
 * format controls, interlinear annotation controls, and tag characters (beyond the basic plane).
 */
const INVISIBLE: ReadonlyArray<readonly [string, string]> = [
  ['soft hyphen U+00AD', '\u00ad'],
  ['Hangul choseong filler U+115F', '\u115f'],
  ['Hangul jungseong filler U+1160', '\u1160'],
  ['inhibit symmetric swapping U+206A', '\u206a'],
  ['nominal digit shapes U+206F', '\u206f'],
  ['Hangul filler U+3164', '\u3164'],
  ['halfwidth Hangul filler U+FFA0', '\uffa0'],
  ['interlinear annotation anchor U+FFF9', '\ufff9'],
  ['interlinear annotation terminator U+FFFB', '\ufffb'],
  ['tag U+E0000', '\u{e0000}'],
  ['language tag U+E0001', '\u{e0001}'],
  ['tag latin capital A U+E0041', '\u{e0041}'],
  ['cancel tag U+E007F', '\u{e007f}'],
];

/** The JSON-style escape of each UTF-16 unit: a tag character as its two surrogates, which JSON reads back whole. */
function jsonEscape(c: string): string {
  return [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
}

describe('invisible characters beyond controls and bidi marks are escaped everywhere', () => {
  for (const [name, c] of INVISIBLE) {
    describe(name, () => {
      const text = `a${c}b`;
      const escaped = `a${jsonEscape(c)}b`;

      it('CLI text (printable)', () => {
        const expected = c.charCodeAt(0) <= 0xff ? `a\\x${c.charCodeAt(0).toString(16)}b` : escaped;
        assert.equal(printable(text), expected);
      });

      it('CLI JSON (terminalSafeJson) reads back as the same value', () => {
        const json = terminalSafeJson({ v: text });
        assert.equal(json, `{"v":"${escaped}"}`);
        assert.deepEqual(JSON.parse(json), { v: text });
      });

      it('hook document head lines and form fields', () => {
        const hook = hookMeta({ headers: [['X-A', text]], contentType: 'application/x-www-form-urlencoded' });
        const doc = renderHookDocument(hook, Buffer.from('k=1'));
        assert.ok(doc.text.includes(`X-A: ${escaped}`), doc.text);
        assert.ok(!doc.text.includes(c));
        assert.equal(formatForm(`k=${encodeURIComponent(text)}`), `k = ${escaped}`);
      });

      it('request panel headers and body', () => {
        const body = { kind: 'memory', bytes: Buffer.from(`line\n${text}`) } as const;
        const view = responseView(
          'x',
          {
            url: 'http://127.0.0.1/',
            status: 200,
            statusText: 'OK',
            httpVersion: '1.1',
            headers: [['X-A', text]],
            raw: body,
            decoded: body,
            truncated: false,
            timings: { firstByte: 0, download: 0, total: 0, reusedConnection: false },
            redirects: [],
          },
          { head: body.bytes },
        );
        assert.deepEqual(view.headers, [['X-A', escaped]]);
        assert.equal(view.raw, `line\n${escaped}`);
        assert.equal(view.pretty, `line\n${escaped}`);
      });

      it('event names: one replacement character, never half a pair', () => {
        const body = Buffer.from(JSON.stringify({ type: text }));
        assert.equal(inspectBody([], body, 'application/json').event, 'a\ufffdb');
      });

      it('Copy as cURL quotes it with escapes', () => {
        const hex = [...Buffer.from(c)].map((b) => `\\x${b.toString(16)}`).join('');
        assert.equal(shellQuote(text), `$'a${hex}b'`);
      });
    });
  }
});
