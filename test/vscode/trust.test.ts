import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { autoStartEnabled, configuredRoutes, listenerOptions, retentionLimits } from '../../src/ui/config';
import { TRUSTED_ONLY_SETTINGS } from '../../src/ui/trustedSettings';
import { readRequestSettings } from '../../src/ui/requestPanel/senderSettings';
import { pushpull } from './util';

const listener = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('pushpull.listener');
const { Global, Workspace } = vscode.ConfigurationTarget;

describe('Workspace trust', () => {
  afterEach(async () => {
    for (const key of ['host', 'autoStart', 'routes', 'maxHooksPerSecond']) {
      await listener().update(key, undefined, Workspace);
      await listener().update(key, undefined, Global);
    }
    await vscode.workspace.getConfiguration('pushpull.store').update('maxHooks', undefined, Workspace);
  });

  it('declares limited support in untrusted workspaces, restricting exactly the settings it reads only when trusted', async () => {
    await pushpull();
    const manifest = vscode.extensions.getExtension('pushpull.pushpull')?.packageJSON as {
      capabilities?: {
        untrustedWorkspaces?: { supported?: unknown; description?: unknown; restrictedConfigurations?: string[] };
      };
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    const declared = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(declared?.supported, 'limited');
    assert.equal(typeof declared?.description, 'string');
    assert.deepEqual([...(declared?.restrictedConfigurations ?? [])].sort(), [...TRUSTED_ONLY_SETTINGS].sort());
    for (const id of ['pushpull.listener.host', 'pushpull.listener.routes', 'pushpull.listener.autoStart']) {
      assert.ok(TRUSTED_ONLY_SETTINGS.includes(id), id);
    }
    for (const id of TRUSTED_ONLY_SETTINGS)
      assert.ok(manifest.contributes.configuration.properties[id], `${id} is a setting`);
  });

  it("ignores the workspace's own host, routes, autoStart, limits and retention when it is not trusted", async () => {
    await listener().update('host', '0.0.0.0', Workspace);
    await listener().update('autoStart', true, Workspace);
    await listener().update('routes', [{ name: 'out', pathPrefix: '/', forwardTo: 'http://192.0.2.1/' }], Workspace);
    await listener().update('maxHooksPerSecond', 0, Workspace);
    await vscode.workspace.getConfiguration('pushpull.store').update('maxHooks', 1, Workspace);
    assert.equal(listener().inspect('host')?.workspaceValue, '0.0.0.0', 'the workspace sets it');

    const untrusted = listenerOptions(false);
    assert.equal(untrusted.host, '127.0.0.1');
    assert.deepEqual(untrusted.routes, []);
    assert.equal(untrusted.maxHooksPerSecond, 100);
    assert.deepEqual(configuredRoutes(false), []);
    assert.equal(autoStartEnabled(false), false);
    assert.equal(retentionLimits(false).maxHooks, 10_000);

    const trusted = listenerOptions(true);
    assert.equal(trusted.host, '0.0.0.0');
    assert.equal(trusted.routes[0]?.forwardTo, 'http://192.0.2.1/');
    assert.equal(trusted.maxHooksPerSecond, 0);
    assert.equal(autoStartEnabled(true), true);
    assert.equal(retentionLimits(true).maxHooks, 1);

    // The test host trusts its workspace: what the listener reads by default is the trusted value.
    assert.equal(vscode.workspace.isTrusted, true);
    assert.equal(listenerOptions().host, '0.0.0.0');
  });

  it("ignores the workspace's own CA file, client certificate and cookie jar for requests when it is not trusted", async () => {
    const request = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('pushpull.request');
    await request().update('caFile', '/tmp/workspace-ca.pem', Workspace);
    await request().update('clientCertificate', { pfxFile: '/tmp/workspace.pfx' }, Workspace);
    await request().update('cookies', true, Workspace);
    try {
      const untrusted = readRequestSettings('1.0.0', false);
      assert.equal(untrusted.caFile, undefined);
      assert.equal(untrusted.clientCertificate, undefined);
      assert.equal(untrusted.cookies, false);
      const trusted = readRequestSettings('1.0.0', true);
      assert.equal(trusted.caFile, '/tmp/workspace-ca.pem');
      assert.deepEqual(trusted.clientCertificate, { pfxFile: '/tmp/workspace.pfx' });
      assert.equal(trusted.cookies, true);
    } finally {
      for (const key of ['caFile', 'clientCertificate', 'cookies']) await request().update(key, undefined, Workspace);
    }
  });

  it('takes the user settings when the workspace is not trusted', async () => {
    await listener().update('host', '127.0.0.2', Global);
    await listener().update('host', '0.0.0.0', Workspace);
    await listener().update('autoStart', true, Global);
    await listener().update('autoStart', false, Workspace);
    assert.equal(listenerOptions(false).host, '127.0.0.2');
    assert.equal(autoStartEnabled(false), true);
    assert.equal(autoStartEnabled(true), false);
  });
});
