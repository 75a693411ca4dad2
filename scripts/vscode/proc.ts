import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** Progress and diagnostics go to stderr so stdout stays the test report. */
export function note(message: string): void {
  process.stderr.write(`[pushpull-vscode] ${message}\n`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Finds an executable on PATH (or checks an absolute path); undefined when absent. */
export function findExecutable(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  const candidates = path.isAbsolute(name)
    ? [name]
    : envPath
        .split(path.delimiter)
        .filter((dir) => dir.length > 0)
        .map((dir) => path.join(dir, name));
  return candidates.find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/** The last `lines` lines of a text file, or '' when it cannot be read. */
export function tailFile(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Asks the OS for a free TCP port on 127.0.0.1 (never a fixed port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('No free port found'))));
    });
  });
}

export interface LoggedCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Full output is appended here; only milestones are echoed to stderr. */
  readonly logFile: string;
  /** Shown in heartbeat lines, e.g. "code-server 4.139.1". */
  readonly label: string;
  /** Output lines matching this are echoed as progress. */
  readonly milestones?: RegExp;
}

/** Runs a long command, logging everything to a file and printing progress lines. */
export function runLogged(cmd: LoggedCommand): Promise<void> {
  const started = Date.now();
  const log = fs.createWriteStream(cmd.logFile, { flags: 'a' });
  log.write(`\n$ ${cmd.command} ${cmd.args.join(' ')}\n`);
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd.command, [...cmd.args], {
      cwd: cmd.cwd,
      env: cmd.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    const onData = (chunk: Buffer): void => {
      log.write(chunk);
      const text = partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (cmd.milestones?.test(line)) {
          note(`  ${cmd.label}: ${line.trim().slice(0, 160)}`);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const heartbeat = setInterval(() => {
      note(`  ${cmd.label}: still working (${formatDuration(Date.now() - started)})`);
    }, 20_000);
    const finish = (error: Error | undefined): void => {
      clearInterval(heartbeat);
      log.end(() => (error ? reject(error) : resolve()));
    };
    child.once('error', (err) => finish(new Error(`Could not run ${cmd.command}: ${err.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) {
        finish(undefined);
        return;
      }
      const why = signal ? `was killed by ${signal}` : `exited with code ${String(code)}`;
      finish(new Error(`${cmd.command} ${cmd.args.join(' ')} ${why}. Full log: ${cmd.logFile}`));
    });
  });
}

/** Sends `signal` to the process group led by `child` (started with detached: true). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Stops a process group we started: SIGTERM, then SIGKILL after `graceMs`. */
export async function killProcessGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.pid === undefined) {
    return;
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
  });
  signalGroup(child, 'SIGTERM');
  const timer = sleep(graceMs).then(() => 'timeout' as const);
  if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout') {
    signalGroup(child, 'SIGKILL');
    await Promise.race([exited, sleep(2_000)]);
  }
  // Children of the server (extension host, pty host) share its group: make sure they go too.
  signalGroup(child, 'SIGKILL');
}
