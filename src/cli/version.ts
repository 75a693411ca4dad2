import * as fs from 'node:fs';
import * as path from 'node:path';

let cachedVersion: string | undefined;

/** The version in package.json beside the bundle (dist/cli.js), or `dev` when it cannot be read. */
export function cliVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  try {
    const text = fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8');
    const { version: v } = JSON.parse(text) as { version?: unknown };
    cachedVersion = typeof v === 'string' && /^[\w.+-]{1,40}$/.test(v) ? v : 'dev';
  } catch {
    cachedVersion = 'dev';
  }
  return cachedVersion;
}
