// `npm test`: every check and all three test layers, in order, stopping at the first failure.
// Ends with one line `all: N passed, N failed` summed over the layers.
import { spawn } from 'node:child_process';

const steps = [
  ['system', 'bash', ['scripts/vscode/install-system.sh']],
  ['typecheck', 'npm', ['run', 'typecheck']],
  ['lint', 'npm', ['run', 'lint']],
  ['format', 'npm', ['run', 'format:check']],
  ['build', 'npm', ['run', 'build']],
  ['compile-tests', 'npm', ['run', 'compile-tests']],
  ['unit', 'npm', ['run', 'test:unit']],
  ['page', 'npm', ['run', 'test:page']],
  ['vscode', 'npm', ['run', 'test:vscode']],
  ['package', 'npm', ['run', 'package']],
  ['ui', 'npm', ['run', 'test:ui']],
];

const only = process.env.PUSHPULL_TEST_STEPS?.split(',').map((s) => s.trim());
let passed = 0;
let failed = 0;

function run(name, command, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${name} ===`);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-20000);
    });
    child.on('close', (code) => {
      // mocha's spec reporter ("N passing", "N failing") or the harness's "layer: N passed, N failed".
      const plain = [...tail.matchAll(/^\w+: (\d+) passed, (\d+) failed/gm)].pop();
      if (plain) {
        passed += Number(plain[1]);
        failed += Number(plain[2]);
      } else {
        const passing = tail.match(/^\s*(\d+) passing/m);
        const failing = tail.match(/^\s*(\d+) failing/m);
        if (passing) passed += Number(passing[1]);
        if (failing) failed += Number(failing[1]);
      }
      console.log(
        `=== ${name}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`,
      );
      resolve(code ?? 1);
    });
  });
}

let exitCode = 0;
for (const [name, command, args] of steps) {
  if (only && !only.includes(name)) continue;
  const code = await run(name, command, args);
  if (code !== 0) {
    exitCode = code;
    break;
  }
}
if (exitCode !== 0 && failed === 0) failed = 1;
console.log(`\nall: ${passed} passed, ${failed} failed`);
process.exit(exitCode);
