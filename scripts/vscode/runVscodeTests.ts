/**
 * `npm run test:vscode`: runs out/test/vscode/suite inside the extension host of every
 * VS Code version in PUSHPULL_VSCODE_VERSIONS (default 1.100.3,1.139.1).
 * Env: PUSHPULL_VSCODE_TIMEOUT_MS (per version, default 300000),
 * PUSHPULL_EXTENSION_PATH (default: the repository), PUSHPULL_TESTS_PATH (the suite module,
 * default out/test/vscode/suite/index.js), PUSHPULL_KEEP_TEMP=1 (keep the temp folders).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSuite, SuiteResult } from './extensionTests';
import { HostOutput } from './hostOutput';
import { numberFromEnv, repoPath, requireFile } from './paths';
import { formatDuration, note } from './proc';
import { DEFAULT_TEST_VERSIONS, versionsFromEnv } from './versions';

async function main(): Promise<number> {
  const specs = versionsFromEnv('PUSHPULL_VSCODE_VERSIONS', DEFAULT_TEST_VERSIONS);
  const timeoutMs = numberFromEnv('PUSHPULL_VSCODE_TIMEOUT_MS', 5 * 60_000);
  const extensionPath = path.resolve(process.env.PUSHPULL_EXTENSION_PATH?.trim() || repoPath());
  const testsPath = requireFile(
    path.resolve(process.env.PUSHPULL_TESTS_PATH?.trim() || repoPath('out', 'test', 'vscode', 'suite', 'index.js')),
    'run `npm run compile-tests` first.',
  );
  const manifest = requireFile(path.join(extensionPath, 'package.json'), 'the extension has no package.json.');
  checkMain(manifest);

  fs.rmSync(repoPath('test-results', 'vscode'), { recursive: true, force: true });
  const results: SuiteResult[] = [];
  for (const spec of specs) {
    note(`=== VS Code ${spec.vscode} (code-server ${spec.codeServer}) ===`);
    const output = new HostOutput(spec.vscode, repoPath('test-results', 'vscode', `${spec.vscode}.log`));
    const result = await runSuite({
      spec,
      extensionPath,
      testsPath,
      timeoutMs,
      resultsDir: repoPath('test-results', 'vscode'),
      onOutput: (text) => output.write(text),
    });
    output.close();
    results.push(result);
    console.log(summaryLine(result));
  }

  let passed = 0;
  let failed = 0;
  for (const r of results) {
    passed += r.report.passed;
    // A version that broke without a mocha failure (harness, timeout) still counts as one failure.
    failed += r.report.failed > 0 ? r.report.failed : ok(r) ? 0 : 1;
  }
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  return results.every(ok) ? 0 : 1;
}

function ok(r: SuiteResult): boolean {
  return r.exitCode === 0 && r.problem === undefined && r.report.failed === 0;
}

function summaryLine(r: SuiteResult): string {
  const verdict = ok(r) ? 'PASS' : 'FAIL';
  const counts = `${r.report.passed} passing, ${r.report.failed} failing, ${r.report.pending} pending`;
  const runFailed = r.exitCode !== undefined && r.exitCode !== 0 && r.report.failed === 0;
  const why = r.problem
    ? ` — ${r.problem}`
    : runFailed
      ? ` — run() failed (exit code ${r.exitCode}); see the log above`
      : '';
  return `VS Code ${r.version}: ${verdict} (${counts}) in ${formatDuration(r.durationMs)}${why}`;
}

/** The extension host silently skips an extension whose main is missing: say so up front. */
function checkMain(manifestPath: string): void {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { main?: string };
  if (manifest.main) {
    const main = path.resolve(path.dirname(manifestPath), manifest.main);
    const candidates = [main, `${main}.js`];
    if (!candidates.some((f) => fs.existsSync(f))) {
      throw new Error(`${manifest.main} (package.json "main") is missing: run \`npm run build\` first.`);
    }
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    note(error instanceof Error ? error.message : String(error));
    console.log('vscode: 0 passed, 1 failed');
    process.exitCode = 1;
  },
);
