import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { assertionProblems } from '../../../src/core/httpFile/assertions';
import { loadHttpEnvironments } from '../../../src/core/httpFile/environments';
import { withFileVariables } from '../../../src/core/httpFile/fileVariables';
import { parseHttpFile } from '../../../src/core/httpFile/parse';
import { resolveRequest } from '../../../src/core/httpFile/resolve';
import { resolveText, VariableResolver } from '../../../src/core/pull/variables';
import { tempDir } from '../helpers';
import { env } from './helpers';

const at = Date.UTC(2024, 1, 29, 13, 5, 9, 7);
const clock = { now: () => at };

describe('httpFile variables, bodies and environments', () => {
  it('writes $datetime in rfc1123, iso8601 and day.js formats, with offsets', () => {
    const r = (text: string): string => resolveText(text, env({}), { clock });
    assert.equal(r('{{$datetime rfc1123}}'), 'Thu, 29 Feb 2024 13:05:09 GMT');
    assert.equal(r('{{$datetime iso8601 1 d}}'), '2024-03-01T13:05:09.007Z');
    assert.equal(r('{{$datetime "YYYY-MM-DD [at] HH:mm:ss.SSS"}}'), '2024-02-29 at 13:05:09.007');
    assert.equal(r("{{$datetime 'DD MMM YY' -1 M}}"), '29 Jan 24');
    const picked = resolveText('{{$uuid}} {{$randomInt}} {{$random.hexadecimal(4)}}', env({}), {
      guid: () => 'g',
      random: () => 0.5,
    });
    assert.equal(picked, 'g 500 8888');
  });

  it('reads $processEnv (with %name indirection) and $dotenv only when given sources; names what is not set', () => {
    const options = { processEnv: (n: string) => ({ API: 'p-1' })[n], dotenv: (n: string) => ({ KEY: 'd-1' })[n] };
    const e = env({ which: 'API' });
    assert.equal(resolveText('{{$processEnv API}} {{$processEnv %which}} {{$dotenv KEY}}', e, options), 'p-1 p-1 d-1');
    assert.equal(resolveText('{{$processEnv API}}', e), '{{$processEnv API}}');
    assert.deepEqual(new VariableResolver(e, options).resolve('{{$dotenv NOPE}}').missing, ['$dotenv NOPE']);
  });

  it('builds multipart bodies with CRLF and file bytes, and GraphQL as JSON', async () => {
    const dir = await tempDir('pushpull-body-');
    try {
      await fs.writeFile(path.join(dir, 'a.bin'), Buffer.from([1, 2, 0x0a, 3]));
      const filePath = path.join(dir, 'x.http');
      const file = parseHttpFile(
        [
          'POST http://127.0.0.1:1/up',
          'Content-Type: multipart/form-data; boundary=B',
          '',
          '--B',
          'Content-Disposition: form-data; name="f"; filename="a.bin"',
          '',
          '< ./a.bin',
          '--B--',
          '',
          '###',
          'POST http://127.0.0.1:1/gql',
          'X-Request-Type: GraphQL',
          '',
          'query Q($id: ID) { item(id: $id) { name } }',
          '',
          '{"id": "{{id}}"}',
        ].join('\n'),
      );
      const context = { filePath, environment: env({ id: '7' }), options: {}, readFile: (p: string) => fs.readFile(p) };
      const multipart = await resolveRequest(file.requests[0]!, context);
      const body =
        multipart.request.body.kind === 'bytes' ? Buffer.from(multipart.request.body.bytes) : Buffer.alloc(0);
      const expected = Buffer.concat([
        Buffer.from('--B\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n'),
        Buffer.from([1, 2, 0x0a, 3]),
        Buffer.from('\r\n--B--'),
      ]);
      assert.deepEqual(body, expected);
      const gql = await resolveRequest(file.requests[1]!, context);
      const sent =
        gql.request.body.kind === 'bytes' ? JSON.parse(Buffer.from(gql.request.body.bytes).toString()) : null;
      assert.deepEqual(sent, {
        query: 'query Q($id: ID) { item(id: $id) { name } }',
        variables: { id: '7' },
        operationName: 'Q',
      });
      assert.ok(!gql.request.headers.some(([n]) => n.toLowerCase() === 'x-request-type'));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('merges environment files up to the root, the nearer and the private one winning, private values secret', async () => {
    const root = await tempDir('pushpull-envs-');
    try {
      const sub = path.join(root, 'api');
      await fs.mkdir(sub);
      await fs.writeFile(
        path.join(root, 'http-client.env.json'),
        '{"dev":{"host":"far","a":"1"},"__proto__":{"x":"y"}}',
      );
      await fs.writeFile(path.join(sub, 'http-client.env.json'), '{"dev":{"host":"near"},"prod":{"host":"p"}}');
      await fs.writeFile(path.join(sub, 'http-client.private.env.json'), '{"dev":{"pass":"s3cret"}}');
      const envs = await loadHttpEnvironments({
        filePath: path.join(sub, 'x.http'),
        root,
        setting: { $shared: { shared: 'yes' } },
        readFile: (p) => fs.readFile(p),
      });
      assert.deepEqual(envs.names, ['dev', '__proto__', 'prod']);
      const dev = envs.select('dev');
      assert.deepEqual(
        [...dev.variables],
        [
          ['host', 'near'],
          ['a', '1'],
          ['pass', 's3cret'],
        ],
      );
      assert.equal(dev.shared.get('shared'), 'yes');
      assert.deepEqual([...(dev.secrets ?? [])], ['pass']);
      assert.equal(({} as Record<string, unknown>).x, undefined);
      const file = parseHttpFile('@token = abc\nGET http://127.0.0.1:1/?p={{pass}}&t={{token}}\n');
      const prepared = await resolveRequest(file.requests[0]!, {
        filePath: path.join(sub, 'x.http'),
        environment: withFileVariables(dev, file, 0),
        options: {},
        readFile: (p) => fs.readFile(p),
      });
      assert.deepEqual([...(prepared.secretValues ?? [])].sort(), ['abc', 's3cret']);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('reports an assertion it cannot read as a problem with its range', () => {
    const file = parseHttpFile('GET http://x/\n\n?? status == 200\n?? nonsense here\n');
    assert.deepEqual(
      assertionProblems(file).map((p) => [p.code, p.range.start.line]),
      [['BAD_ASSERTION', 3]],
    );
  });
});
