import * as vscode from 'vscode';
import type { ParsedHttpFiles } from './parsedFiles';
import { lastLine, requestLabel, toRange } from './ranges';

/** The outline and breadcrumbs of a `.http` file: one symbol per request, by its name, title or request line. */
export class HttpOutline implements vscode.DocumentSymbolProvider {
  constructor(private readonly files: ParsedHttpFiles) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    return this.files.get(document).requests.map((request) => {
      const range = toRange(request.range);
      const line = toRange(request.requestLine);
      const detail = request.name !== null || request.title !== null ? `${request.method} ${request.url}` : '';
      // The selection must lie inside the whole range; a parser that ends a block early must not break the outline.
      const selection = range.contains(line) ? line : new vscode.Range(range.start, range.start);
      return new vscode.DocumentSymbol(
        requestLabel(request),
        detail.slice(0, 200),
        vscode.SymbolKind.Method,
        range,
        selection,
      );
    });
  }
}

/** One fold per request, from its first line (separator or comment) to its last. */
export class HttpFolding implements vscode.FoldingRangeProvider {
  constructor(private readonly files: ParsedHttpFiles) {}

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const ranges: vscode.FoldingRange[] = [];
    for (const request of this.files.get(document).requests) {
      const start = request.range.start.line;
      let end = lastLine(request.range);
      // Blank lines at the end of a block stay outside its fold, so a folded request shows the gap before the next.
      while (end > start && document.lineAt(Math.min(end, document.lineCount - 1)).isEmptyOrWhitespace) end--;
      if (end > start) ranges.push(new vscode.FoldingRange(start, end, vscode.FoldingRangeKind.Region));
    }
    return ranges;
  }
}
