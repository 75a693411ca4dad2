import * as vscode from 'vscode';
import type { SecretLookup } from '../../core/hooks/signing';
import { Disposable } from '../disposable';

const PREFIX = 'pushpull.signingSecret.';

/**
 * Signing secrets of routes, kept in VS Code's SecretStorage (never in settings or the hook store).
 * Loaded into memory when the listener starts, so each hook is checked without waiting.
 */
export class SigningSecrets extends Disposable {
  private readonly loaded = new Map<string, string>();

  constructor(private readonly storage: vscode.SecretStorage) {
    super();
    this._register(
      storage.onDidChange(async ({ key }) => {
        if (!key.startsWith(PREFIX)) return;
        const route = key.slice(PREFIX.length);
        const value = await storage.get(key);
        if (value) this.loaded.set(route, value);
        else this.loaded.delete(route);
      }),
    );
  }

  /** Reads the secrets of these routes from SecretStorage. */
  async load(routes: readonly string[]): Promise<void> {
    await Promise.all(
      routes.map(async (route) => {
        const value = await this.storage.get(PREFIX + route);
        if (value) this.loaded.set(route, value);
        else this.loaded.delete(route);
      }),
    );
  }

  readonly lookup: SecretLookup = (route) => this.loaded.get(route);

  async has(route: string): Promise<boolean> {
    return (await this.storage.get(PREFIX + route)) !== undefined;
  }

  async set(route: string, secret: string): Promise<void> {
    await this.storage.store(PREFIX + route, secret);
    this.loaded.set(route, secret);
  }

  async remove(route: string): Promise<void> {
    await this.storage.delete(PREFIX + route);
    this.loaded.delete(route);
  }
}
