import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HttpFileResult } from '../../src/core/httpFile/runner';
import { READ_ONLY_DOCUMENT_SCHEME } from '../../src/ui/readOnlyDocumentProvider';
import { closeAllEditors, pushpull, waitFor } from './util';

/** A local API answering `{"from": "<path>"}` and counting what arrived. */
class EchoApi {
  readonly arrived: string[] = [];
  private readonly server = http.createServer((req, res) => {
    this.arrived.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json', 'x-id': 'abc' });
    res.end(JSON.stringify({ from: (req.url ?? '').slice(1) }));
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

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('pushpull');

describe('.http files in the editor', () => {
  const server = new EchoApi();
  let base: string;
  let folder: string;
  let api: Awaited<ReturnType<typeof pushpull>>;

  async function httpFile(name: string, text: string): Promise<vscode.TextDocument> {
    const file = path.join(folder, name);
    await fs.writeFile(file, text);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    assert.equal(document.languageId, 'http');
    await vscode.window.showTextDocument(document);
    return document;
  }

  const send = (document: vscode.TextDocument, index: number): Thenable<HttpFileResult[] | undefined> =>
    vscode.commands.executeCommand<HttpFileResult[] | undefined>('pushpull.sendHttpRequest', document.uri, index);

  before(async () => {
    api = await pushpull();
    base = await server.start();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the tests run in a workspace folder');
    folder = await fs.mkdtemp(path.join(root, 'http-'));
  });

  afterEach(async () => {
    await config().update('environments', undefined, vscode.ConfigurationTarget.Global);
    await config().update('httpFiles', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace
      .getConfiguration('pushpull.httpFiles')
      .update('responseView', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace
      .getConfiguration('pushpull.httpFiles')
      .update('codeLens', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('pushpull.selectEnvironment', '');
    for (const panel of api.panels.all) panel.dispose();
    await closeAllEditors();
  });

  after(async () => {
    await server.stop();
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('shows Send Request over each request and Send All at the top, and none when the setting is off', async () => {
    const document = await httpFile(
      'lenses.http',
      `@base = ${base}\n\n### one\nGET {{base}}/one\n\n### two\n# @name second\nPOST {{base}}/two\n\n{"a": 1}\n\n###\n{{base}}/three\n`,
    );
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    const titles = lenses.map((lens) => lens.command?.title);
    assert.deepEqual(titles, [
      '$(run-all) Send All (3)',
      '$(send) Send Request',
      '$(send) Send Request',
      '$(send) Send Request',
    ]);
    assert.deepEqual(
      lenses.slice(1).map((lens) => [lens.range.start.line, lens.command?.arguments?.[1]]),
      [
        [3, 0],
        [7, 1],
        [12, 2],
      ],
    );
    await vscode.workspace
      .getConfiguration('pushpull.httpFiles')
      .update('codeLens', false, vscode.ConfigurationTarget.Global);
    const none = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    assert.equal(none.length, 0);
  });

  it('gives one outline symbol and one fold per request, by name, title or request line', async () => {
    const document = await httpFile(
      'outline.http',
      `### List orders\nGET ${base}/orders\nAccept: application/json\n\n###\n# @name create\nPOST ${base}/orders\n\n{"id": 1}\n\n###\nDELETE ${base}/orders/1\n`,
    );
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['List orders', 'create', `DELETE ${base}/orders/1`],
    );
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>(
      'vscode.executeFoldingRangeProvider',
      document.uri,
    );
    assert.deepEqual(
      folds.map((f) => [f.start, f.end]),
      [
        [0, 2],
        [4, 8],
        [10, 11],
      ],
    );
  });

  it('sends the request, keeps the exchange in the history, opens the response beside the file and checks ?? lines', async () => {
    const document = await httpFile(
      'send.http',
      `### orders\n# @name orders\nGET ${base}/orders?page=1\nAccept: application/json\n\n?? status == 200\n?? body $.from == nope\n`,
    );
    const results = await send(document, 0);
    assert.ok(results?.length === 1);
    const [result] = results;
    assert.ok(result?.outcome.kind === 'answered', JSON.stringify(result?.outcome));
    assert.equal(result.outcome.exchange.response.status, 200);
    assert.deepEqual(
      result.assertions.map((a) => [a.line, a.passed]),
      [
        [5, true],
        [6, false],
      ],
    );
    const history = await api.requests.handle.whenReady();
    const kept = await history.get(result.outcome.exchange.id);
    assert.equal(kept?.source, 'httpFile');
    assert.equal(kept?.name, 'orders');
    const shown = await waitFor('the response document', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === READ_ONLY_DOCUMENT_SCHEME),
    );
    assert.match(shown.document.getText(), /"from": "orders\?page=1"/);
    assert.ok(server.arrived.includes('GET /orders?page=1'));
  });

  it('sends the request under the cursor', async () => {
    const document = await httpFile('cursor.http', `GET ${base}/first\n\n###\nGET ${base}/second\nX-A: b\n`);
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(4, 2, 4, 2);
    const results = await vscode.commands.executeCommand<HttpFileResult[] | undefined>('pushpull.sendRequestAtCursor');
    assert.equal(results?.[0]?.index, 1);
    assert.ok(server.arrived.includes('GET /second'));
  });

  it('shows the response in a request panel when pushpull.httpFiles.responseView is "panel"', async () => {
    await vscode.workspace
      .getConfiguration('pushpull.httpFiles')
      .update('responseView', 'panel', vscode.ConfigurationTarget.Global);
    const document = await httpFile('panel.http', `GET ${base}/in-panel\n`);
    const before = api.panels.all.length;
    const results = await send(document, 0);
    assert.ok(results?.[0]?.outcome.kind === 'answered');
    assert.equal(api.panels.all.length, before + 1);
    const panel = api.panels.all.at(-1);
    assert.equal(panel?.draft.url, `${base}/in-panel`);
  });

  it('reports parse problems, unknown variables and missing < files as diagnostics', async () => {
    const changed = new Promise<void>((resolve) => {
      const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some((uri) => uri.fsPath.endsWith('broken.http'))) {
          subscription.dispose();
          resolve();
        }
      });
    });
    const document = await httpFile(
      'broken.http',
      `@broken\n\n### one\nPOST ${base}/x\nContent-Type: application/json\n\n{"a": "{{nowhere}}"}\n\n###\nPOST ${base}/y\n\n< ./missing.json\n`,
    );
    await changed;
    const diagnostics = vscode.languages.getDiagnostics(document.uri);
    const codes = diagnostics.map((d) => [d.code, d.range.start.line]).sort();
    assert.deepEqual(codes, [
      ['BAD_VARIABLE', 0],
      ['MISSING_FILE', 11],
      ['UNKNOWN_VARIABLE', 6],
    ]);
    const unknown = diagnostics.find((d) => d.code === 'UNKNOWN_VARIABLE');
    assert.equal(document.getText(unknown?.range), '{{nowhere}}');
  });

  it('switches environments for .http files and the request panel through one picker, with env files and hovers', async () => {
    await config().update(
      'environments',
      { $shared: { base }, dev: { where: 'dev-path' }, prod: { where: 'prod-path' } },
      vscode.ConfigurationTarget.Global,
    );
    await fs.writeFile(
      path.join(folder, 'http-client.env.json'),
      JSON.stringify({ staging: { where: 'staging-path' } }),
    );
    await fs.writeFile(
      path.join(folder, 'http-client.private.env.json'),
      JSON.stringify({ $shared: { token: 'shared-secret' }, staging: { token: 'very-secret' } }),
    );
    const document = await httpFile('envs.http', `GET {{base}}/{{where}}\nAuthorization: Bearer {{token}}\n`);
    const where = async (): Promise<string | undefined> => {
      const results = await send(document, 0);
      const outcome = results?.[0]?.outcome;
      return outcome?.kind === 'answered'
        ? outcome.exchange.request.url.slice(base.length + 1)
        : JSON.stringify(outcome);
    };
    assert.equal(await vscode.commands.executeCommand('pushpull.selectEnvironment', 'dev'), 'dev');
    assert.equal(await where(), 'dev-path');
    const panel = await vscode.commands.executeCommand<{ panelContext(): Promise<{ environment: string }> }>(
      'pushpull.openRequestPanel',
    );
    assert.equal((await panel.panelContext()).environment, 'dev');
    await vscode.commands.executeCommand('pushpull.selectEnvironment', 'prod');
    assert.equal(await where(), 'prod-path');
    assert.equal((await panel.panelContext()).environment, 'prod');
    await vscode.commands.executeCommand('pushpull.selectEnvironment', 'staging');
    assert.equal(await where(), 'staging-path');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(1, 26),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /token/);
    assert.ok(!text.includes('very-secret') && !text.includes('shared-secret'), text);
    assert.match(text, /secret/);
  });

  it('completes variable names, system variables and header names', async () => {
    await config().update('environments', { $shared: { host: 'example.test' } }, vscode.ConfigurationTarget.Global);
    const document = await httpFile('complete.http', `@base = ${base}\n\nGET {{\nAcc\n`);
    const variables = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(2, 6),
    );
    const labels = variables.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const name of ['base', 'host', '$guid', '$randomInt']) assert.ok(labels.includes(name), name);
    const headers = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(3, 3),
    );
    assert.ok(headers.items.some((i) => i.label === 'Accept'));
  });

  it('sends nothing from a document of a virtual workspace', async () => {
    const scheme = 'pushpull-virtual-test';
    const registration = vscode.workspace.registerTextDocumentContentProvider(scheme, {
      provideTextDocumentContent: () => `GET ${base}/virtual\n`,
    });
    try {
      const document = await vscode.languages.setTextDocumentLanguage(
        await vscode.workspace.openTextDocument(vscode.Uri.parse(`${scheme}:/remote/file.http`)),
        'http',
      );
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        document.uri,
      );
      assert.equal(lenses.length, 1, 'it is parsed and shown');
      assert.equal(await send(document, 0), undefined);
      assert.ok(!server.arrived.includes('GET /virtual'));
    } finally {
      registration.dispose();
    }
  });
});
