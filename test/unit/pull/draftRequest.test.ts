import * as assert from 'node:assert/strict';
import type { OutgoingRequest } from '../../../src/core/model/pulled';
import type { BodyDraft } from '../../../src/core/pull/draft';
import { withQueryParameter } from '../../../src/core/pull/draftRequest';
import { readEnvironments } from '../../../src/core/pull/environments';
import { bodyOf, built, draftOf, options, problems } from './draftHelpers';

function text(request: OutgoingRequest): string {
  assert.equal(request.body.kind, 'bytes');
  return Buffer.from(request.body.kind === 'bytes' ? request.body.bytes : []).toString('utf8');
}

describe('core/pull/draftRequest: method, URL and headers', () => {
  it('sends enabled header rows only, with variables resolved, in order', async () => {
    const request = await built(
      draftOf({
        method: 'get',
        url: '  https://{{host}}/items/{{ id }}?q=1  ',
        headers: [
          { enabled: true, name: 'X-User', value: ' {{user}} ' },
          { enabled: false, name: 'X-Off', value: 'no' },
          { enabled: true, name: '', value: '' },
          { enabled: true, name: 'X-{{user}}', value: '' },
        ],
      }),
    );
    assert.deepEqual(request, {
      method: 'GET',
      url: 'https://api.example.com/items/42?q=1',
      headers: [
        ['X-User', 'ada'],
        ['X-ada', ''],
      ],
      body: { kind: 'none' },
    });
  });

  it('keeps a method that is not a standard one as written', async () => {
    assert.equal((await built(draftOf({ method: 'PROPFIND' }))).method, 'PROPFIND');
    assert.equal((await built(draftOf({ method: 'purge' }))).method, 'purge');
  });

  it('leaves a URL without a scheme to the sender', async () => {
    assert.equal((await built(draftOf({ url: 'localhost:3000/echo' }))).url, 'localhost:3000/echo');
  });

  it('lists every problem with its field and a sentence', async () => {
    const found = await problems(
      draftOf({
        method: 'GE T',
        url: 'ftp://{{host}}/x',
        headers: [
          { enabled: true, name: 'Bad Name', value: 'v' },
          { enabled: true, name: '', value: 'orphan' },
          { enabled: true, name: 'X-Inject', value: '{{crlf}}' },
          { enabled: true, name: 'X-Missing', value: '{{nope}}' },
          { enabled: true, name: 'X-Loop', value: '{{loop}}' },
        ],
      }),
    );
    assert.deepEqual(found, [
      ['method', '"GE T" is not a method: use letters such as GET or POST.'],
      ['url', 'Only http and https URLs can be sent, not ftp:.'],
      ['headers[0].name', `"Bad Name" is not a header name. Header names are letters, digits and !#$%&'*+-.^_\`|~.`],
      ['headers[1].name', `A header with a value needs a name. Header names are letters, digits and !#$%&'*+-.^_\`|~.`],
      ['headers[2].value', 'A header value cannot hold a line break.'],
      ['headers[3].value', '{{nope}} is not defined in environment "dev" or $shared.'],
      [
        'headers[4].value',
        'The variables use each other in a circle: loop → loop. Change one of them so that the circle ends.',
      ],
    ]);
  });

  it('asks for a URL, and says when it is not one', async () => {
    assert.deepEqual(await problems(draftOf({ url: ' ' })), [['url', 'Enter the URL to send the request to.']]);
    assert.deepEqual(await problems(draftOf({ url: 'http://exa mple.com' })), [
      ['url', '"http://exa mple.com" is not a URL.'],
    ]);
    const none = readEnvironments({}).select('');
    assert.deepEqual(await problems(draftOf({ url: '{{base}}/x' }), options({}, { environment: none })), [
      ['url', '{{base}} is not defined in $shared.'],
    ]);
  });
});

