/**
 * `npm run test:ui`: installs dist/pushpull.vsix into a fresh VS Code (code-server) and
 * drives the real workbench like a person (test/ui). Screenshots go to test-results/ui.
 * Env: PUSHPULL_UI_VERSIONS (default 1.100.3,1.139.1), PUSHPULL_VSIX (default dist/pushpull.vsix),
 * PUSHPULL_UI_TIMEOUT_MS (per scenario, default 120000), PUSHPULL_HEADED=1, PUSHPULL_KEEP_TEMP=1,
 * PUSHPULL_UI_ONLY (run only the scenarios whose name contains it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scenarios } from '../../test/ui/scenarios';
import { UiContext, UiScenario } from '../../test/ui/scenario';
import { Workbench } from '../../test/ui/workbench';
import { launchBrowser, saveScreenshot } from './browser';
import { ensureCodeServer } from './install';
import { numberFromEnv, repoPath, requireFile } from './paths';
import { formatDuration, freePort, note } from './proc';
import { installVsix, startServer } from './server';
import { Session } from './session';
import { DEFAULT_UI_VERSIONS, VersionSpec, versionsFromEnv } from './versions';

interface Tally {
  passed: number;
  failed: number;
}

async function main(): Promise<number> {
  const specs = versionsFromEnv('PUSHPULL_UI_VERSIONS', DEFAULT_UI_VERSIONS);
  const vsix = requireFile(
    path.resolve(process.env.PUSHPULL_VSIX?.trim() || repoPath('dist', 'pushpull.vsix')),
    'run `npm run package` first.',
  );
  const tally: Tally = { passed: 0, failed: 0 };
  // Screenshots from an earlier run must never pass for this run's.
  fs.rmSync(repoPath('test-results', 'ui'), { recursive: true, force: true });
  for (const spec of specs) {
    const resultsDir =
      specs.length === 1 ? repoPath('test-results', 'ui') : repoPath('test-results', 'ui', spec.vscode);
    await runVersion(spec, vsix, resultsDir, tally);
  }
  console.log(`ui: ${tally.passed} passed, ${tally.failed} failed`);
  return tally.failed === 0 && tally.passed > 0 ? 0 : 1;
}

async function runVersion(spec: VersionSpec, vsix: string, resultsDir: string, tally: Tally): Promise<void> {
  const started = Date.now();
  note(`=== UI on VS Code ${spec.vscode} (code-server ${spec.codeServer}) ===`);
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const install = await ensureCodeServer(spec.vscode);
    const listenerPort = await freePort();
    const session = new Session(`ui-${spec.vscode}`, { 'pushpull.listener.port': listenerPort });
    cleanups.push(async () => session.dispose());
    fs.writeFileSync(
      path.join(session.workspace, 'README.md'),
      '# UI check\n\nA workspace for the PushPull UI tests.\n',
    );
    await installVsix(install, session, vsix);
    // No smoke-test driver here: it hides notification toasts, which a person would see.
    const server = await startServer({ install, session });
    cleanups.push(() => server.stop());
    const browser = await launchBrowser(session);
    cleanups.push(() => browser.close());
    const { page } = browser;
    page.on('pageerror', (error) => note(`  page error: ${error.message}`));
    await page.goto(server.folderUrl(session.workspace), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const workbench = new Workbench(page);
    await workbench.waitReady();
    const ctx: UiContext = {
      page,
      workbench,
      vscodeVersion: spec.vscode,
      listenerPort,
      workspace: session.workspace,
      screenshot: async (name) => {
        const file = await saveScreenshot(page, path.join(resultsDir, name));
        if (!file) {
          throw new Error(`Could not save the screenshot ${name}`);
        }
        return file;
      },
      log: (message) => note(`  ${message}`),
    };
    const only = process.env.PUSHPULL_UI_ONLY?.trim().toLowerCase();
    for (const scenario of scenarios) {
      if (only && !scenario.name.toLowerCase().includes(only)) continue;
      await runScenario(scenario, ctx, resultsDir, tally);
    }
  } catch (error) {
    tally.failed += 1;
    console.log(`✗ VS Code ${spec.vscode}: the workbench could not be prepared: ${describe(error)}`);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => note(`cleanup: ${describe(err)}`));
    }
  }
  note(`VS Code ${spec.vscode}: UI run took ${formatDuration(Date.now() - started)}`);
}

async function runScenario(scenario: UiScenario, ctx: UiContext, resultsDir: string, tally: Tally): Promise<void> {
  const timeoutMs = numberFromEnv('PUSHPULL_UI_TIMEOUT_MS', 120_000);
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      scenario.run(ctx),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      }),
    ]);
    tally.passed += 1;
    console.log(`✔ [${ctx.vscodeVersion}] ${scenario.name} (${formatDuration(Date.now() - started)})`);
  } catch (error) {
    tally.failed += 1;
    const slug = scenario.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    const shot = await saveScreenshot(ctx.page, path.join(resultsDir, `failed-${slug}.png`));
    console.log(
      `✗ [${ctx.vscodeVersion}] ${scenario.name}: ${describe(error)}${shot ? `\n  screenshot: ${shot}` : ''}`,
    );
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    note(describe(error));
    console.log('ui: 0 passed, 1 failed');
    process.exitCode = 1;
  },
);
