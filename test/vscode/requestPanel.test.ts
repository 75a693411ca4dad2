import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { RequestPanel } from '../../src/ui/requestPanel/requestPanel';
import type { HostToPage, RequestDraft, ResponseView } from '../../src/webview/requestPanel/protocol';
import { closeAllEditors, pushpull, waitFor } from './util';

const draft = (url: string): RequestDraft => ({ method: 'GET', url, headers: '', body: '' });

/** A local API: `/slow` and `/hang` answer late or never; it tells when a request arrived and when its connection closed. */
class TestApi {
  readonly arrived: string[] = [];
  readonly closed: string[] = [];
  readonly authorization: Array<string | undefined> = [];
  private readonly server = http.createServer((req, res) => {
    const path = req.url ?? '';
    this.arrived.push(path);
    this.authorization.push(req.headers.authorization);
    req.socket.once('close', () => this.closed.push(path));
    if (path === '/hang') return;
    if (path === '/slow') {
      setTimeout(() => res.end('{"from":"slow"}'), 1500);
      return;
    }
    if (path === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${'0123456789abcdef'.repeat(128 * 1024)}THE END`);
      return;
    }
    if (path === '/invisible') {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-note': 'abc\u009bdef' });
      res.end('zero\u200bwidth\u202ereversed\nline two\tand tab');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"from":"${path.slice(1)}"}`);
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
async function postedDuring(panel: RequestPanel, action: () => Promise<unknown>): Promise<HostToPage[]> {
  const posted: HostToPage[] = [];
  const subscription = panel.onDidPost((message) => posted.push(message));
  try {
    await action();
  } finally {
    subscription.dispose();
  }
  return posted;
}

/** The body of the one answer shown for what was sent (a page made anew is first sent the previous answer). */
function shownBody(posted: HostToPage[]): string | undefined {
  const sent = posted.findIndex((m) => m.type === 'request/sending');
  const bodies = posted.slice(Math.max(0, sent)).flatMap((m) => (m.type === 'response/show' ? [m.response.body] : []));
  // One answer; the page's own ready may have it shown again, never another one.
  assert.ok(new Set(bodies).size <= 1, JSON.stringify(posted).slice(0, 2000));
  return bodies[0];
}

describe('Request panel: sending, cancelling, showing again', () => {
  let api: Awaited<ReturnType<typeof pushpull>>;
  const server = new TestApi();
  let base: string;

  async function openPanel(): Promise<RequestPanel> {
    await vscode.commands.executeCommand('pushpull.openRequestPanel');
    return waitFor('request panel', () => api.panels.active);
  }

  /** Sends GET `path` from the panel and returns the answer it showed. */
  async function responseTo(path: string): Promise<{ panel: RequestPanel; response: ResponseView }> {
    const panel = await openPanel();
    const posted = await postedDuring(panel, () =>
      panel.handleMessage({ type: 'request/send', draft: draft(`${base}${path}`) }),
    );
    // A page made anew meanwhile (the panel was shown again) is sent the previous answer first: the last one counts.
    const shown = posted.filter((m) => m.type === 'response/show').at(-1);
    assert.ok(shown?.type === 'response/show', JSON.stringify(posted).slice(0, 2000));
    return { panel, response: shown.response };
  }

  before(async () => {
    api = await pushpull();
    base = await server.start();
  });

  after(async () => {
    api.panels.active?.dispose();
    await closeAllEditors();
    await server.stop();
  });

  it('shows the last answer again when the page is made anew (the panel was hidden and shown)', async () => {
    const panel = await openPanel();
    await panel.handleMessage({ type: 'request/send', draft: draft(`${base}/first`) });
    const posted = await postedDuring(panel, () => panel.handleMessage({ type: 'panel/ready' }));
    // The new page's own ready may come meanwhile too: each ready gets the draft and the last answer.
    const types = posted.map((m) => m.type);
    assert.ok(types.includes('draft/restore') && types.includes('response/show'), JSON.stringify(types));
    assert.ok(
      types.every((t) => t === 'draft/restore' || t === 'response/show'),
      JSON.stringify(types),
    );
    for (const m of posted) if (m.type === 'response/show') assert.equal(m.response.body, '{\n  "from": "first"\n}');
  });

  it('keeps the exchange for Compare With… without the credentials of its URL, which it sent as Basic auth', async () => {
    const panel = await openPanel();
    const withCredentials = base.replace('http://', 'http://user:s3cret@');
    await panel.handleMessage({ type: 'request/send', draft: draft(`${withCredentials}/auth`) });
    assert.equal(api.exchanges.latest()?.request.url, `${base}/auth`);
    assert.equal(server.authorization.at(-1), `Basic ${Buffer.from('user:s3cret').toString('base64')}`);
  });

  it('shows only the answer to the newest send: an earlier one still running is aborted', async () => {
    const panel = await openPanel();
    const posted = await postedDuring(panel, async () => {
      const slow = panel.handleMessage({ type: 'request/send', draft: draft(`${base}/slow`) });
      await waitFor('the slow request to arrive', () => server.arrived.includes('/slow'));
      await panel.handleMessage({ type: 'request/send', draft: draft(`${base}/fast`) });
      await slow;
    });
    assert.equal(shownBody(posted), '{\n  "from": "fast"\n}');
    assert.ok(!posted.some((m) => m.type === 'request/failed'), JSON.stringify(posted));
    assert.equal(api.exchanges.latest()?.request.url, `${base}/fast`);
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
    // Shown again as it was: cancelled.
    const again = await postedDuring(panel, () => panel.handleMessage({ type: 'panel/ready' }));
    assert.equal(again[1]?.type, 'request/failed');
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
    assert.equal(api.panels.active, undefined);
  });

  it('shows the first 1 MiB of a large body, and opens all of it in an editor', async () => {
    const { panel, response } = await responseTo('/big');
    assert.equal(response.body.length, 1024 * 1024);
    assert.deepEqual(response.bodyCut, { shownChars: 1024 * 1024, totalChars: 2 * 1024 * 1024 + 7 });
    await panel.handleMessage({ type: 'response/open' });
    const editor = await waitFor('the body in an editor', () =>
      vscode.window.activeTextEditor?.document.uri.scheme === 'pushpull-compare'
        ? vscode.window.activeTextEditor
        : undefined,
    );
    const text = editor.document.getText();
    assert.equal(text.length, 2 * 1024 * 1024 + 7);
    assert.ok(text.endsWith('THE END'));
  });

  it('escapes characters that hide or reorder text, keeping line breaks and tabs', async () => {
    const { response } = await responseTo('/invisible');
    assert.equal(response.body, 'zero\\u200bwidth\\u202ereversed\nline two\tand tab');
    assert.ok(response.headers.some(([n, v]) => n === 'x-note' && v === 'abc\\u009bdef'));
  });
});
