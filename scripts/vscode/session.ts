import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Settings every harness run starts with: nothing pops up, nothing phones home. */
export const BASE_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'remote.autoForwardPorts': false,
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * One isolated set of folders per run (user data, extensions, workspace, browser
 * profile, HOME, TMPDIR, XDG), so runs never share state and can run side by side.
 */
export class Session {
  readonly root: string;
  readonly userData: string;
  readonly extensions: string;
  readonly workspace: string;
  readonly browserProfile: string;
  readonly home: string;
  readonly tmp: string;
  readonly logs: string;
  private disposed = false;

  constructor(label: string, settings: Readonly<Record<string, unknown>> = {}) {
    const safe = label.replace(/[^A-Za-z0-9.-]/g, '_');
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `pushpull-${safe}-`));
    this.userData = this.dir('user-data');
    this.extensions = this.dir('extensions');
    this.workspace = this.dir('workspace');
    this.browserProfile = this.dir('browser-profile');
    this.home = this.dir('home');
    this.tmp = this.dir('tmp');
    this.logs = this.dir('logs');
    for (const sub of ['config', 'data', 'cache']) {
      this.dir(path.join('xdg', sub));
    }
    this.writeSettings(settings);
  }

  /** Writes User/settings.json (the workbench) and Machine/settings.json (the remote host). */
  writeSettings(extra: Readonly<Record<string, unknown>>): void {
    const json = `${JSON.stringify({ ...BASE_SETTINGS, ...extra }, null, 2)}\n`;
    for (const scope of ['User', 'Machine']) {
      const folder = path.join(this.userData, scope);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'settings.json'), json);
    }
  }

  /** Environment for processes of this session (server, CLI): HOME, TMPDIR and XDG inside it. */
  env(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return {
      ...base,
      HOME: this.home,
      TMPDIR: this.tmp,
      XDG_CONFIG_HOME: path.join(this.root, 'xdg', 'config'),
      XDG_DATA_HOME: path.join(this.root, 'xdg', 'data'),
      XDG_CACHE_HOME: path.join(this.root, 'xdg', 'cache'),
      // A gallery without a service URL: VS Code treats the marketplace as absent and never calls it.
      EXTENSIONS_GALLERY: '{}',
    };
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    if (process.env.PUSHPULL_KEEP_TEMP === '1') {
      process.stderr.write(`[pushpull-vscode] keeping ${this.root} (PUSHPULL_KEEP_TEMP=1)\n`);
      return;
    }
    fs.rmSync(this.root, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
  }

  private dir(name: string): string {
    const full = path.join(this.root, name);
    fs.mkdirSync(full, { recursive: true });
    return full;
  }
}
