import * as fs from 'node:fs';
import * as path from 'node:path';

/** Workbench chatter that says nothing about the tests (the full log keeps it). */
const NOISE: readonly RegExp[] = [
  /^Ignoring fetching additional builtin extensions from gallery/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\] registration/,
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(renderer-/,
  /^\[reconnection-grace-time\]/,
];

/**
 * Prints what the extension host and workbench log, prefixed with the version,
 * and keeps everything in a log file (test-results/vscode/<version>.log).
 */
export class HostOutput {
  private readonly file: number;

  constructor(
    private readonly label: string,
    logFile: string,
  ) {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    this.file = fs.openSync(logFile, 'w');
  }

  write(text: string): void {
    fs.writeSync(this.file, text.endsWith('\n') ? text : `${text}\n`);
    if (NOISE.some((re) => re.test(text))) {
      return;
    }
    const lines = text.replace(/\n$/, '').split('\n');
    process.stdout.write(lines.map((line) => `[${this.label}] ${line}`).join('\n') + '\n');
  }

  close(): void {
    fs.closeSync(this.file);
  }
}
