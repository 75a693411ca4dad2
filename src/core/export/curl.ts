import type { HookMeta } from '../hooks/capture';
import { replayHeaders, utf8Text } from './shared';

/** A shell word: single-quoted, or ANSI-C `$'…'` quoted when it holds bytes a plain quote cannot carry. */
export function shellQuote(bytes: Uint8Array | string): string {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  const text = utf8Text(data);
  if (text !== undefined && !hasControlBytes(data)) return `'${text.replace(/'/g, `'\\''`)}'`;
  let out = "$'";
  for (const b of data) {
    if (b === 0x27) out += "\\'";
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}'`;
}

/** Bytes other than tab and newline below 0x20, or DEL: they need escapes to survive a shell. */
function hasControlBytes(data: Uint8Array): boolean {
  return data.some((b) => (b < 0x20 && b !== 0x09 && b !== 0x0a) || b === 0x7f);
}

/** A curl command that sends the same method, URL, headers and exact body bytes to `url` (default: where it came). */
export function toCurl(hook: HookMeta, body: Uint8Array, url = hook.fullUrl): string {
  const parts = [`curl -X ${hook.method} ${shellQuote(url)}`];
  for (const [name, value] of replayHeaders(hook)) parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  // A command-line argument cannot hold a NUL byte: such bodies are piped in through printf instead.
  const piped = body.includes(0);
  if (body.length > 0) parts.push(`--data-binary ${piped ? '@-' : shellQuote(body)}`);
  const command = parts.join(' \\\n  ');
  return piped ? `printf '%b' '${octalEscapes(body)}' | ${command}` : command;
}

/** Every byte as a `\0ddd` escape, which POSIX printf's %b understands in any shell. */
function octalEscapes(body: Uint8Array): string {
  let out = '';
  for (const b of body) out += `\\0${b.toString(8).padStart(3, '0')}`;
  return out;
}
