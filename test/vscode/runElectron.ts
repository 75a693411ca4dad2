/**
 * `npm run test:electron`: the same in-host suite under desktop VS Code, through
 * @vscode/test-electron (downloads VS Code into .vscode-test/, so it needs the internet;
 * it cannot run on the offline build machine, where `npm run test:vscode` is used).
 * Env: PUSHPULL_VSCODE_VERSIONS (default "1.100.3,1.139.1"; "stable" works too).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { DEFAULT_TEST_VERSIONS } from '../../scripts/vscode/versions';

/** This file compiles to out/test/vscode/runElectron.js. */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

async function runOne(version: string): Promise<boolean> {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), `pushpull-electron-${version}-`));
  const workspace = path.join(temp, 'workspace');
  fs.mkdirSync(workspace);
  try {
    await runTests({
      version,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'vscode', 'suite', 'index.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(temp, 'user-data')}`,
        `--extensions-dir=${path.join(temp, 'extensions')}`,
      ],
    });
    console.log(`VS Code ${version} (desktop): PASS`);
    return true;
  } catch (error) {
    console.log(`VS Code ${version} (desktop): FAIL — ${error instanceof Error ? error.message : String(error)}`);
    return false;
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const raw = process.env.PUSHPULL_VSCODE_VERSIONS?.trim() || DEFAULT_TEST_VERSIONS;
  const versions = raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  let allPassed = true;
  for (const version of versions) {
    allPassed = (await runOne(version)) && allPassed;
  }
  return allPassed ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
