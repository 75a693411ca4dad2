import type * as vscode from 'vscode';
import type { SecretField } from '../../webview/requestPanel/panelProtocol';

export const SECRET_FIELDS: readonly SecretField[] = ['password', 'token', 'apiKeyValue', 'clientSecret'];
/** Where the client certificate's PFX passphrase is kept. */
export const CLIENT_CERT_PASSPHRASE_KEY = 'pushpull.request.clientCertificatePassphrase';
/** The drafts that have stored secrets, so they can all be cleared (SecretStorage cannot list its keys). */
const DRAFTS_KEY = 'pushpull.request.secretDrafts';
/** Most drafts remembered; the oldest are forgotten (their secrets stay until cleared by name). */
const MAX_DRAFTS = 10_000;

export function secretKey(draftId: string, field: SecretField): string {
  return `pushpull.request.${draftId}.${field}`;
}

/**
 * The request panels' secret values (passwords, tokens, API keys, client secrets) in VS Code's SecretStorage under
 * `pushpull.request.<draftId>.<field>`: never in a draft, the page's state, the log or the history.
 */
export class RequestSecrets {
  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly memento: vscode.Memento,
  ) {}

  /** Stores `value` (an empty value removes the secret). */
  async set(draftId: string, field: SecretField, value: string): Promise<void> {
    if (value === '') {
      await this.storage.delete(secretKey(draftId, field));
      return;
    }
    await this.storage.store(secretKey(draftId, field), value);
    const drafts = this.drafts();
    if (!drafts.includes(draftId)) await this.memento.update(DRAFTS_KEY, [...drafts, draftId].slice(-MAX_DRAFTS));
  }

  /** Every secret of a draft that is set. */
  async values(draftId: string): Promise<Partial<Record<SecretField, string>>> {
    const values: Partial<Record<SecretField, string>> = {};
    for (const field of SECRET_FIELDS) {
      const value = await this.storage.get(secretKey(draftId, field));
      if (value) values[field] = value;
    }
    return values;
  }

  /** Which secrets of a draft are set (their values stay here). */
  async which(draftId: string): Promise<SecretField[]> {
    return Object.keys(await this.values(draftId)) as SecretField[];
  }

  /** Removes every request secret PushPull stored; resolves with how many drafts had some. */
  async clearAll(): Promise<number> {
    const drafts = this.drafts();
    for (const draftId of drafts) {
      for (const field of SECRET_FIELDS) await this.storage.delete(secretKey(draftId, field));
    }
    await this.memento.update(DRAFTS_KEY, []);
    return drafts.length;
  }

  private drafts(): string[] {
    const value = this.memento.get<unknown>(DRAFTS_KEY);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }
}
