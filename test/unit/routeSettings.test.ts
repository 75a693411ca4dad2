import * as assert from 'node:assert/strict';
import { errorCode } from '../../src/core/errors';
import { matchRoute, parseRoutes, RouteConfigError } from '../../src/core/hooks/routes';
import { ACCEPTED_PROVIDER_NAMES } from '../../src/core/verify/registry';

/** The text the user reads in the notification about `pushpull.routes`, or a failure naming what was accepted. */
function refusal(value: unknown): string {
  try {
    parseRoutes(value);
  } catch (error) {
    assert.ok(error instanceof RouteConfigError, `not a RouteConfigError: ${String(error)}`);
    assert.equal(errorCode(error), 'INVALID_ROUTES');
    return error.message;
  }
  assert.fail(`accepted ${JSON.stringify(value)}`);
}

const route = (fields: Record<string, unknown>): unknown[] => [{ pathPrefix: '/in', ...fields }];

describe('routes settings: what the user is told', () => {
  const cases: readonly (readonly [string, unknown, string])[] = [
    ['a single object', { pathPrefix: '/a' }, 'Routes must be a JSON array of route objects.'],
    ['a string', '/a', 'Routes must be a JSON array of route objects.'],
    ['a route that is a string', ['/a'], 'routes[0] must be an object.'],
    ['a route that is null', [{ pathPrefix: '/a' }, null], 'routes[1] must be an object.'],
    ['a route that is an array', [['/a']], 'routes[0] must be an object.'],
    ['a number as path', [{ pathPrefix: 5 }], 'routes[0].pathPrefix must be a path starting with "/".'],
    ['no path at all', [{ name: 'a' }], 'routes[0].pathPrefix must be a path starting with "/".'],
    [
      'a path with #',
      [{ pathPrefix: '/a#b' }],
      'routes[0].pathPrefix is matched against the path only: it cannot hold "?" or "#".',
    ],
    ['an empty name', route({ name: '' }), 'routes[0].name must be a non-empty string.'],
    ['a blank name', route({ name: '  \t' }), 'routes[0].name must be a non-empty string.'],
    ['a number as name', route({ name: 7 }), 'routes[0].name must be a non-empty string.'],
    ['a number as forwardTo', route({ forwardTo: 3000 }), 'routes[0].forwardTo must be an http:// or https:// URL.'],
    [
      'a list as forwardTo',
      route({ forwardTo: ['http://localhost:3000/'] }),
      'routes[0].forwardTo must be an http:// or https:// URL.',
    ],
    [
      'an unknown provider',
      route({ provider: 'gitlabx' }),
      `routes[0].provider must be one of ${ACCEPTED_PROVIDER_NAMES.join(', ')}.`,
    ],
    [
      'a number as provider',
      route({ provider: 1 }),
      `routes[0].provider must be one of ${ACCEPTED_PROVIDER_NAMES.join(', ')}.`,
    ],
    [
      'provider hmac without settings',
      route({ provider: 'hmac' }),
      'routes[0].hmac is needed with provider "hmac": at least { "header": "X-Signature" }.',
    ],
    ['a number as publicUrl', route({ publicUrl: 443 }), 'routes[0].publicUrl must be an http:// or https:// URL.'],
    [
      'a list as publicUrl',
      route({ publicUrl: ['https://example.com/in'] }),
      'routes[0].publicUrl must be an http:// or https:// URL.',
    ],
    ['a relative publicUrl', route({ publicUrl: '/in' }), 'routes[0].publicUrl must be an http:// or https:// URL.'],
    [
      'a number as secretEnv',
      route({ secretEnv: 1 }),
      'routes[0].secretEnv must be the name of an environment variable.',
    ],
    [
      'a list as secretEnv',
      route({ secretEnv: ['GH_SECRET'] }),
      'routes[0].secretEnv must be the name of an environment variable.',
    ],
    [
      'a secretEnv with a dash',
      route({ secretEnv: 'GH-SECRET' }),
      'routes[0].secretEnv must be the name of an environment variable.',
    ],
    [
      'a secretEnv with a leading digit',
      route({ secretEnv: '1SECRET' }),
      'routes[0].secretEnv must be the name of an environment variable.',
    ],
    [
      'a secretEnv with a trailing $',
      route({ secretEnv: 'SECRET$' }),
      'routes[0].secretEnv must be the name of an environment variable.',
    ],
    [
      'a secretEnv with a leading $',
      route({ secretEnv: '$SECRET' }),
      'routes[0].secretEnv must be the name of an environment variable.',
    ],
    [
      'an empty secretEnv',
      route({ secretEnv: '' }),
      'routes[0].secretEnv must be the name of an environment variable.',
    ],
    ['a response that is a string', route({ response: 'ok' }), 'routes[0].response must be an object.'],
    [
      'a status as text',
      route({ response: { status: '201' } }),
      'routes[0].response.status must be a whole number from 200 to 599.',
    ],
    [
      'a fractional status',
      route({ response: { status: 201.5 } }),
      'routes[0].response.status must be a whole number from 200 to 599.',
    ],
    [
      'headers as a list',
      route({ response: { headers: [['x-a', '1']] } }),
      'routes[0].response.headers must map header names to string values.',
    ],
    [
      'headers as text',
      route({ response: { headers: 'x-a: 1' } }),
      'routes[0].response.headers must map header names to string values.',
    ],
    [
      'a header with a number',
      route({ response: { headers: { 'x-a': 'ok', 'x-b': 1 } } }),
      'routes[0].response.headers must map header names to string values.',
    ],
    ['a body that is JSON', route({ response: { body: { ok: true } } }), 'routes[0].response.body must be a string.'],
    [
      'a delay as text',
      route({ response: { delayMs: '10' } }),
      'routes[0].response.delayMs must be a whole number of milliseconds from 0 to 60000.',
    ],
    [
      'hmac as text',
      route({ hmac: 'X-Signature' }),
      'routes[0].hmac.header must name the header that carries the signature.',
    ],
    [
      'hmac without header',
      route({ hmac: { algorithm: 'sha256' } }),
      'routes[0].hmac.header must name the header that carries the signature.',
    ],
    [
      'hmac with a number header',
      route({ hmac: { header: 1 } }),
      'routes[0].hmac.header must name the header that carries the signature.',
    ],
    [
      'hmac with a blank header',
      route({ hmac: { header: ' ' } }),
      'routes[0].hmac.header must name the header that carries the signature.',
    ],
    [
      'hmac with md5',
      route({ hmac: { header: 'X-S', algorithm: 'md5' } }),
      'routes[0].hmac.algorithm must be sha1, sha256, sha384 or sha512.',
    ],
    [
      'hmac with a list as algorithm',
      route({ hmac: { header: 'X-S', algorithm: ['sha256'] } }),
      'routes[0].hmac.algorithm must be sha1, sha256, sha384 or sha512.',
    ],
    [
      'hmac with a number algorithm',
      route({ hmac: { header: 'X-S', algorithm: 256 } }),
      'routes[0].hmac.algorithm must be sha1, sha256, sha384 or sha512.',
    ],
    [
      'hmac with hmac-sha256',
      route({ hmac: { header: 'X-S', algorithm: 'hmac-sha256' } }),
      'routes[0].hmac.algorithm must be sha1, sha256, sha384 or sha512.',
    ],
    [
      'hmac with sha256-base64',
      route({ hmac: { header: 'X-S', algorithm: 'sha256-base64' } }),
      'routes[0].hmac.algorithm must be sha1, sha256, sha384 or sha512.',
    ],
    [
      'hmac with utf8 encoding',
      route({ hmac: { header: 'X-S', encoding: 'utf8' } }),
      'routes[0].hmac.encoding must be "hex" or "base64".',
    ],
    [
      'hmac with an empty encoding',
      route({ hmac: { header: 'X-S', encoding: '' } }),
      'routes[0].hmac.encoding must be "hex" or "base64".',
    ],
    [
      'hmac with a number prefix',
      route({ hmac: { header: 'X-S', prefix: 1 } }),
      'routes[0].hmac.prefix must be a string.',
    ],
  ];
  for (const [what, value, message] of cases) {
    it(`refuses ${what}`, () => assert.equal(refusal(value), message));
  }

  for (const managed of ['Transfer-Encoding', 'connection', 'Keep-Alive', 'upgrade', 'content-length']) {
    it(`refuses a response header ${managed} that PushPull sets itself`, () => {
      assert.equal(
        refusal(route({ response: { headers: { [managed]: 'x' } } })),
        `routes[0].response.headers: ${managed} is set by PushPull from the response body; leave it out.`,
      );
    });
  }
});

