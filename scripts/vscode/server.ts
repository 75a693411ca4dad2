import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { CodeServerInstall } from './install';
import { freePort, killProcessGroup, note, sleep, tailFile } from './proc';
import { Session } from './session';

/**
 * `vscode-server`: the plain VS Code server inside code-server (server-main.js), the
 * same on every version and able to enable the smoke-test driver.
 * `code-server`: code-server's own CLI (entry.js), what people run.
 */
export type ServerFlavor = 'vscode-server' | 'code-server';

export interface ServerOptions {
  readonly install: CodeServerInstall;
  readonly session: Session;
  readonly flavor?: ServerFlavor;
  /** Needed for extension tests on 1.139 (the workbench ignores `payload` otherwise). Hides toasts. */
  readonly smokeTestDriver?: boolean;
  /** Defaults to a free port. */
  readonly port?: number;
  /** Echo the server's own output to stderr as it comes (default: env PUSHPULL_VERBOSE=1). */
  readonly echo?: boolean;
  readonly readyTimeoutMs?: number;
}

export interface RunningServer {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  readonly logFile: string;
  /** The workbench URL opening `folder` (an absolute path on this machine). */
  folderUrl(folder: string, payload?: ReadonlyArray<readonly [string, string]>): string;
  /** A `vscode-remote://` URI for a path on this machine, as the workbench expects in payloads. */
  remoteUri(absolutePath: string): string;
  /** Settles with a reason when the server process ends (for whatever cause). */
  readonly exited: Promise<string>;
  stop(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { install, session } = options;
  const flavor = options.flavor ?? 'vscode-server';
  const port = options.port ?? (await freePort());
  const args = serverArgs(options, flavor, port);
  const logFile = path.join(session.logs, `server-${port}.log`);
  const log = fs.createWriteStream(logFile);
  const child = spawn(install.node, args, {
    cwd: session.workspace,
    env: session.env(),
    detached: true, // own process group, so stop() reaches the extension host and pty host too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<string>((resolve) => {
    child.once('error', (err) => resolve(`could not be started: ${err.message}`));
    child.once('exit', (code, signal) => resolve(`exited (${signal ?? `code ${String(code)}`})`));
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (options.echo ?? process.env.PUSHPULL_VERBOSE === '1') {
        process.stderr.write(chunk);
      }
    });
  }
  const origin = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await killProcessGroup(child);
    await new Promise<void>((resolve) => log.end(() => resolve()));
  };
  try {
    await waitUntilReady(origin, flavor, exited, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `VS Code ${install.vscodeVersion} server (${flavor}) on port ${port} ${message}\n` +
        `--- last lines of ${logFile} ---\n${tailFile(logFile)}`,
      { cause: error },
    );
  }
  return {
    port,
    origin,
    logFile,
    folderUrl: (folder, payload) => {
      // Slashes stay readable; everything else that could break the query is escaped.
      const query = `folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;
      return `${origin}/?${query}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
    },
    remoteUri: (absolutePath) => `vscode-remote://127.0.0.1:${port}${absolutePath}`,
    exited,
    stop,
  };
}

function serverArgs(options: ServerOptions, flavor: ServerFlavor, port: number): string[] {
  const { install, session } = options;
  const common = ['--user-data-dir', session.userData, '--extensions-dir', session.extensions];
  if (flavor === 'vscode-server') {
    return [
      install.serverMain,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      ...common,
      ...(options.smokeTestDriver ? ['--enable-smoke-test-driver'] : []),
    ];
  }
  if (options.smokeTestDriver && install.codeServerVersion.startsWith('4.100.')) {
    throw new Error('code-server 4.100 cannot pass --vscode-option; use the vscode-server flavor for tests.');
  }
  return [
    install.entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...common,
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    session.workspace,
  ];
}

/** Polls until the server answers HTTP (code-server: /healthz; VS Code server: /). */
async function waitUntilReady(
  origin: string,
  flavor: ServerFlavor,
  exited: Promise<string>,
  timeoutMs: number,
): Promise<void> {
  const url = `${origin}${flavor === 'code-server' ? '/healthz' : '/'}`;
  const deadline = Date.now() + timeoutMs;
  let early: string | undefined;
  void exited.then((why) => (early = why));
  while (Date.now() < deadline) {
    if (early !== undefined) {
      throw new Error(`${early} before it was ready`);
    }
    const status = await httpStatus(url);
    if (status !== undefined && status < 500) {
      return;
    }
    await sleep(250);
  }
  throw new Error(`did not answer ${url} within ${Math.round(timeoutMs / 1000)} s`);
}

function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

/** Installs a .vsix into the session's extensions folder with code-server's CLI (offline). */
export function installVsix(install: CodeServerInstall, session: Session, vsix: string): Promise<string> {
  const args = [
    install.entry,
    '--user-data-dir',
    session.userData,
    '--extensions-dir',
    session.extensions,
    '--install-extension',
    vsix,
    '--force',
  ];
  return new Promise((resolve, reject) => {
    execFile(install.node, args, { env: session.env(), timeout: 120_000 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      if (error) {
        reject(
          new Error(`Installing ${vsix} into VS Code ${install.vscodeVersion} failed: ${error.message}\n${output}`),
        );
        return;
      }
      note(`  ${output.split('\n').slice(-1)[0] ?? 'installed'}`);
      resolve(output);
    });
  });
}
