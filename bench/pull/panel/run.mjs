// The 100 MB JSON response in a real request panel, inside a real VS Code extension host (the same launcher as
// `npm run test:vscode`, pointed at bench/pull/panel/suite.ts instead of the test suite). `[bench]` lines report.
//   npm run build && rm -rf out && npx tsc -p tsconfig.test.json && node bench/pull/panel/run.mjs
// Env: PUSHPULL_BENCH_MB (default 100), PUSHPULL_BENCH_ROUNDS (default 3), PUSHPULL_VSCODE_VERSIONS (default 1.100.3).
/* global URL */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const suite = path.join(root, 'out/bench/pull/panel/suite.js');
const launcher = path.join(root, 'out/scripts/vscode/runVscodeTests.js');
for (const file of [suite, launcher, path.join(root, 'dist/extension.js')]) {
  if (!fs.existsSync(file)) {
    console.error(`${path.relative(root, file)} is missing: run \`npm run build && npx tsc -p tsconfig.test.json\`.`);
    process.exit(1);
  }
}
const result = spawnSync(process.execPath, [launcher], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PUSHPULL_TESTS_PATH: suite,
    PUSHPULL_VSCODE_VERSIONS: process.env.PUSHPULL_VSCODE_VERSIONS ?? '1.100.3',
    PUSHPULL_VSCODE_TIMEOUT_MS: process.env.PUSHPULL_VSCODE_TIMEOUT_MS ?? String(15 * 60_000),
  },
});
process.exit(result.status ?? 1);
