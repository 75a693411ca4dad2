import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as vscode from 'vscode';
import type { HookVerdict } from '../../src/core/model/hook';
import type { HookTreeNode } from '../../src/ui/hooksView/rows';
import { closeAllEditors, post, pushpull, setPort, waitFor } from './util';

const SECRET = 'route-made-for-me';
const sign = (body: string, secret = SECRET): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('Signing secrets without writing routes by hand', function () {
  this.timeout(30_000);
  let api: Awaited<ReturnType<typeof pushpull>>;
  // Route changes restart the listener on port 0: read its address when posting.
  const listening = (): string => api.push.address?.url ?? '';
  const routes = () => vscode.workspace.getConfiguration('pushpull.listener').inspect<unknown[]>('routes');

  before(async () => {
    api = await pushpull();
    await setPort(0);
    await vscode.workspace
      .getConfiguration('pushpull.listener')
      .update('routes', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('pushpull.startListener');
    assert.ok(listening());
  });

  after(async () => {
    await vscode.commands.executeCommand('pushpull.stopListener');
    await vscode.commands.executeCommand('pushpull.setSigningSecret', 'ghapp', '');
    await vscode.workspace
      .getConfiguration('pushpull.listener')
      .update('routes', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  it('sets a secret from a hook with no route: makes the route in the scope picked, and checks the hook again', async () => {
    const body = '{"action":"opened","number":7}';
    const headers = { 'X-Hub-Signature-256': sign(body), 'X-GitHub-Event': 'pull_request' };
    assert.equal(await post(`${listening()}/ghapp/events`, body, headers), 200);
    const hook = await waitFor('hook', () => api.push.store.list().find((h) => h.path === '/ghapp/events'));
    assert.equal(hook.route, undefined);
    assert.equal(hook.verdict?.status, 'no-secret');

    const node: HookTreeNode = { kind: 'hook', hook };
    const name = await vscode.commands.executeCommand<string | undefined>('pushpull.setSigningSecret', node, [node], {
      secret: SECRET,
      scope: 'user',
    });
    assert.equal(name, 'ghapp');
    assert.deepEqual(routes()?.globalValue, [{ name: 'ghapp', pathPrefix: '/ghapp', provider: 'github' }]);
    const checked = await waitFor('verdict kept', () => {
      const verdict = api.push.store.get(hook.id)?.verdict;
      return verdict?.status === 'valid' ? verdict : undefined;
    });
    assert.deepEqual(checked, { status: 'valid', provider: 'github' });

    // The listener uses the new route and secret for what arrives next.
    const next = '{"action":"closed","number":7}';
    assert.equal(await post(`${listening()}/ghapp/events?n=2`, next, { 'X-Hub-Signature-256': sign(next) }), 200);
    const arrived = await waitFor('second hook', () =>
      api.push.store.list().find((h) => h.url === '/ghapp/events?n=2'),
    );
    assert.equal(arrived.route, 'ghapp');
    assert.equal(arrived.verdict?.status, 'valid');
  });

  it('Check Signature Again recomputes and keeps verdicts of the hooks selected', async () => {
    const body = '{"action":"edited"}';
    assert.equal(
      await post(`${listening()}/ghapp/events?n=3`, body, { 'X-Hub-Signature-256': sign(body, 'stale') }),
      200,
    );
    const hook = await waitFor('hook', () => api.push.store.list().find((h) => h.url === '/ghapp/events?n=3'));
    assert.equal(hook.verdict?.status, 'invalid');
    await vscode.commands.executeCommand('pushpull.setSigningSecret', 'ghapp', 'stale');
    const node: HookTreeNode = { kind: 'hook', hook };
    const verdicts = await vscode.commands.executeCommand<HookVerdict[]>('pushpull.checkSignatureAgain', node, [node]);
    assert.deepEqual(verdicts, [{ status: 'valid', provider: 'github' }]);
    assert.equal(api.push.store.get(hook.id)?.verdict?.status, 'valid');
    await vscode.commands.executeCommand('pushpull.setSigningSecret', 'ghapp', SECRET);
    const again = await vscode.commands.executeCommand<HookVerdict[]>('pushpull.checkSignatureAgain', node, [node]);
    assert.equal(again[0]?.status, 'invalid');
    assert.equal(again[0]?.reason?.code, 'signature-mismatch');
    assert.equal(api.push.store.get(hook.id)?.verdict?.status, 'invalid');
  });

  it('gives the routes setting a schema: every property described, unknown ones flagged, keepPath known', () => {
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'pushpull');
    assert.ok(extension);
    const contributes = extension.packageJSON.contributes as {
      configuration: { properties?: Record<string, unknown> } | Array<{ properties: Record<string, unknown> }>;
    };
    const sections = Array.isArray(contributes.configuration) ? contributes.configuration : [contributes.configuration];
    const schema = sections.map((s) => s.properties?.['pushpull.listener.routes']).find(Boolean) as {
      items: { additionalProperties: boolean; properties: Record<string, Record<string, unknown>> };
    };
    assert.equal(schema.items.additionalProperties, false);
    assert.ok(schema.items.properties.keepPath);
    const undescribed: string[] = [];
    const walk = (props: Record<string, Record<string, unknown>>, where: string): void => {
      for (const [key, value] of Object.entries(props)) {
        if (!value.description && !value.markdownDescription) undescribed.push(`${where}${key}`);
        if (value.properties) walk(value.properties as Record<string, Record<string, unknown>>, `${where}${key}.`);
      }
    };
    walk(schema.items.properties, '');
    assert.deepEqual(undescribed, []);
  });
});
