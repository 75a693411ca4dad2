import * as vscode from 'vscode';
import type { BodyLanguage } from '../core/render/payload';

const EXTENSIONS: Record<BodyLanguage, string> = { json: '.json', xml: '.xml', form: '.properties', plaintext: '.txt' };

/**
 * The scheme of the read-only documents PushPull makes. It says "compare" because Compare With… was their first
 * use; it stays, as tabs restored after a reload and the extension's tests name it.
 */
export const READ_ONLY_DOCUMENT_SCHEME = 'pushpull-compare';

/**
 * Serves the read-only documents that commands make: the normalised sides of Compare With… diffs, a response
 * body opened from the request panel (Open in Editor) and the answers of Replay To…. The oldest are dropped past
 * a bound.
 */
export class ReadOnlyDocumentProvider implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private sequence = 0;

  constructor(private readonly max = 100) {}

  /** Stores `text` and returns the URI it is served under; `title` becomes the tab label. */
  put(title: string, text: string, language: BodyLanguage): vscode.Uri {
    const safeTitle = title.replace(/[/\\?#]/g, '_').slice(0, 80);
    const extension = EXTENSIONS[language];
    const uri = vscode.Uri.from({
      scheme: READ_ONLY_DOCUMENT_SCHEME,
      path: `/${++this.sequence}/${safeTitle}${extension}`,
    });
    this.texts.set(uri.toString(), text);
    while (this.texts.size > this.max) {
      const oldest = this.texts.keys().next().value;
      if (oldest === undefined) break;
      this.texts.delete(oldest);
    }
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.toString()) ?? 'This document is no longer available; run the command that made it again.\n'
    );
  }
}
