import * as assert from 'node:assert/strict';
/**
 * The request panel's page alone in Chromium, without VS Code: a local server on port 0 serves the page's HTML (the
 * same `pageHtml` the extension uses, same Content-Security-Policy) with the built `dist/webview/requestPanel.js`,
 * codicons and `media/requestPanel.css`. A stand-in `acquireVsCodeApi` records every message the page posts and keeps
 * its state across reloads; the test posts HostMessages as the host would. Chromium is the one the UI layer drives.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from '../../scripts/vscode/browser';
import { repoPath } from '../../scripts/vscode/paths';
import { Session } from '../../scripts/vscode/session';
import { pageHtml } from '../../src/ui/requestPanel/pageHtml';
import type { HostMessage, PageMessage } from '../../src/webview/requestPanel/panelProtocol';

export type ThemeName = 'dark' | 'light' | 'highContrast';

/** The --vscode-* variables VS Code 1.100 sets in Dark Modern, Light Modern and Dark High Contrast (a snapshot). */
const themes = JSON.parse(fs.readFileSync(repoPath('test', 'page', 'themes.json'), 'utf8')) as Record<
  ThemeName,
  Record<string, string>
>;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/** Runs in the page before its script: the stand-in for VS Code's webview API. */
const FAKE_API = `(() => {
  window.__posted = [];
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => { const s = sessionStorage.getItem('state'); return s === null ? undefined : JSON.parse(s); },
    setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
  });
})();`;

export class PageHarness {
  private constructor(
    private readonly server: http.Server,
    private readonly browser: Browser,
    private readonly session: Session,
    readonly url: string,
  ) {}

  static async start(): Promise<PageHarness> {
    for (const file of ['dist/webview/requestPanel.js', 'dist/webview/codicon.css', 'media/requestPanel.css']) {
      if (!fs.existsSync(repoPath(file))) throw new Error(`${file} is missing: run \`npm run build\` first.`);
    }
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/') {
        const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          pageHtml({
            cspSource: origin,
            nonce: crypto.randomUUID().replace(/-/g, ''),
            scriptUri: `${origin}/dist/webview/requestPanel.js`,
            styleUri: `${origin}/media/requestPanel.css`,
            codiconUri: `${origin}/dist/webview/codicon.css`,
          }),
        );
        return;
      }
      const file = path.normalize(url.pathname).replace(/^\/+/, '');
      if (!/^(dist\/webview|media)\//.test(file)) {
        res.writeHead(404).end();
        return;
      }
      fs.readFile(repoPath(file), (error, data) => {
        if (error) res.writeHead(404).end();
        else res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(data);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const session = new Session('page');
    const browser = await launchBrowser(session, { width: 1100, height: 900 });
    await browser.context.addInitScript(FAKE_API);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return new PageHarness(server, browser, session, url);
  }

  /** A fresh page with the panel loaded (it has said `panel/ready`), in the given theme. */
  async open(theme: ThemeName = 'dark'): Promise<Page> {
    const page = await this.browser.context.newPage();
    await page.goto(this.url);
    await setTheme(page, theme);
    await waitPosted(page, 'panel/ready');
    return page;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.session.dispose();
  }
}

/** Sets the --vscode-* variables of a theme on the page's root, as VS Code does for a webview. */
export async function setTheme(page: Page, theme: ThemeName): Promise<void> {
  await page.evaluate(
    (vars) => {
      const root = (
        globalThis as unknown as {
          document: { documentElement: { style: { setProperty(n: string, v: string): void } } };
        }
      ).document.documentElement;
      for (const [name, value] of Object.entries(vars)) root.style.setProperty(name, value);
    },
    themes[theme] as Record<string, string>,
  );
}

export async function posted(page: Page): Promise<PageMessage[]> {
  return (await page.evaluate('window.__posted')) as PageMessage[];
}

/** Waits until the page has posted a message of `type` (matching `test`) and returns the last such. */
export async function waitPosted<T extends PageMessage['type']>(
  page: Page,
  type: T,
  test: (message: Extract<PageMessage, { type: T }>) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<Extract<PageMessage, { type: T }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await posted(page);
    const matching = all.filter((m): m is Extract<PageMessage, { type: T }> => m.type === type);
    const found = [...matching].reverse().find(test);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`The page never posted a matching ${type}; its last ${type}: ${JSON.stringify(matching.at(-1))}`);
    }
    // The next message the page posts, whatever it is.
    await page
      .waitForFunction((n) => (globalThis as unknown as { __posted: unknown[] }).__posted.length > n, all.length, {
        timeout: Math.max(1, deadline - Date.now()),
      })
      .catch(() => undefined);
  }
}

/** Forgets what the page posted so far. */
export async function forget(page: Page): Promise<void> {
  await page.evaluate('window.__posted.length = 0');
}

export async function postToPage(page: Page, message: HostMessage): Promise<void> {
  await page.evaluate(
    (m) => (globalThis as unknown as { postMessage: (m: unknown, o: string) => void }).postMessage(m, '*'),
    message,
  );
}

export async function violations(page: Page): Promise<string[]> {
  return (await page.evaluate('window.__violations')) as string[];
}

/**
 * The mocha hooks of a suite of page tests: one harness for the suite, a fresh page for each test (handed to `use`),
 * and after each test the check that the page kept its Content-Security-Policy.
 */
export function pagePerTest(use: (page: Page) => void): void {
  let harness: PageHarness | undefined;
  let page: Page | undefined;
  before(async function () {
    harness = await PageHarness.start();
  });
  after(async function () {
    await harness?.close();
  });
  beforeEach(async function () {
    if (!harness) throw new Error('the page harness did not start');
    page = await harness.open();
    use(page);
  });
  afterEach(async function () {
    if (!page) return;
    assert.deepEqual(await violations(page), [], 'the page kept its Content-Security-Policy');
    await page.close();
  });
}
