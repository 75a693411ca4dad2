import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root (this file compiles to out/scripts/vscode/paths.js). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export function repoPath(...parts: string[]): string {
  return path.join(REPO_ROOT, ...parts);
}

/** Throws a message naming the command that makes `file` when it is missing. */
export function requireFile(file: string, howToMake: string): string {
  if (!fs.existsSync(file)) {
    throw new Error(`${path.relative(REPO_ROOT, file) || file} is missing: ${howToMake}`);
  }
  return file;
}

/** Reads a number from the environment, or `fallback` when unset; throws on garbage. */
export function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}".`);
  }
  return value;
}
