import * as assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { HookTreeNode } from '../../src/ui/hooksView/rows';
import { closeAllEditors, post, pushpull, replaceBody, setPort, waitFor } from './util';

const STRIPE_SECRET = 'whsec_c2lnbmluZy1zZWNyZXQtZm9yLXRlc3Rz';
const TWILIO_TOKEN = '12345678901234567890123456789012';

/** Twilio's own library, as the user's app uses it. */
const twilio = require('twilio') as {
  getExpectedTwilioSignature(token: string, url: string, params: Record<string, string>): string;
  validateRequestWithBody(token: string, signature: string, url: string, body: string): boolean;
};

function stripeHeader(body: string, t: number): string {
  return `t=${t},v1=${createHmac('sha256', STRIPE_SECRET).update(`${t}.${body}`).digest('hex')}`;
}

describe('Signature verification in VS Code', function () {
  this.timeout(30_000);
  let api: Awaited<ReturnType<typeof pushpull>>;
  let url: string;
  let app: http.Server;
  let appUrl: string;

  before(async () => {
    api = await pushpull();
    await setPort(0);
    await vscode.workspace.getConfiguration('pushpull.listener').update(
      'routes',
      [
        { name: 'gh', pathPrefix: '/gh', provider: 'github' },
        { name: 'stripe', pathPrefix: '/stripe', provider: 'stripe' },
        { name: 'tw', pathPrefix: '/tw', provider: 'twilio' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await vscode.commands.executeCommand('pushpull.setSigningSecret', 'gh', 's3cret');
    await vscode.commands.executeCommand('pushpull.setSigningSecret', 'stripe', STRIPE_SECRET);
    await vscode.commands.executeCommand('pushpull.setSigningSecret', 'tw', TWILIO_TOKEN);
    await vscode.commands.executeCommand('pushpull.startListener');
    url = api.push.address?.url ?? '';
    assert.ok(url);
    // The user's app checks Stripe signatures with Stripe's own library.
    const stripe = require('stripe')('sk_test_pushpull') as {
      webhooks: { constructEvent(body: string, signature: string, secret: string): unknown };
    };
    app = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          stripe.webhooks.constructEvent(
            Buffer.concat(chunks).toString(),
            String(req.headers['stripe-signature']),
            STRIPE_SECRET,
          );
          res.writeHead(200).end('verified');
        } catch (error) {
          res.writeHead(400).end(error instanceof Error ? error.message : String(error));
        }
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });

  after(async () => {
    await vscode.commands.executeCommand('pushpull.stopListener');
    await vscode.commands.executeCommand('pushpull.setSigningSecret', 'gh', '');
    await vscode.commands.executeCommand('pushpull.setSigningSecret', 'stripe', '');
    await vscode.workspace
      .getConfiguration('pushpull.listener')
      .update('routes', undefined, vscode.ConfigurationTarget.Global);
    await new Promise((resolve) => app.close(resolve));
    await closeAllEditors();
  });

  it('marks a valid GitHub signature in the tree and the document', async () => {
    const body = '{"zen":"Practicality beats purity."}';
    const signature = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;
    assert.equal(await post(`${url}/gh/push`, body, { 'X-Hub-Signature-256': signature }), 200);
    const hook = await waitFor('hook', () => api.push.store.list().find((h) => h.path === '/gh/push'));
    assert.deepEqual(hook.verdict, { status: 'valid', provider: 'github' });
    const item = api.tree.getTreeItem({ kind: 'hook', hook });
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'verified-filled');
    assert.match(String(api.tree.resolveTreeItem(item, { kind: 'hook', hook }).tooltip), /Signature valid \(github\)/);
    await vscode.commands.executeCommand('pushpull.openHook', { kind: 'hook', hook });
    const editor = await waitFor('editor', () => vscode.window.activeTextEditor);
    assert.match(editor.document.getText(), /^\/\/ Signature valid \(github\)\n/);
  });

  it('explains a stale Stripe timestamp, and a re-signed replay is accepted by the app', async () => {
    const body = '{"id":"evt_1","type":"charge.succeeded"}';
    const stale = Math.floor(Date.now() / 1000) - 900;
    await post(`${url}/stripe/events`, body, { 'Stripe-Signature': stripeHeader(body, stale) });
    const hook = await waitFor('hook', () => api.push.store.list().find((h) => h.path === '/stripe/events'));
    assert.equal(hook.verdict?.status, 'invalid');
    assert.equal(hook.verdict?.reason?.code, 'timestamp-too-old');
    const item = api.tree.getTreeItem({ kind: 'hook', hook });
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'shield');
    assert.match(
      String(api.tree.resolveTreeItem(item, { kind: 'hook', hook }).tooltip),
      /Signature INVALID \(stripe\)/,
    );

    const node: HookTreeNode = { kind: 'hook', hook };
    const original = await vscode.commands.executeCommand<{ status?: number; body?: string }>(
      'pushpull.replayTo',
      node,
      undefined,
      {
        target: `${appUrl}/webhook`,
        resign: false,
      },
    );
    assert.equal(original.status, 400, "the untouched stale signature is refused by Stripe's library");
    const resigned = await vscode.commands.executeCommand<{ status?: number; body?: string }>(
      'pushpull.replayTo',
      node,
      undefined,
      {
        target: `${appUrl}/webhook`,
        resign: true,
      },
    );
    assert.equal(resigned.status, 200, resigned.body);
    assert.equal(resigned.body, 'verified');
  });

  it('edits a hook body and replays it re-signed for the new body', async () => {
    const body = '{"action":"opened","number":1}';
    const signature = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;
    await post(`${url}/gh/pull`, body, { 'X-Hub-Signature-256': signature, 'X-GitHub-Event': 'pull_request' });
    const hook = await waitFor('hook', () => api.push.store.list().find((h) => h.path === '/gh/pull'));
    const received: Array<{ body: string; valid: boolean }> = [];
    const checker = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const got = Buffer.concat(chunks);
        const expected = `sha256=${createHmac('sha256', 's3cret').update(got).digest('hex')}`;
        const valid = req.headers['x-hub-signature-256'] === expected;
        received.push({ body: got.toString(), valid });
        res.writeHead(valid ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => checker.listen(0, '127.0.0.1', resolve));
    try {
      const document = await vscode.commands.executeCommand<vscode.TextDocument>('pushpull.editAndReplay', {
        kind: 'hook',
        hook,
      });
      assert.match(document.getText(), /^POST \/gh\/pull HTTP\/1\.1\n/);
      assert.match(document.getText(), /\nX-Hub-Signature-256: sha256=[0-9a-f]{64}\n/);
      assert.ok(
        document.getText().endsWith('\n\n{\n  "action": "opened",\n  "number": 1\n}'),
        'the body pretty-printed',
      );
      assert.equal(document.isUntitled, true);
      assert.equal(await replaceBody(document, '{"action":"closed","number":1}'), true);
      const target = `http://127.0.0.1:${(checker.address() as AddressInfo).port}`;
      const result = await vscode.commands.executeCommand<{ status?: number }>(
        'pushpull.sendEditedHook',
        document.uri,
        {
          target,
          resign: true,
        },
      );
      assert.equal(result.status, 200);
      assert.deepEqual(received.at(-1), { body: '{"action":"closed","number":1}', valid: true });
    } finally {
      await new Promise((resolve) => checker.close(resolve));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it("edits a Twilio JSON hook and replays it to the URL re-signed for the new body's bodySHA256", async () => {
    const body = '{"MessageSid":"SM1","Body":"hello"}';
    const sha = createHash('sha256').update(body).digest('hex');
    const hookUrl = `${url}/tw/status?bodySHA256=${sha}`;
    await post(hookUrl, body, {
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, hookUrl, {}),
    });
    const hook = await waitFor('hook', () => api.push.store.list().find((h) => h.path === '/tw/status'));
    assert.equal(hook.verdict?.status, 'valid', JSON.stringify(hook.verdict));
    const received: Array<{ url: string; valid: boolean }> = [];
    const app = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const full = `http://127.0.0.1:${(app.address() as AddressInfo).port}${req.url ?? ''}`;
        const signature = String(req.headers['x-twilio-signature']);
        const valid = twilio.validateRequestWithBody(TWILIO_TOKEN, signature, full, Buffer.concat(chunks).toString());
        received.push({ url: req.url ?? '', valid });
        res.writeHead(valid ? 200 : 403).end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const document = await vscode.commands.executeCommand<vscode.TextDocument>('pushpull.editAndReplay', {
        kind: 'hook',
        hook,
      });
      const edited = '{"MessageSid":"SM1","Body":"edited"}';
      assert.equal(await replaceBody(document, edited), true);
      const target = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
      const result = await vscode.commands.executeCommand<{ status?: number }>(
        'pushpull.sendEditedHook',
        document.uri,
        {
          target,
          resign: true,
          keepPath: true,
        },
      );
      assert.deepEqual(received.at(-1), {
        url: `/tw/status?bodySHA256=${createHash('sha256').update(edited).digest('hex')}`,
        valid: true,
      });
      assert.equal(result.status, 200);
    } finally {
      await new Promise((resolve) => app.close(resolve));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
