import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { readOnlyApi } from '../../../src/api';
import { silentLogger, systemClock } from '../../../src/core/clock';
import { PushSide } from '../../../src/core/push/session';
import { send, tempDir } from '../helpers';

describe('The API other extensions get', () => {
  let dir: string;
  let push: PushSide;

  beforeEach(async () => {
    dir = await tempDir('pushpull-api-');
    push = new PushSide({
      location: path.join(dir, 'hooks'),
      owner: 'api test',
      clock: systemClock,
      logger: silentLogger,
      retention: () => ({ maxHooks: 0, maxBytes: 0 }),
    });
  });

  afterEach(async () => {
    await push.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads hooks and the listener address, and holds nothing that starts, stops or changes them', async () => {
    const api = readOnlyApi(push);
    assert.deepEqual(Object.keys(api).sort(), ['address', 'hooks']);
    assert.deepEqual(Object.keys(api.hooks).sort(), ['get', 'list', 'newest', 'onDidChange', 'readBody', 'size']);
    assert.ok(Object.isFrozen(api) && Object.isFrozen(api.hooks));
    const addressNow = (): string | undefined => api.address?.url;
    assert.equal(addressNow(), undefined);

    const address = await push.start(() => Promise.resolve({ port: 0 }));
    assert.equal(addressNow(), address.url, 'the address is read when asked');
    let changes = 0;
    const subscription = api.hooks.onDidChange(() => changes++);
    assert.equal((await send(`${address.url}/x`, { body: 'hi' })).status, 200);
    subscription.dispose();
    const [hook] = await api.hooks.list();
    assert.equal(hook?.path, '/x');
    assert.equal(Buffer.from((await api.hooks.readBody(hook.id)) ?? []).toString(), 'hi');
    assert.equal(await api.hooks.size(), 1);
    assert.ok(changes >= 1);
  });
});
