import * as assert from 'node:assert/strict';
import { effectiveValue, ignoresWorkspaceValue } from '../../src/ui/trustedSettings';

describe('Settings from an untrusted workspace', () => {
  const everywhere = {
    defaultValue: '127.0.0.1',
    globalValue: '127.0.0.2',
    workspaceValue: '0.0.0.0',
    workspaceFolderValue: '::',
  };

  it("ignores the workspace's and the folder's own values while the workspace is not trusted", () => {
    assert.equal(effectiveValue(everywhere, false), '127.0.0.2', 'the user value');
    assert.equal(effectiveValue({ ...everywhere, globalValue: undefined }, false), '127.0.0.1', 'else the default');
    assert.equal(effectiveValue({ workspaceValue: '0.0.0.0' }, false), undefined, 'else none');
  });

  it('takes them in a trusted workspace, folder over workspace over user over default, as VS Code does', () => {
    assert.equal(effectiveValue(everywhere, true), '::');
    assert.equal(effectiveValue({ ...everywhere, workspaceFolderValue: undefined }, true), '0.0.0.0');
    assert.equal(effectiveValue({ defaultValue: 'd', globalValue: 'g' }, true), 'g');
    assert.equal(effectiveValue({ defaultValue: 'd' }, true), 'd');
    assert.equal(effectiveValue(undefined, true), undefined);
  });

  it('keeps a user value that is false, 0 or empty over a workspace that sets it otherwise', () => {
    assert.equal(effectiveValue({ defaultValue: false, globalValue: false, workspaceValue: true }, false), false);
    assert.equal(effectiveValue({ defaultValue: 100, globalValue: 0, workspaceValue: 5 }, false), 0);
    assert.deepEqual(
      effectiveValue({ defaultValue: [], globalValue: [], workspaceValue: [{ pathPrefix: '/' }] }, false),
      [],
    );
    assert.equal(effectiveValue({ defaultValue: true, globalValue: false, workspaceValue: true }, true), true);
  });

  it('says when a workspace value is being ignored', () => {
    assert.equal(ignoresWorkspaceValue({ workspaceValue: '0.0.0.0' }, false), true);
    assert.equal(ignoresWorkspaceValue({ workspaceFolderValue: true }, false), true);
    assert.equal(ignoresWorkspaceValue({ workspaceValue: '0.0.0.0' }, true), false);
    assert.equal(ignoresWorkspaceValue({ globalValue: '0.0.0.0' }, false), false);
    assert.equal(ignoresWorkspaceValue(undefined, false), false);
  });
});
