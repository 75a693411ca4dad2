/**
 * The VS Code builds the harness knows how to install, as code-server npm packages.
 * Pinned on purpose: the hooks the harness relies on (`?payload=`, the smoke-test
 * driver, `codeAutomationExit`) are VS Code internals, not a public API.
 */
export interface RipgrepSeed {
  /** Version of the `@vscode/ripgrep` package in lib/vscode/npm-shrinkwrap.json. */
  readonly packageVersion: string;
  /** `VERSION` in @vscode/ripgrep's lib/postinstall.js (the GitHub release it downloads). */
  readonly assetVersion: string;
}

export interface VersionSpec {
  /** VS Code version inside the package, e.g. 1.139.1. */
  readonly vscode: string;
  /** code-server npm package version, e.g. 4.139.1. */
  readonly codeServer: string;
  /** Major version of Node the server (and its native modules) must run on. */
  readonly nodeMajor: number;
  /** Set when @vscode/ripgrep's postinstall would download rg from GitHub. */
  readonly ripgrep?: RipgrepSeed;
  /** Where VS Code's search finds rg, relative to lib/vscode/node_modules (checked after install). */
  readonly rgPath: string;
}

export const KNOWN_VERSIONS: readonly VersionSpec[] = [
  {
    vscode: '1.100.3',
    codeServer: '4.100.3',
    nodeMajor: 20,
    ripgrep: { packageVersion: '1.15.11', assetVersion: 'v13.0.0-10' },
    rgPath: '@vscode/ripgrep/bin/rg',
  },
  {
    vscode: '1.139.1',
    codeServer: '4.139.1',
    nodeMajor: 24,
    rgPath: '@vscode/ripgrep-universal/bin/linux-x64/rg',
  },
];

export const DEFAULT_TEST_VERSIONS = '1.100.3,1.139.1';
export const DEFAULT_UI_VERSIONS = '1.100.3,1.139.1';
export const DEFAULT_START_VERSION = '1.139.1';

/** Accepts a VS Code version (1.139.1) or a code-server version (4.139.1). */
export function resolveVersion(version: string): VersionSpec {
  const wanted = version.trim();
  const spec = KNOWN_VERSIONS.find((v) => v.vscode === wanted || v.codeServer === wanted);
  if (!spec) {
    const known = KNOWN_VERSIONS.map((v) => `${v.vscode} (code-server ${v.codeServer})`).join(', ');
    throw new Error(`Unknown VS Code version "${wanted}". Known versions: ${known}.`);
  }
  return spec;
}

/** Parses a comma-separated list such as "1.100.3,1.139.1" from an env variable. */
export function versionsFromEnv(name: string, fallback: string): VersionSpec[] {
  const raw = process.env[name]?.trim() || fallback;
  const specs = raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0)
    .map(resolveVersion);
  if (specs.length === 0) {
    throw new Error(`${name} lists no versions ("${raw}").`);
  }
  return specs;
}