describe('routes settings: what is accepted', () => {
  it('reads no routes as none', () => {
    assert.deepEqual(parseRoutes(undefined), []);
    assert.deepEqual(parseRoutes(null), []);
    assert.deepEqual(parseRoutes([]), []);
  });

  it('accepts "path" for "pathPrefix", names an unnamed route by its path, and keeps "/" as the root', () => {
    assert.deepEqual(parseRoutes([{ path: '/stripe/' }, { pathPrefix: '/' }, { pathPrefix: '/a' }]), [
      { name: '/stripe/', pathPrefix: '/stripe' },
      { name: '/', pathPrefix: '/' },
      { name: '/a', pathPrefix: '/a' },
    ]);
  });

  it('keeps forwardTo, publicUrl, secretEnv and a provider given by any case', () => {
    assert.deepEqual(
      parseRoutes(
        route({
          forwardTo: 'http://localhost:3000/in',
          provider: 'GitHub',
          publicUrl: 'https://abc.example.com/in',
          secretEnv: '_GH_SECRET_2',
        }),
      ),
      [
        {
          name: '/in',
          pathPrefix: '/in',
          forwardTo: 'http://localhost:3000/in',
          provider: 'github',
          publicUrl: 'https://abc.example.com/in',
          secretEnv: '_GH_SECRET_2',
        },
      ],
    );
  });

  it('keeps a response with its headers, body and delay', () => {
    const [parsed] = parseRoutes(
      route({ response: { status: 201, headers: { 'X-Req': 'a', Location: '/x' }, body: '', delayMs: 5 } }),
    );
    assert.deepEqual(parsed?.response, {
      status: 201,
      headers: { 'X-Req': 'a', Location: '/x' },
      body: '',
      delayMs: 5,
    });
  });

  it('keeps hmac settings as given, the algorithm in lower case, and leaves out what was not given', () => {
    const hmac = (settings: Record<string, unknown>): unknown => parseRoutes(route({ hmac: settings }))[0]?.hmac;
    assert.deepEqual(hmac({ header: 'X-Signature' }), { header: 'X-Signature' });
    assert.deepEqual(hmac({ header: 'X-Sig', algorithm: 'SHA512', encoding: 'base64', prefix: '' }), {
      header: 'X-Sig',
      algorithm: 'sha512',
      encoding: 'base64',
      prefix: '',
    });
    assert.deepEqual(hmac({ header: 'X-Sig', algorithm: 'sha1', encoding: 'hex', prefix: 'sha1=' }), {
      header: 'X-Sig',
      algorithm: 'sha1',
      encoding: 'hex',
      prefix: 'sha1=',
    });
    for (const algorithm of ['sha224', 'sha256', 'Sha384']) {
      assert.deepEqual(hmac({ header: 'X-Sig', algorithm }), { header: 'X-Sig', algorithm: algorithm.toLowerCase() });
    }
    assert.deepEqual(parseRoutes(route({ provider: 'hmac', hmac: { header: 'X-Sig' } }))[0], {
      name: '/in',
      pathPrefix: '/in',
      provider: 'hmac',
      hmac: { header: 'X-Sig' },
    });
  });
});

describe('routes: which route a hook path takes', () => {
  it('takes the longest prefix whatever the order, the first listed among equal ones, and "/" for the rest', () => {
    const routes = parseRoutes([
      { name: 'push', pathPrefix: '/github/push' },
      { name: 'github', pathPrefix: '/github' },
      { name: 'github again', pathPrefix: '/github/' },
      { name: 'root', pathPrefix: '/' },
    ]);
    assert.equal(matchRoute(routes, '/github/push/x')?.name, 'push');
    assert.equal(matchRoute(routes, '/github/pushx')?.name, 'github');
    assert.equal(matchRoute(routes, '/github')?.name, 'github');
    assert.equal(matchRoute(routes, '/gitlab')?.name, 'root');
    assert.equal(matchRoute(parseRoutes([{ pathPrefix: '/a' }]), '/'), undefined);
  });
});
