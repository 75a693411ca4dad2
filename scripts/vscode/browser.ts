import * as fs from 'node:fs';
import * as path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { findChromium } from './prereqs';
import { note } from './proc';
import { Session } from './session';

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium through playwright-core, offline: every host but 127.0.0.1 fails to resolve. */
export async function launchBrowser(session: Session, viewport = { width: 1440, height: 900 }): Promise<Browser> {
  const executablePath = findChromium();
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(session.browserProfile, {
      executablePath,
      headless: process.env.PUSHPULL_HEADED !== '1',
      viewport,
      env: { ...process.env, HOME: session.home, TMPDIR: session.tmp },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Chromium (${executablePath}) did not start: ${message}`, { cause: error });
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  return {
    context,
    page,
    close: async () => {
      if (!closed) {
        closed = true;
        await context.close().catch(() => undefined);
      }
    },
  };
}

/** Saves a full-window PNG; returns its absolute path, or undefined when the page is gone. */
export async function saveScreenshot(page: Page, file: string): Promise<string | undefined> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    await page.screenshot({ path: target, timeout: 15_000 });
    return target;
  } catch (error) {
    note(`Could not save screenshot ${target}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
