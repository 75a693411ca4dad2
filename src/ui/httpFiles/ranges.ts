import * as vscode from 'vscode';
import type { HttpRange, HttpRequestBlock } from '../../core/httpFile/types';

/** A parser range (0-based lines and columns, end exclusive) as VS Code's. */
export function toRange(range: HttpRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.column, range.end.line, range.end.column);
}

/** The last line a range covers: an end at column 0 belongs to the line before. */
export function lastLine(range: HttpRange): number {
  return range.end.column === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
}

/** How a request is called in the outline, lenses and messages: its name, its title, or its request line. */
export function requestLabel(request: HttpRequestBlock): string {
  const label = request.name ?? request.title ?? `${request.method} ${request.url}`;
  return label.trim().slice(0, 200) || `${request.method} ${request.url}`.slice(0, 200);
}

/** The request whose lines hold `line` (0-based); else the nearest one above it; undefined before the first. */
export function requestAt<T extends { readonly range: HttpRange }>(
  requests: readonly T[],
  line: number,
): T | undefined {
  // Requests are in file order: a binary search keeps this quick in a file of 10,000 requests.
  let low = 0;
  let high = requests.length - 1;
  let found: T | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const request = requests[middle]!;
    if (request.range.start.line <= line) {
      found = request;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}
