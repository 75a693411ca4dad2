import { runVerify } from '../../../src/cli/verify';

// A real executable for the CLI tests: `node out/test/unit/verify/cliEntry.js --provider … < body`.
void runVerify(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
