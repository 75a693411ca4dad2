/**
 * `npm start`: packages PushPull, installs it into a real VS Code (code-server) with a
 * sample workspace and serves it on 127.0.0.1 until Ctrl+C.
 * Env: PUSHPULL_VSCODE_VERSION (default 1.139.1), PORT (default: a free port),
 * PUSHPULL_VSIX (install this .vsix instead of running `npm run package`).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer } from './install';
import { repoPath, requireFile } from './paths';
import { freePort, note } from './proc';
import { installVsix, RunningServer, startServer } from './server';
import { Session } from './session';
import { DEFAULT_START_VERSION, resolveVersion } from './versions';

async function main(): Promise<void> {
  const spec = resolveVersion(process.env.PUSHPULL_VSCODE_VERSION?.trim() || DEFAULT_START_VERSION);
  const port = await portFromEnv();
  const install = await ensureCodeServer(spec.vscode);
  const vsix = await packagedExtension();

  const session = new Session('start');
  let server: RunningServer | undefined;
  let stopping = false;
  const shutdown = async (code: number): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    note('Stopping VS Code…');
    await server?.stop().catch(() => undefined);
    session.dispose();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    createSampleWorkspace(session.workspace);
    await installVsix(install, session, vsix);
    server = await startServer({ install, session, flavor: 'code-server', port });
  } catch (error) {
    note(error instanceof Error ? error.message : String(error));
    await shutdown(1);
    return;
  }
  console.log('');
  console.log(`PushPull is running in VS Code at ${server.folderUrl(session.workspace)}`);
  console.log(`(VS Code ${spec.vscode}, code-server ${spec.codeServer}.) Open it in a browser; press Ctrl+C to stop.`);
  console.log('');
  const why = await server.exited;
  if (!stopping) {
    note(`VS Code ${why}. Server log: ${server.logFile}`);
    await shutdown(1);
  }
}

async function packagedExtension(): Promise<string> {
  const given = process.env.PUSHPULL_VSIX?.trim();
  if (given) {
    return requireFile(path.resolve(given), 'PUSHPULL_VSIX names a file that does not exist.');
  }
  // Always repackage: `npm start` has just rebuilt dist/, so a staleness check would always say "stale".
  await runNpm(['run', 'package']);
  return requireFile(repoPath('dist', 'pushpull.vsix'), '`npm run package` did not produce it.');
}

async function portFromEnv(): Promise<number> {
  const raw = process.env.PORT?.trim();
  if (!raw) {
    return freePort();
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PORT must be a port number (1-65535), got "${raw}".`);
  }
  return port;
}

function runNpm(args: string[]): Promise<void> {
  note(`npm ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
      cwd: repoPath(),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm ${args.join(' ')} failed (exit ${String(code)}).`)),
    );
  });
}

/** test/fixtures/sample-workspace when present, else a README.md and an example.http. */
function createSampleWorkspace(target: string): void {
  const fixture = repoPath('test', 'fixtures', 'sample-workspace');
  if (fs.existsSync(fixture)) {
    fs.cpSync(fixture, target, { recursive: true });
    return;
  }
  fs.writeFileSync(
    path.join(target, 'README.md'),
    '# PushPull sample\n\nRun **PushPull: Start Listener** (F1), then send a webhook:\n\n' +
      '    curl -X POST http://127.0.0.1:8787/github/push -H \'content-type: application/json\' -d \'{"ref":"refs/heads/main"}\'\n',
  );
  fs.writeFileSync(
    path.join(target, 'example.http'),
    '### A webhook to the local listener\nPOST http://127.0.0.1:8787/github/push\nContent-Type: application/json\n\n{"ref": "refs/heads/main"}\n',
  );
}

main().catch((error: unknown) => {
  note(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
