import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RequestPanel } from '../../src/ui/requestPanel/requestPanel';
import {
  newDraft,
  type HostMessage,
  type RequestDraft,
  type ResponseView,
} from '../../src/webview/requestPanel/panelProtocol';
import { closeAllEditors, pushpull, waitFor } from './util';

const draft = (url: string, rest: Partial<RequestDraft> = {}): RequestDraft => ({
  ...newDraft(randomUUID()),
  url,
  ...rest,
});

/** A local API: `/slow` and `/hang` answer late or never; it tells when a request arrived and when it closed. */
class TestApi {
  readonly arrived: string[] = [];
  readonly closed: string[] = [];
  readonly authorization: Array<string | undefined> = [];
  private readonly server = http.createServer((req, res) => {
    const where = req.url ?? '';
    this.arrived.push(where);
    this.authorization.push(req.headers.authorization);
    req.socket.once('close', () => this.closed.push(where));
    if (where === '/hang') return;
    if (where === '/slow') {
      setTimeout(() => res.end('{"from":"slow"}'), 1500);
      return;
    }
    if (where === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${'0123456789abcdef'.repeat(128 * 1024)}THE END`);
      return;
    }
    if (where === '/invisible') {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-note': 'abc\u009bdef' });
      res.end('zero\u200bwidth\u202ereversed\nline two\tand tab');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"from":"${where.slice(1)}"}`);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** Runs `action` and returns what the panel posted to its page meanwhile. */
async function postedDuring(panel: RequestPanel, action: () => Promise<unknown>): Promise<HostMessage[]> {
  const posted: HostMessage[] = [];
  const subscription = panel.onDidPost((message) => posted.push(message));
  try {
    await action();
  } finally {
    subscription.dispose();
  }
  return posted;
}

function shown(posted: HostMessage[]): ResponseView {
  const last = posted.filter((m) => m.type === 'response/show').at(-1);
  assert.ok(last?.type === 'response/show', JSON.stringify(posted).slice(0, 2000));
  return last.response;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('Request panel: sending, cancelling, restoring, environments, secrets', () => {
  let api: Awaited<ReturnType<typeof pushpull>>;
  const server = new TestApi();
  let base: string;

  async function openPanel(): Promise<RequestPanel> {
    const panel = await vscode.commands.executeCommand<RequestPanel | undefined>('pushpull.openRequestPanel');
    assert.ok(panel, 'the command returns the panel it opened');
    return panel;
  }

  async function responseTo(where: string): Promise<{ panel: RequestPanel; response: ResponseView }> {
    const panel = await openPanel();
    const posted = await postedDuring(panel, () =>
      panel.handleMessage({ type: 'request/send', draft: draft(`${base}${where}`) }),
    );
    return { panel, response: shown(posted) };
  }

  before(async () => {
    api = await pushpull();
    base = await server.start();
  });

  after(async () => {
    for (const panel of api.panels.all) panel.dispose();
    await vscode.workspace
      .getConfiguration('pushpull')
      .update('environments', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace
      .getConfiguration('pushpull')
      .update('environment', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('pushpull.selectEnvironment', '');
    await closeAllEditors();
    await server.stop();
  });

  it('opens a new panel each time, titled after its draft as it changes', async () => {
    const before = api.panels.all.length;
    const first = await openPanel();
    const second = await openPanel();
    assert.notEqual(first, second);
    assert.equal(api.panels.all.length, before + 2);
    await first.handleMessage({ type: 'draft/changed', draft: draft(`${base}/orders/7`, { method: 'PATCH' }) });
    assert.equal(first.panel.title, `PATCH ${base.slice('http://'.length)}/orders/7`);
    assert.equal(second.panel.title, 'PushPull Request');
    assert.match(first.panel.webview.html, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('sends, shows the answer with its reason and timings, and keeps the exchange in the history', async () => {
    const { response } = await responseTo('/first');
    assert.equal(response.status, 200);
    assert.equal(response.statusText, 'OK');
    assert.equal(response.pretty, '{\n  "from": "first"\n}');
    assert.equal(response.raw, '{"from":"first"}');
    assert.ok(response.timings.totalMs >= 0);
    const history = await api.requests.handle.whenReady();
    assert.equal(history.summary(response.exchangeId)?.url, `${base}/first`);
  });

  it('shows the last answer again when the page is made anew', async () => {
    const panel = await openPanel();
    const sent = draft(`${base}/again`);
    await panel.handleMessage({ type: 'request/send', draft: sent });
    const posted = await postedDuring(panel, () => panel.handleMessage({ type: 'panel/ready' }));
    const restore = posted.find((m) => m.type === 'draft/restore');
    assert.ok(restore?.type === 'draft/restore');
    assert.deepEqual(restore.draft, sent);
    assert.equal(shown(posted).pretty, '{\n  "from": "again"\n}');
  });

  it('is restored by its serializer with the draft its page saved', async () => {
    const saved = draft(`${base}/restored`, { method: 'DELETE' });
    const webview = vscode.window.createWebviewPanel('pushpull.requestPanel', 'restored', vscode.ViewColumn.Active, {
      enableScripts: true,
    });
    const panel = api.panels.restore(webview, { draft: saved });
    assert.deepEqual(panel.draft, saved);
    assert.equal(panel.panel.title, `DELETE ${base.slice('http://'.length)}/restored`);
    const posted = await postedDuring(panel, () => panel.handleMessage({ type: 'panel/ready' }));
    assert.ok(posted.some((m) => m.type === 'draft/restore' && m.draft.id === saved.id));
    // A state that is not a draft gives a new, empty one rather than trusting it.
    const other = vscode.window.createWebviewPanel('pushpull.requestPanel', 'odd', vscode.ViewColumn.Active, {});
    const fresh = api.panels.restore(other, { draft: { ...saved, url: 42 } });
    assert.equal(fresh.draft.url, '');
  });

  it('shows only the answer to the newest send: an earlier one still running is aborted', async () => {
    const panel = await openPanel();
    const posted = await postedDuring(panel, async () => {
      const slow = panel.handleMessage({ type: 'request/send', draft: draft(`${base}/slow`) });
      await waitFor('the slow request to arrive', () => server.arrived.includes('/slow'));
      await panel.handleMessage({ type: 'request/send', draft: draft(`${base}/fast`) });
      await slow;
    });
    assert.deepEqual(
      posted.filter((m) => m.type === 'response/show').map((m) => m.type === 'response/show' && m.response.raw),
      ['{"from":"fast"}'],
    );
    assert.ok(!posted.some((m) => m.type === 'request/failed'), JSON.stringify(posted));
    await waitFor('the slow request to be aborted', () => server.closed.includes('/slow'));
  });

  it('cancels a request on its way, says so, and closes its connection', async () => {
    const panel = await openPanel();
    const posted = await postedDuring(panel, async () => {
      const sending = panel.handleMessage({ type: 'request/send', draft: draft(`${base}/hang`) });
      await waitFor('the request to arrive', () => server.arrived.includes('/hang'));
      await panel.handleMessage({ type: 'request/cancel' });
      await sending;
    });
    const failed = posted.find((m) => m.type === 'request/failed');
    assert.ok(failed?.type === 'request/failed', JSON.stringify(posted));
    assert.equal(failed.code, 'CANCELLED');
    await waitFor('the connection to close', () => server.closed.includes('/hang'));
  });

  it('cancels what it was sending when the panel is closed', async () => {
    const panel = await openPanel();
    server.closed.length = 0;
    server.arrived.length = 0;
    const sending = panel.handleMessage({ type: 'request/send', draft: draft(`${base}/hang`) });
    await waitFor('the request to arrive', () => server.arrived.includes('/hang'));
    panel.dispose();
    await sending;
    await waitFor('the connection to close', () => server.closed.includes('/hang'));
    assert.ok(!api.panels.all.includes(panel));
  });

  it('shows the first MiB of a large body, and opens, saves and copies all of it', async () => {
    const { panel, response } = await responseTo('/big');
    const total = 2 * 1024 * 1024 + 7;
    assert.equal(response.raw.length, 1024 * 1024);
    assert.deepEqual(response.bodyCut, { shownBytes: 1024 * 1024, totalBytes: total });
    await panel.handleMessage({ type: 'response/open' });
    const editor = await waitFor('the body in an editor', () =>
      vscode.window.activeTextEditor?.document.uri.scheme === 'pushpull-compare'
        ? vscode.window.activeTextEditor
        : undefined,
    );
    assert.equal(editor.document.getText().length, total);
    const target = path.join(os.tmpdir(), `pushpull-saved-${randomUUID()}.txt`);
    api.panels.dialogs = { ...api.panels.dialogs, saveTarget: async () => vscode.Uri.file(target) };
    const saved = await postedDuring(panel, () => panel.handleMessage({ type: 'response/save' }));
    assert.ok(
      saved.some((m) => m.type === 'notice' && m.message.startsWith(`Saved ${total} bytes`)),
      JSON.stringify(saved),
    );
    assert.ok((await fs.readFile(target, 'utf8')).endsWith('THE END'));
    await fs.rm(target, { force: true });
    await panel.handleMessage({ type: 'response/copy' });
    assert.equal((await vscode.env.clipboard.readText()).length, total);
  });

  it('escapes characters that hide or reorder text, keeping line breaks and tabs', async () => {
    const { response } = await responseTo('/invisible');
    assert.equal(response.raw, 'zero\\u200bwidth\\u202ereversed\nline two\tand tab');
    assert.ok(response.headers.some(([n, v]) => n === 'x-note' && v === 'abc\\u009bdef'));
  });

  it('resolves {{variables}} from the selected environment, and refuses to send with unresolved ones', async () => {
    const config = vscode.workspace.getConfiguration('pushpull');
    await config.update(
      'environments',
      { $shared: { base }, dev: { where: 'dev-path' }, prod: { where: 'prod-path' } },
      vscode.ConfigurationTarget.Global,
    );
    const panel = await openPanel();
    // Every panel is told, once the setting changed.
    const changed: HostMessage[] = [];
    const subscription = panel.onDidPost((message) => changed.push(message));
    try {
      await panel.handleMessage({ type: 'environment/select', name: 'dev' });
      await waitFor('context/changed', () =>
        changed.some((m) => m.type === 'context/changed' && m.context.environment === 'dev'),
      );
    } finally {
      subscription.dispose();
    }
    const context = await panel.panelContext();
    assert.deepEqual([...context.environments], ['dev', 'prod']);
    assert.equal(context.environment, 'dev');
    const posted = await postedDuring(panel, () =>
      panel.handleMessage({ type: 'request/send', draft: draft('{{base}}/{{where}}') }),
    );
    assert.equal(shown(posted).raw, '{"from":"dev-path"}');
    const refused = await postedDuring(panel, () =>
      panel.handleMessage({ type: 'request/send', draft: draft('{{base}}/{{nowhere}}') }),
    );
    const unresolved = refused.find((m) => m.type === 'variables/unresolved');
    assert.ok(unresolved?.type === 'variables/unresolved');
    assert.deepEqual(unresolved.names, ['nowhere']);
    const failed = refused.find((m) => m.type === 'request/failed');
    assert.ok(failed?.type === 'request/failed');
    assert.equal(failed.code, 'UNRESOLVED_VARIABLES');
    assert.match(failed.message, /\{\{nowhere\}\}/);
    assert.ok(!server.arrived.some((p) => p.includes('nowhere')));
  });

  it('keeps a secret in secret storage: sent, never in the draft, the page or the history on disk', async () => {
    const secret = `tok-${randomUUID()}`;
    const panel = await openPanel();
    const bearer = draft(`${base}/secret`, { auth: { kind: 'bearer' } });
    await panel.handleMessage({ type: 'draft/changed', draft: bearer });
    await panel.handleMessage({ type: 'auth/secret', field: 'token', value: secret });
    assert.deepEqual((await panel.panelContext()).secretsSet, ['token']);
    const posted = await postedDuring(panel, () => panel.handleMessage({ type: 'request/send', draft: bearer }));
    assert.equal(shown(posted).status, 200);
    assert.equal(server.authorization.at(-1), `Bearer ${secret}`);
    assert.ok(!JSON.stringify(posted).includes(secret));
    const history = await api.requests.handle.whenReady();
    await waitFor('the exchange in the history', () => history.list().some((s) => s.url === `${base}/secret`));
    for (const file of await filesUnder(api.requests.location)) {
      const text = await fs.readFile(file, 'latin1');
      assert.ok(!text.includes(secret), `${file} holds the secret`);
    }
    assert.equal(await vscode.commands.executeCommand('pushpull.clearRequestSecrets', true), 1);
    assert.deepEqual((await panel.panelContext()).secretsSet, []);
  });

  it('imports a cURL command (its -u password kept as a secret, unknown flags named) and copies one', async () => {
    const password = `pw-${randomUUID()}`;
    const panel = await openPanel();
    const posted = await postedDuring(panel, () =>
      panel.handleMessage({ type: 'curl/import', text: `curl -u alice:${password} --retry 3 ${base}/imported` }),
    );
    const imported = posted.find((m) => m.type === 'curl/imported');
    assert.ok(imported?.type === 'curl/imported', JSON.stringify(posted));
    assert.equal(imported.draft.url, `${base}/imported`);
    assert.equal(imported.draft.id, panel.draft.id);
    assert.deepEqual(imported.draft.auth, { kind: 'basic', username: 'alice' });
    assert.ok(
      imported.ignored.some((flag) => flag.includes('--retry')),
      JSON.stringify(imported.ignored),
    );
    assert.ok(!JSON.stringify(posted).includes(password));
    assert.deepEqual((await panel.panelContext()).secretsSet, ['password']);
    const sent = await postedDuring(panel, () => panel.handleMessage({ type: 'request/send', draft: imported.draft }));
    assert.equal(shown(sent).status, 200);
    assert.equal(server.authorization.at(-1), `Basic ${Buffer.from(`alice:${password}`).toString('base64')}`);
    const copied = await postedDuring(panel, () => panel.handleMessage({ type: 'curl/copy', draft: imported.draft }));
    assert.ok(copied.some((m) => m.type === 'notice'));
    const command = await vscode.env.clipboard.readText();
    assert.match(command, /^curl /);
    assert.ok(command.includes(`${base}/imported`) && command.includes('$PASSWORD') && !command.includes(password));
  });

  it('opens a kept exchange in a new panel (Open in Request Panel)', async () => {
    const { response } = await responseTo('/reopen');
    const panel = await vscode.commands.executeCommand<RequestPanel | undefined>('pushpull.openRequestPanel', {
      exchangeId: response.exchangeId,
    });
    assert.ok(panel);
    assert.equal(panel.draft.url, `${base}/reopen`);
    assert.equal(panel.draft.method, 'GET');
  });
});