describe('core/pull/draftRequest: bodies', () => {
  it('sends JSON with application/json, variables resolved, unless the user set a Content-Type', async () => {
    const json = bodyOf({ mode: 'json', text: '{"id": {{id}}}' });
    const request = await built(draftOf({ method: 'POST', body: json }));
    assert.equal(text(request), '{"id": 42}');
    assert.deepEqual(request.headers, [['Content-Type', 'application/json']]);
    const own = await built(
      draftOf({ body: json, headers: [{ enabled: true, name: 'content-type', value: 'application/vnd.api+json' }] }),
    );
    assert.deepEqual(own.headers, [['content-type', 'application/vnd.api+json']]);
  });

  it('reports a JSON body that does not parse, with line and column', async () => {
    assert.deepEqual(await problems(draftOf({ body: bodyOf({ mode: 'json', text: '{\n  "a": 1\n  "b": 2\n}' }) })), [
      ['body.text', "The JSON body is not valid JSON at line 3, column 3: Expected ',' or '}' after property value."],
    ]);
    assert.match(
      (await problems(draftOf({ body: bodyOf({ mode: 'json', text: '{"u": {{user}}}' }) })))[0]?.[1] ?? '',
      /^The JSON body \(variables resolved\) is not valid JSON at line 1, column 7/,
    );
  });

  it('sends nothing and adds no Content-Type for an empty text body', async () => {
    for (const mode of ['json', 'text', 'xml'] as const) {
      const request = await built(draftOf({ body: bodyOf({ mode, text: ' \n' }) }));
      assert.deepEqual([request.body, request.headers], [{ kind: 'none' }, []]);
    }
  });

  it('gives text and XML their types', async () => {
    const xml = await built(draftOf({ body: bodyOf({ mode: 'xml', text: '<a>{{id}}</a>' }) }));
    assert.deepEqual([text(xml), xml.headers], ['<a>42</a>', [['Content-Type', 'application/xml']]]);
    const plain = await built(draftOf({ body: bodyOf({ mode: 'text', text: 'héllo' }) }));
    assert.deepEqual([text(plain), plain.headers], ['héllo', [['Content-Type', 'text/plain; charset=utf-8']]]);
  });

  it('encodes form rows, enabled ones only', async () => {
    const form = bodyOf({
      mode: 'form',
      form: [
        { enabled: true, name: 'name', value: 'Jenny Rosen' },
        { enabled: false, name: 'off', value: 'x' },
        { enabled: true, name: 'q', value: 'a&b=c/é+{{id}}' },
        { enabled: true, name: 'q', value: '' },
      ],
    });
    const request = await built(draftOf({ body: form }));
    assert.equal(text(request), 'name=Jenny+Rosen&q=a%26b%3Dc%2F%C3%A9%2B42&q=');
    assert.deepEqual(request.headers, [['Content-Type', 'application/x-www-form-urlencoded']]);
    const nameless = bodyOf({ mode: 'form', form: [{ enabled: true, name: '', value: 'v' }] });
    assert.deepEqual(await problems(draftOf({ body: nameless })), [
      ['body.form[0].name', 'A row with a value needs a name.'],
    ]);
  });

  it('sends GraphQL as JSON, its variables as written', async () => {
    const graphql = (query: string, variables: string): BodyDraft =>
      bodyOf({ mode: 'graphql', graphql: { query, variables } });
    const request = await built(
      draftOf({ body: graphql('query { user(id: {{id}}) { name } }', ' {"big": 12345678901234567890} ') }),
    );
    assert.equal(
      text(request),
      '{"query":"query { user(id: 42) { name } }","variables":{"big": 12345678901234567890}}',
    );
    assert.deepEqual(request.headers, [['Content-Type', 'application/json']]);
    assert.equal(text(await built(draftOf({ body: graphql('{ me }', '') }))), '{"query":"{ me }"}');
    assert.deepEqual(await problems(draftOf({ body: graphql('{ me }', '[1]') })), [
      ['body.graphql.variables', 'The GraphQL variables must be a JSON object, such as {"id": 1}.'],
    ]);
    assert.match((await problems(draftOf({ body: graphql('{ me }', '{"a":}') })))[0]?.[1] ?? '', /line 1, column 6/);
    assert.deepEqual(await problems(draftOf({ body: graphql(' ', '') })), [
      ['body.graphql.query', 'A GraphQL request needs a query.'],
    ]);
  });
});

describe('core/pull/draftRequest: withQueryParameter', () => {
  it('appends an encoded parameter before the fragment', () => {
    assert.equal(withQueryParameter('https://h/p', 'api key', 'a&b=c'), 'https://h/p?api%20key=a%26b%3Dc');
    assert.equal(withQueryParameter('https://h/p?x=1', 'k', 'v'), 'https://h/p?x=1&k=v');
    assert.equal(withQueryParameter('https://h/p?', 'k', 'v'), 'https://h/p?k=v');
    assert.equal(withQueryParameter('https://h/p?x=1#top', 'k', 'é'), 'https://h/p?x=1&k=%C3%A9#top');
  });
});
