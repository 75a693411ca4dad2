import { main } from './main';

// A reader that goes away (`pushpull hooks list | head`) makes the next write fail with EPIPE, reported as
// an 'error' event. Writes the CLI waits for reject and end the command quietly (see `write`); this keeps
// one that comes after the last write from crashing the process with a stack trace.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

// Entry of the `pushpull` executable (dist/cli.js).
void main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
