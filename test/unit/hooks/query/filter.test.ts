import * as assert from 'node:assert/strict';
import type { HookMeta } from '../../../../src/core/model/hook';
import {
  bodyContains,
  FilterSyntaxError,
  matchesBody,
  matchesMeta,
  parseFilter,
} from '../../../../src/core/hooks/query/filter';
import { hookMeta } from '../../helpers';

function hook(method: string, path: string, headers: Array<[string, string]>): HookMeta {
  return hookMeta({ method, url: path, fullUrl: `http://localhost${path}`, path, headers });
}

describe('Webhooks view filter', () => {
  const push = hook('POST', '/github/push', [
    ['X-GitHub-Event', 'push'],
    ['Content-Type', 'application/json'],
  ]);
  const issue = hook('POST', '/gitlab/issue', [['X-Gitlab-Event', 'Issue Hook']]);
  const get = hook('GET', '/health', []);
  const shown = (text: string): string[] => {
    const filter = parseFilter(text);
    assert.ok(filter);
    return [push, issue, get].filter((h) => matchesMeta(filter, h)).map((h) => h.path);
  };

  it('matches methods (any of them), path and header terms, case-insensitively', () => {
    assert.deepEqual(shown('method:get'), ['/health']);
    assert.deepEqual(shown('method:GET,post'), ['/github/push', '/gitlab/issue', '/health']);
    assert.deepEqual(shown('path:/GIT'), ['/github/push', '/gitlab/issue']);
    assert.deepEqual(shown('header:x-github-event=PUSH'), ['/github/push']);
    assert.deepEqual(shown('header:x-gitlab-event="issue hook"'), ['/gitlab/issue']);
  });

  it('requires every path and header term given, also when the same kind is repeated', () => {
    assert.deepEqual(shown('path:/git path:push'), ['/github/push']);
    assert.deepEqual(shown('path:/github path:/gitlab'), []);
    assert.deepEqual(shown('header:x-github-event header:content-type=json'), ['/github/push']);
    assert.deepEqual(shown('header:x-github-event header:x-gitlab-event'), []);
    assert.deepEqual(shown('method:POST path:/github header:x-github-event=push'), ['/github/push']);
  });

  it('searches the body for the words without a prefix, and explains mistakes', () => {
    const filter = parseFilter('method:POST "Pusher Name"');
    assert.equal(filter?.body, 'pusher name');
    assert.equal(matchesBody(filter!, Buffer.from('{"ref":"main","note":"pusher name: OctoCat"}')), true);
    assert.equal(matchesBody(filter!, Buffer.from('{"pusher":{"name":"octocat"}}')), false);
    assert.equal(parseFilter('   '), undefined);
    assert.throws(() => parseFilter('method:P0ST'), FilterSyntaxError);
    assert.throws(() => parseFilter('path:'), /path: needs some text/);
    assert.throws(() => parseFilter('header:=x'), /header: needs a name/);
  });

  it('searches a body in chunks with the same answers as searching it whole, across every chunk boundary', () => {
    const text = '{"Ünïcode":"välue 😀 İstanbul","note":"Pusher NAME"}\u0000\uffff';
    const body = Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0xc3]), Buffer.from(' tail ŞEY')]);
    const whole = new TextDecoder('utf-8').decode(body).toLowerCase();
    const needles = [
      'ünïcode',
      'välue 😀',
      '😀',
      'i̇stanbul',
      'pusher name',
      'şey',
      '"note"',
      'tail',
      'nowhere',
      'name"x',
    ];
    for (let chunk = 1; chunk <= body.length + 1; chunk++) {
      for (const needle of needles) {
        assert.equal(bodyContains(body, needle, chunk), whole.includes(needle), `"${needle}" in chunks of ${chunk}`);
      }
    }
    assert.equal(bodyContains(new Uint8Array(), 'x'), false);
  });

  it('finds text past the first MiB of a large body', () => {
    const body = Buffer.concat([Buffer.alloc(3 * 1024 * 1024 - 3, 'a'), Buffer.from('NeedLE')]);
    assert.equal(bodyContains(body, 'aneedle'), true);
    assert.equal(bodyContains(body, 'needles'), false);
  });
});
