import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchBrowser, saveScreenshot } from './browser';
import { ensureCodeServer } from './install';
import { MochaReport } from './mochaReport';
import { note } from './proc';
import { startServer } from './server';
import { Session } from './session';
import { VersionSpec } from './versions';

export interface SuiteRunOptions {
  readonly spec: VersionSpec;
  /** Folder holding the extension's package.json (extensionDevelopmentPath). */
  readonly extensionPath: string;
  /** The compiled suite module, e.g. out/test/vscode/suite/index.js (extensionTestsPath). */
  readonly testsPath: string;
  readonly timeoutMs: number;
  /** Where a timeout screenshot and the server log of a failed run go. */
  readonly resultsDir: string;
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Receives the extension host's output (mocha's report) as it comes. */
  readonly onOutput: (text: string) => void;
}

export interface SuiteResult {
  readonly version: string;
  /** 0 when run() resolved, 1 when it rejected; undefined when it never reported. */
  readonly exitCode: number | undefined;
  readonly report: MochaReport;
  readonly durationMs: number;
  /** Set when the run failed for a reason other than failing tests (harness, timeout). */
  readonly problem?: string;
}

/** Runs the suite inside one VS Code version's extension host, through a real workbench. */
export async function runSuite(options: SuiteRunOptions): Promise<SuiteResult> {
  const { spec } = options;
  const started = Date.now();
  const report = new MochaReport();
  const result = (exitCode: number | undefined, problem?: string): SuiteResult => ({
    version: spec.vscode,
    exitCode,
    report,
    durationMs: Date.now() - started,
    ...(problem === undefined ? {} : { problem }),
  });
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const install = await ensureCodeServer(spec.vscode);
    const session = new Session(`test-${spec.vscode}`, options.settings);
    cleanups.push(async () => session.dispose());
    const server = await startServer({ install, session, smokeTestDriver: true });
    cleanups.push(() => server.stop());
    const browser = await launchBrowser(session);
    cleanups.push(() => browser.close());
    const { page } = browser;

    let settle: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => (settle = resolve));
    await page.exposeFunction('codeAutomationExit', (code: unknown) => settle(Number(code)));
    await page.exposeFunction('codeAutomationLog', (_type: unknown, args: unknown) => {
      // The workbench forwards console calls as-is: apply their printf-style format ("%d passing").
      const text = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
      report.feed(text);
      options.onOutput(text);
    });
    page.on('crash', () => settle(-1));

    const url = server.folderUrl(session.workspace, [
      ['extensionDevelopmentPath', server.remoteUri(options.extensionPath)],
      ['extensionTestsPath', server.remoteUri(options.testsPath)],
      ['skipWelcome', 'true'],
    ]);
    note(`VS Code ${spec.vscode}: ${server.origin} (server log ${server.logFile})`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutMs)),
    );
    const outcome = await Promise.race([exit, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      const shot = await saveScreenshot(page, path.join(options.resultsDir, `${spec.vscode}-timeout.png`));
      keepLog(server.logFile, options.resultsDir, spec.vscode);
      return result(
        undefined,
        `timed out after ${Math.round(options.timeoutMs / 1000)} s${shot ? ` (screenshot ${shot})` : ''}`,
      );
    }
    if (outcome === -1) {
      keepLog(server.logFile, options.resultsDir, spec.vscode);
      return result(undefined, 'the workbench page crashed');
    }
    if (outcome !== 0) {
      keepLog(server.logFile, options.resultsDir, spec.vscode);
    }
    if (outcome === 0 && !report.finished) {
      return result(outcome, 'run() passed but no mocha report ("N passing") reached the harness');
    }
    return result(outcome);
  } catch (error) {
    return result(undefined, error instanceof Error ? error.message : String(error));
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => note(`cleanup: ${String(err)}`));
    }
  }
}

function keepLog(logFile: string, resultsDir: string, version: string): void {
  try {
    fs.mkdirSync(resultsDir, { recursive: true });
    const target = path.join(resultsDir, `${version}-server.log`);
    fs.copyFileSync(logFile, target);
    note(`Server log kept at ${target}`);
  } catch {
    // Best effort: the log may not exist when the server never started.
  }
}
