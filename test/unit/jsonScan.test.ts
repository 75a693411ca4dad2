import * as assert from 'node:assert/strict';
import { inspectBody, inspectLargeBody } from '../../src/core/hooks/inspect';
import { scanJson } from '../../src/core/hooks/jsonScan';

const JSON_TYPE = 'application/json';
const GITHUB: ReadonlyArray<readonly [string, string]> = [['X-GitHub-Event', 'pull_request']];

/** Bodies whose validity and event `JSON.parse` decides: the scan must agree on every one. */
const CASES: readonly string[] = [
  '{}',
  '[]',
  '{"type":"charge.succeeded","data":{"object":{"id":"ch_1"}}}',
  '{"action":"opened","number":1}',
  '{"type":"event_callback","event":{"type":"app_mention","text":"hi"}}',
  '{"type":"event_callback","event":{"text":"no type"}}',
  '{"type":"event_callback","event":"message"}',
  '{"event":{"type":"a"},"event":{"other":1}}',
  '{"type":"a","type":{}}',
  '{"type":"a","type":"b"}',
  '{"event_type":"x"}',
  '{"eventType":"y","nested":{"type":"not top"}}',
  '{"__proto__":{"type":"p"},"type":"real"}',
  '{"ty\\u0070e":"escaped key","action":"\\u00e9t\\u00e9"}',
  '{"type":"tab\\tinside"}',
  '{"type":5}',
  '{"type":null,"event":true}',
  '[{"type":"in array"}]',
  '"just a string"',
  '  -0.5e+10  ',
  '1.',
  '01',
  '-',
  '1e',
  '.5',
  '{"a":1,}',
  '[1,]',
  '{"a" 1}',
  '{a:1}',
  "{'a':1}",
  '{"a":1}}',
  '{"a":[1}',
  '[',
  '{"a":"unterminated}',
  '{"a":"bad \\x escape"}',
  '{"a":"bad \\u12G4"}',
  '{"a":"raw\nnewline"}',
  '{"a":tru}',
  '{"a":nul}',
  '{"a":1} {"b":2}',
  '\ufeff{"a":1}',
  '{"a":"\u0000"}',
  ' \t\r\n{"type":"spaced"} \n',
  '{"type":"\u202eevil"}',
];

async function agree(
  body: Buffer,
  headers: ReadonlyArray<readonly [string, string]> = [],
  type = JSON_TYPE,
): Promise<void> {
  const expected = inspectBody(headers, body, type);
  const actual = await inspectLargeBody(headers, body, type);
  assert.deepEqual(actual, expected, `for ${JSON.stringify(body.toString('utf8').slice(0, 200))}`);
}

describe('inspecting large bodies without parsing them (scanJson)', () => {
  it('finds what JSON.parse finds: validity and the event name, for valid and broken bodies', async () => {
    for (const text of CASES) {
      await agree(Buffer.from(text));
      await agree(Buffer.from(text), GITHUB);
      await agree(Buffer.from(text), [], 'text/plain');
    }
  });

  it('agrees with JSON.parse on thousands of damaged copies of a real payload', async () => {
    const payload = JSON.stringify({
      action: 'opened',
      number: 42,
      pull_request: { title: 'Fix "quotes" \\ and \u00e9', labels: [{ id: 1 }, { id: 2.5e-3 }], draft: false },
      event: { type: 'x', list: [null, true, -0] },
    });
    // A fixed-seed generator: every run tries the same damages.
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = '{}[]",:\\ 0123456789-+.eEtrufalsn\u0001\t';
    for (let i = 0; i < 3000; i++) {
      const chars = [...payload];
      const at = random(chars.length);
      const op = random(3);
      if (op === 0) chars.splice(at, 1);
      else if (op === 1) chars.splice(at, 0, alphabet[random(alphabet.length)] as string);
      else chars[at] = alphabet[random(alphabet.length)] as string;
      await agree(Buffer.from(chars.join('')), GITHUB);
    }
  });

  it('takes 100,000 levels of nesting and hostile keys in stride', async () => {
    const deep = Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    assert.equal((await scanJson(deep)).valid, true);
    const unclosed = Buffer.from(`{"type":"t","a":${'{"b":'.repeat(100_000)}1`);
    assert.equal((await scanJson(unclosed)).valid, false);
    const proto = await scanJson(Buffer.from('{"__proto__":"p","constructor":"c","type":"t"}'));
    assert.equal(proto.top?.type, 't');
    assert.equal(Object.getPrototypeOf({}).type, undefined);
  });

  it('hands the event loop back while it reads a 25 MB body of [{},{},…]', async () => {
    const count = Math.floor((25 * 1024 * 1024) / 3);
    const body = Buffer.from(`[${'{},'.repeat(count - 1)}{}]`);
    let turns = 0;
    let scanning = true;
    const tick = (): void => {
      turns++;
      if (scanning) setImmediate(tick);
    };
    setImmediate(tick);
    const insight = await inspectLargeBody([], body, JSON_TYPE);
    scanning = false;
    assert.deepEqual(insight, { flags: [], event: undefined });
    // One turn at least for every MB read: the view and the listener go on meanwhile.
    assert.ok(turns >= 20, `the event loop had ${turns} turns`);
  });
});
