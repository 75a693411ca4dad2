import * as vscode from 'vscode';
import type { BodyLanguage } from '../../core/render/payload';

const EXTENSIONS: Record<BodyLanguage, string> = { json: '.json', xml: '.xml', form: '.properties', plaintext: '.txt' };

export const COMPARE_SCHEME = 'pushpull-compare';

/** Holds the normalised texts shown in diffs as read-only documents; the oldest are dropped past a bound. */
export class CompareDocumentProvider implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private sequence = 0;

  constructor(private readonly max = 100) {}

  /** Stores `text` and returns the URI it is served under; `title` becomes the tab label. */
  put(title: string, text: string, language: BodyLanguage): vscode.Uri {
    const safeTitle = title.replace(/[/\\?#]/g, '_').slice(0, 80);
    const extension = EXTENSIONS[language];
    const uri = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${++this.sequence}/${safeTitle}${extension}` });
    this.texts.set(uri.toString(), text);
    while (this.texts.size > this.max) {
      const oldest = this.texts.keys().next().value;
      if (oldest === undefined) break;
      this.texts.delete(oldest);
    }
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This comparison is no longer available; run Compare With… again.\n';
  }
}
