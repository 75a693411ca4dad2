import * as fs from 'node:fs';
import { findExecutable } from './proc';

const INSTALL_HINT =
  'Run scripts/vscode/install-system.sh (as root) to install the system packages the VS Code tests need.';

/** Tools code-server's postinstall needs to build its native modules from source. */
export function checkBuildTools(needRipgrep: boolean): void {
  const missing: string[] = [];
  for (const tool of ['make', 'g++', 'python3', 'pkg-config', 'tar']) {
    if (!findExecutable(tool)) {
      missing.push(tool);
    }
  }
  if (!findExecutable('krb5-config') && !fs.existsSync('/usr/include/gssapi/gssapi.h')) {
    missing.push('Kerberos headers (libkrb5-dev)');
  }
  if (needRipgrep && !findExecutable('rg')) {
    missing.push('rg (ripgrep)');
  }
  if (!findExecutable('npm')) {
    missing.push('npm');
  }
  if (missing.length > 0) {
    throw new Error(`Cannot install code-server: missing ${missing.join(', ')}. ${INSTALL_HINT}`);
  }
}

/** The Chromium binary playwright-core drives; never downloaded by playwright. */
export function findChromium(): string {
  const override = process.env.PUSHPULL_CHROMIUM?.trim();
  const candidates = override ? [override] : ['chromium', 'chromium-browser', 'google-chrome'];
  for (const candidate of candidates) {
    const found = findExecutable(candidate);
    if (found) {
      return found;
    }
  }
  const where = override ? `at PUSHPULL_CHROMIUM=${override}` : 'on PATH (chromium, chromium-browser)';
  throw new Error(`Chromium not found ${where}. ${INSTALL_HINT}`);
}
