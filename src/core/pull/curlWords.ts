import { parse } from 'shell-quote';
import { PushPullError } from '../errors';

export class CurlImportError extends PushPullError {
  constructor(message: string) {
    super('CURL_IMPORT_FAILED', message);
  }
}

/** Pasted commands longer than this are not read (splitting shell words takes about 0.15 s per MB). */
export const MAX_CURL_COMMAND_CHARS = 256 * 1024;

export interface CurlWords {
  /** The words after `curl`, quotes and escapes undone; `$NAME` left as written. */
  readonly words: readonly string[];
  /** What the command does after curl's own words (`| jq …`), named so it is not dropped silently. */
  readonly rest?: string;
}

/**
 * The shell words of a pasted `curl …` command (split by shell-quote's `parse`), after joining lines continued
 * with `\` (POSIX shells), `^` (Windows cmd) or `` ` `` (PowerShell), and undoing cmd's `^` escapes when the
 * command was copied for cmd. Throws a CurlImportError with a sentence when it is not a curl command.
 */
export function curlWords(command: string): CurlWords {
  if (command.length > MAX_CURL_COMMAND_CHARS) {
    throw new CurlImportError(
      `The command is longer than ${MAX_CURL_COMMAND_CHARS / 1024} KB. Put a large body in a file and ` +
        'send it with --data-binary @file, or choose the file as a binary body.',
    );
  }
  let text = command.replace(/\r\n?/g, '\n').trim();
  text = text.replace(/\\\n/g, '').replace(/(^|[ \t])[\^`]\n/g, '$1 ');
  // Copied for cmd (as browsers write it: `curl ^"https://…^"`): every special character is escaped with ^.
  if (/^(\$\s+)?\S*curl(\.exe)?\s+\^"/i.test(text)) text = text.replace(/\^([\s\S])/g, '$1');
  text = text.replace(/^\$\s+/, '');
  const open = unclosedQuote(text);
  if (open) throw new CurlImportError(`The command has a ${open} quote that is never closed.`);
  const entries = parse(text, (name) => `$${name}`);
  const words: string[] = [];
  let rest: string | undefined;
  for (const [index, entry] of entries.entries()) {
    if (typeof entry === 'string') words.push(entry);
    else if ('comment' in entry) break;
    else if (entry.op === 'glob') words.push(entry.pattern);
    else {
      rest = `${entry.op} ${entries
        .slice(index + 1)
        .filter((e) => typeof e === 'string')
        .join(' ')}`.trim();
      break;
    }
  }
  const first = words.shift();
  if (first === undefined || !/(^|[/\\])curl(\.exe)?$/i.test(first)) {
    const start = first === undefined ? 'nothing' : `"${first.slice(0, 40)}"`;
    throw new CurlImportError(`This is not a curl command: it starts with ${start} instead of curl.`);
  }
  return rest === undefined ? { words } : { words, rest };
}

/** The kind of quote left open at the end of `text` ('single', 'double'), or undefined when all are closed. */
function unclosedQuote(text: string): 'single' | 'double' | undefined {
  let state: 'none' | 'single' | 'double' | 'ansi' = 'none';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (state === 'single') {
      if (c === "'") state = 'none';
    } else if (state === 'ansi' || state === 'double') {
      if (c === '\\') i++;
      else if ((state === 'ansi' && c === "'") || (state === 'double' && c === '"')) state = 'none';
    } else if (c === '\\') i++;
    else if (c === "'") state = text[i - 1] === '$' ? 'ansi' : 'single';
    else if (c === '"') state = 'double';
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end;
    }
  }
  return state === 'none' ? undefined : state === 'double' ? 'double' : 'single';
}
