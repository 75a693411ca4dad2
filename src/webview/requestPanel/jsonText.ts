/**
 * JSON bodies as the user types them: checked with the error's line and column, and re-indented on demand without
 * parsing numbers (a big integer stays as written) and with `{{variables}}` left in place. No DOM: unit-tested in Node.
 */

export interface JsonProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** `{{name}}` becomes a number of the same length, so positions stay and a variable may stand for a value. */
function maskVariables(text: string): string {
  return text.replace(/\{\{[^{}]*\}\}/g, (match) => `1${'0'.repeat(match.length - 1)}`);
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}

/** Undefined when `text` is JSON (or empty); otherwise what is wrong and where. */
export function checkJson(text: string): JsonProblem | undefined {
  if (text.trim() === '') return undefined;
  try {
    JSON.parse(maskVariables(text));
    return undefined;
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const at = /at position (\d+)/.exec(raw);
    const offset = at ? Number(at[1]) : text.length;
    const message = raw.replace(/\s*(in JSON )?at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    return { message, ...lineColumn(text, offset) };
  }
}

/** Re-indents JSON text with two spaces, token by token; `{{variables}}` outside strings are copied as they are. */
export function formatJson(text: string): string {
  let out = '';
  let depth = 0;
  let i = 0;
  const newline = (): string => `\n${'  '.repeat(depth)}`;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '{' && text[i + 1] === '{') {
      const end = text.indexOf('}}', i);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let k = i + 1;
      while (k < text.length && /\s/.test(text[k] as string)) k++;
      if (text[k] === close) {
        out += c + close;
        i = k + 1;
        continue;
      }
      depth++;
      out += c + newline();
    } else if (c === '}' || c === ']') {
      depth = Math.max(0, depth - 1);
      out += newline() + c;
    } else if (c === ',') {
      out += c + newline();
    } else if (c === ':') {
      out += ': ';
    } else if (!/\s/.test(c)) {
      out += c;
    }
    i++;
  }
  return out;
}
