/**
 * Entry point loaded inside the VS Code extension host (same contract as
 * @vscode/test-electron): runs mocha over every out/test/vscode/**\/*.test.js.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** out/test/vscode, where the compiled *.test.js files live. */
const TESTS_ROOT = path.resolve(__dirname, '..');

function findTestFiles(root: string): string[] {
  const entries = fs.readdirSync(root, { recursive: true, withFileTypes: false, encoding: 'utf8' });
  return entries
    .filter((entry) => entry.endsWith('.test.js') && !entry.split(path.sep).includes('node_modules'))
    .map((entry) => path.join(root, entry))
    .sort();
}

export async function run(): Promise<void> {
  const files = findTestFiles(TESTS_ROOT);
  if (files.length === 0) {
    throw new Error(`No test files (*.test.js) under ${TESTS_ROOT}. Did \`npm run compile-tests\` run?`);
  }
  const grep = process.env.PUSHPULL_VSCODE_GREP?.trim();
  const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const file of files) {
    mocha.addFile(file);
  }
  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const total = runner.stats?.tests ?? 0;
        if (failures > 0) {
          reject(new Error(`${failures} of ${total} tests failed.`));
        } else if (total === 0) {
          reject(new Error(`Mocha found no tests in ${files.length} file(s) under ${TESTS_ROOT}.`));
        } else {
          resolve();
        }
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
