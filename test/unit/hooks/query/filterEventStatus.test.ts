import * as assert from 'node:assert/strict';
import type { HookMeta } from '../../../../src/core/model/hook';
import { FilterSyntaxError, matchesMeta, parseFilter, unknownEvents } from '../../../../src/core/hooks/query/filter';
import { hookMeta } from '../../helpers';

function hook(path: string, extra: Partial<HookMeta>): HookMeta {
  return hookMeta({ method: 'POST', url: path, fullUrl: `http://localhost${path}`, path, headers: [], ...extra });
}

describe('Webhooks view filter: event: and status:', () => {
  const opened = hook('/gh/pr', { event: 'pull_request.opened', verdict: { status: 'valid', provider: 'github' } });
  const pushed = hook('/gh/push', { event: 'push', verdict: { status: 'invalid', provider: 'github' } });
  const charge = hook('/stripe', { event: 'charge.succeeded', answerStatus: 400 });
  const plain = hook('/plain', {});
  const all = [opened, pushed, charge, plain];
  const shown = (text: string): string[] => {
    const filter = parseFilter(text);
    assert.ok(filter);
    return all.filter((h) => matchesMeta(filter, h)).map((h) => h.path);
  };

  it('matches an event exactly or by its family, case-insensitively, any of several', () => {
    assert.deepEqual(shown('event:push'), ['/gh/push']);
    assert.deepEqual(shown('event:PULL_REQUEST'), ['/gh/pr']);
    assert.deepEqual(shown('event:pull'), [], 'not a substring');
    assert.deepEqual(shown('event:push,charge.succeeded'), ['/gh/push', '/stripe']);
  });

  it('matches the signature verdict (unsigned hooks are not-signed) or the answer status', () => {
    assert.deepEqual(shown('status:valid'), ['/gh/pr']);
    assert.deepEqual(shown('status:invalid,valid'), ['/gh/pr', '/gh/push']);
    assert.deepEqual(shown('status:not-signed'), ['/stripe', '/plain']);
    assert.deepEqual(shown('status:4xx'), ['/stripe']);
    assert.deepEqual(shown('status:200'), ['/gh/pr', '/gh/push', '/plain']);
  });

  it('explains a status it does not know, listing those it does', () => {
    assert.throws(
      () => parseFilter('status:bad'),
      (e: FilterSyntaxError) =>
        /status: takes a signature verdict \(valid, invalid, no-secret, not-signed\)/.test(e.message),
    );
    assert.throws(() => parseFilter('event:'), FilterSyntaxError);
  });

  it('says which events there are when the filter names none of them', () => {
    const unknown = parseFilter('event:issues');
    assert.ok(unknown);
    assert.deepEqual(unknownEvents(unknown, all), ['charge.succeeded', 'pull_request.opened', 'push']);
    const known = parseFilter('event:push');
    assert.ok(known);
    assert.equal(unknownEvents(known, all), undefined);
    assert.equal(unknownEvents(parseFilter('method:POST') ?? known, all), undefined);
  });
});
