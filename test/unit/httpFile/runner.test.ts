import * as assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/httpFile/parse';
import { env, recordingServer, runnerFor } from './helpers';

describe('httpFile runner (real server)', () => {
  let server: Awaited<ReturnType<typeof recordingServer>>;
  beforeEach(async () => {
    server = await recordingServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('sends a request with file variables, environment variables and an origin-form target to {{host}}', async () => {
    const setup = await runnerFor(env({ host: server.url, user: 'ada' }));
    try {
      const file = parseHttpFile(
        ['@base = /users', '@who = {{user}}-x', '', 'GET {{base}}/{{who}}?q=1#frag', 'X-Who: {{who}}', ''].join('\n'),
      );
      const result = await setup.runner.send(file, 0);
      assert.equal(result.outcome.kind, 'answered');
      assert.equal(server.received.length, 1);
      assert.equal(server.received[0]?.url, '/users/ada-x?q=1');
      assert.equal(server.received[0]?.headers['x-who'], 'ada-x');
    } finally {
      await setup.dispose();
    }
  });

  it('sends a referenced named request first, once, and uses its JSON body and headers', async () => {
    const setup = await runnerFor(env({ host: server.url }));
    try {
      const file = parseHttpFile(
        [
          '# @name login',
          'POST /login',
          '',
          '###',
          'GET /me',
          'Authorization: Bearer {{login.response.body.$.token}}',
          'X-From: {{login.response.headers.X-Id}}',
          '',
          '###',
          'GET /again?t={{login.response.body.$.token}}',
        ].join('\n'),
      );
      const second = await setup.runner.send(file, 1);
      assert.equal(second.outcome.kind, 'answered');
      assert.deepEqual(
        server.received.map((r) => r.url),
        ['/login', '/me'],
      );
      assert.equal(server.received[1]?.headers.authorization, 'Bearer t1');
      assert.equal(server.received[1]?.headers['x-from'], 'id-1');
      await setup.runner.send(file, 2);
      assert.deepEqual(
        server.received.map((r) => r.url),
        ['/login', '/me', '/again?t=t1'],
        'login is not sent again',
      );
    } finally {
      await setup.dispose();
    }
  });

  it('refuses a circle of references instead of looping', async () => {
    const setup = await runnerFor(env({ host: server.url }));
    try {
      const file = parseHttpFile(
        ['# @name a', 'GET /a?x={{b.response.body.*}}', '', '###', '# @name b', 'GET /b?x={{a.response.body.*}}'].join(
          '\n',
        ),
      );
      const result = await setup.runner.send(file, 0);
      assert.equal(result.outcome.kind, 'failed');
      assert.match(result.outcome.kind === 'failed' ? result.outcome.message : '', /circle/);
      assert.equal(server.received.length, 0);
    } finally {
      await setup.dispose();
    }
  });

  it('refuses a request whose variables nothing defines, naming them, and sends nothing', async () => {
    const setup = await runnerFor(env({ host: server.url }));
    try {
      const result = await setup.runner.send(parseHttpFile('GET /x?k={{nope}}\n'), 0);
      assert.deepEqual(result.outcome.kind === 'failed' && [result.outcome.code, result.outcome.names], [
        'UNRESOLVED_VARIABLES',
        ['nope'],
      ]);
      assert.equal(server.received.length, 0);
    } finally {
      await setup.dispose();
    }
  });

  it('checks assertions against the answer, and reports a bad one without throwing', async () => {
    const setup = await runnerFor(env({ host: server.url, expected: '1' }));
    try {
      const file = parseHttpFile(
        [
          'GET /a',
          '',
          '?? status == 200',
          '?? header content-type includes json',
          '?? body $.n == {{expected}}',
          '?? body $.missing exists',
          '?? duration < 60000',
          '?? status frobnicates 2',
        ].join('\n'),
      );
      const result = await setup.runner.send(file, 0);
      assert.deepEqual(
        result.assertions.map((a) => [a.line, a.passed]),
        [
          [2, true],
          [3, true],
          [4, true],
          [5, false],
          [6, true],
          [7, false],
        ],
      );
      assert.match(result.assertions[5]?.message ?? '', /not an operator/);
    } finally {
      await setup.dispose();
    }
  });

  it('sendAll sends every request in order', async () => {
    const setup = await runnerFor(env({ host: server.url }));
    try {
      const results = await setup.runner.sendAll(parseHttpFile('GET /1\n\n###\nPOST /2\n\nhello\n\n###\nGET /3\n'));
      assert.deepEqual(
        results.map((r) => [r.index, r.outcome.kind]),
        [
          [0, 'answered'],
          [1, 'answered'],
          [2, 'answered'],
        ],
      );
      assert.deepEqual(
        server.received.map((r) => `${r.method} ${r.url} ${r.body.toString()}`),
        ['GET /1 ', 'POST /2 hello', 'GET /3 '],
      );
    } finally {
      await setup.dispose();
    }
  });
});
