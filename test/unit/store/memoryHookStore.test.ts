import * as assert from 'node:assert/strict';
import { MemoryHookStore } from '../../../src/core/store/memoryHookStore';
import { makeHook } from './fixtures/hooks';
import { idOf, stateOf } from './fixtures/pins';

describe('MemoryHookStore: pin and delete', () => {
  it('shows pins in get, list and newest; unpinning removes the key', async () => {
    const store = new MemoryHookStore();
    for (let i = 0; i < 4; i++) await store.add(makeHook(i, `{"i":${i}}`));
    await store.setForward(idOf(1), { target: 'http://t', status: 200, ms: 1 });
    await store.setPinned([idOf(1), idOf(2), 'no-such-id'], true);
    assert.deepEqual(stateOf(store), ['3', '2*', '1*', '0']);
    assert.equal(store.get(idOf(1))?.pinned, true);
    assert.equal(store.get(idOf(1))?.forward?.status, 200, 'a pin keeps the forward result');
    assert.deepEqual(
      store.newest(2).map((h) => h.pinned),
      [undefined, true],
    );
    assert.deepEqual(Buffer.from((await store.readBody(idOf(2))) ?? []), Buffer.from('{"i":2}'));
    await store.setPinned([idOf(2)], false);
    assert.equal('pinned' in (store.get(idOf(2)) ?? {}), false);
    assert.deepEqual(stateOf(store), ['3', '2', '1*', '0']);
  });

  it('keeps pinned hooks through maxHooks trimming; unpinned ones go once trimming has passed them', async () => {
    const store = new MemoryHookStore(5);
    await store.add(makeHook(0, '{}'));
    await store.add(makeHook(1, '{}'));
    await store.setPinned([idOf(0), idOf(1)], true);
    for (let i = 2; i < 20; i++) await store.add(makeHook(i, '{}'));
    assert.deepEqual(stateOf(store), ['19', '18', '17', '1*', '0*']);
    await store.setPinned([idOf(0)], false);
    assert.deepEqual(stateOf(store), ['19', '18', '17', '1*']);
    const pinnedOnly = new MemoryHookStore(2);
    for (let i = 0; i < 2; i++) await pinnedOnly.add(makeHook(i, '{}'));
    await pinnedOnly.setPinned([idOf(0), idOf(1)], true);
    await pinnedOnly.add(makeHook(2, '{}'));
    assert.deepEqual(stateOf(pinnedOnly), ['1*', '0*'], 'only pinned hooks left over the limit: they stay');
  });

  it('deletes hooks, pinned ones too, from get, list, size and readBody; unknown ids are ignored', async () => {
    const store = new MemoryHookStore();
    for (let i = 0; i < 5; i++) await store.add(makeHook(i, '{}'));
    await store.setPinned([idOf(1)], true);
    await store.delete([idOf(1), idOf(3), 'no-such-id']);
    assert.equal(store.size, 3);
    assert.deepEqual(stateOf(store), ['4', '2', '0']);
    assert.equal(store.get(idOf(1)), undefined);
    assert.equal(await store.readBody(idOf(3)), undefined);
    await store.setPinned([idOf(3)], true);
    assert.equal(store.get(idOf(3)), undefined);
  });
});
