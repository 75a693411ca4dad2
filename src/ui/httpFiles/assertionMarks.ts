import * as vscode from 'vscode';
import { unsafeChars } from '../../core/unsafeChars';
import { Disposable } from '../disposable';

/** One `??` line's result, as the runner reports it (0-based line). */
export interface AssertionMark {
  readonly line: number;
  readonly passed: boolean;
  readonly message: string;
}

const UNSAFE = unsafeChars('\\t');

/** Longest text shown after a line: a failure message quoting a hostile body is cut. */
const MAX_SHOWN = 120;

function shown(text: string): string {
  // Control characters and bidirectional overrides from a response never reach the editor's text.
  const plain = text.replace(UNSAFE, ' ');
  return plain.length > MAX_SHOWN ? `${plain.slice(0, MAX_SHOWN - 1)}…` : plain;
}

/**
 * Pass/fail marks at the end of the `??` lines of the last send from each `.http` file, in the theme's colours
 * (`pushpull.assertionPassed`, `pushpull.assertionFailed`). An edit to the file takes its marks away: the lines
 * they stood on may have moved.
 */
export class AssertionMarks extends Disposable {
  private readonly passed = this._register(
    vscode.window.createTextEditorDecorationType({
      after: { color: new vscode.ThemeColor('pushpull.assertionPassed'), margin: '0 0 0 1.5em' },
    }),
  );
  private readonly failed = this._register(
    vscode.window.createTextEditorDecorationType({
      after: { color: new vscode.ThemeColor('pushpull.assertionFailed'), margin: '0 0 0 1.5em' },
      overviewRulerColor: new vscode.ThemeColor('pushpull.assertionFailed'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
    }),
  );
  private readonly marks = new Map<string, readonly AssertionMark[]>();

  constructor() {
    super();
    this._register(vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.apply(e))));
    this._register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && this.marks.delete(event.document.uri.toString())) {
          this.applyTo(event.document.uri);
        }
      }),
    );
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.marks.delete(d.uri.toString())));
  }

  /** Adds (or replaces, line by line) the marks of `uri`. */
  set(uri: vscode.Uri, marks: readonly AssertionMark[]): void {
    const byLine = new Map((this.marks.get(uri.toString()) ?? []).map((mark) => [mark.line, mark]));
    for (const mark of marks) byLine.set(mark.line, mark);
    this.marks.set(uri.toString(), [...byLine.values()]);
    this.applyTo(uri);
  }

  /** The marks `uri` shows now (for tests). */
  get(uri: vscode.Uri): readonly AssertionMark[] {
    return this.marks.get(uri.toString()) ?? [];
  }

  private applyTo(uri: vscode.Uri): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === uri.toString()) this.apply(editor);
    }
  }

  private apply(editor: vscode.TextEditor): void {
    const marks = this.marks.get(editor.document.uri.toString()) ?? [];
    const decorations = (passed: boolean): vscode.DecorationOptions[] =>
      marks
        .filter((mark) => mark.passed === passed && mark.line < editor.document.lineCount)
        .map((mark) => {
          const end = editor.document.lineAt(mark.line).range.end;
          const text = passed ? '✓ passed' : `✗ ${shown(mark.message) || 'failed'}`;
          return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: text } } };
        });
    editor.setDecorations(this.passed, decorations(true));
    editor.setDecorations(this.failed, decorations(false));
  }
}
