import * as vscode from 'vscode';
import type { HttpFile } from '../../core/httpFile/types';
import { Disposable } from '../disposable';

/** The parser: text in, parsed file out (problems are data, it never throws). */
export type ParseHttpFile = (text: string) => HttpFile;

interface Parsed {
  readonly version: number;
  readonly file: HttpFile;
}

/**
 * Each open `.http` document parsed once per version: CodeLens, outline, folding, diagnostics, hover and completion
 * all ask here, so a keystroke in a 10,000-request file costs one parse, not one per provider.
 */
export class ParsedHttpFiles extends Disposable {
  private readonly parsed = new Map<string, Parsed>();

  constructor(private readonly parse: ParseHttpFile) {
    super();
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.parsed.delete(document.uri.toString())));
  }

  /** The document as parsed at its current version. */
  get(document: vscode.TextDocument): HttpFile {
    const key = document.uri.toString();
    const cached = this.parsed.get(key);
    if (cached && cached.version === document.version) return cached.file;
    this.count++;
    const file = this.parse(document.getText());
    this.parsed.set(key, { version: document.version, file });
    return file;
  }

  /** How many parses ran (for tests: a second provider asking at the same version adds none). */
  get parses(): number {
    return this.count;
  }

  private count = 0;
}
