import { normalizeJson } from '../compare/normalize';

/** Bodies larger than this are shown as plain text, unformatted. */
export const MAX_FORMATTED_BYTES = 5 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

export interface RenderedBody {
  readonly text: string;
  /** VS Code language id that fits the text. */
  readonly language: 'json' | 'plaintext';
  readonly binary: boolean;
}

/** Turns body bytes into text for a read-only document: JSON pretty-printed, binary as a hex summary. */
export function renderBody(bytes: Uint8Array, contentType: string | undefined): RenderedBody {
  if (bytes.length === 0) return { text: '', language: 'plaintext', binary: false };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    if (looksTextual(contentType)) return { text: lenientUtf8.decode(bytes), language: 'plaintext', binary: false };
    return { text: hexSummary(bytes), language: 'plaintext', binary: true };
  }
  if (bytes.length > MAX_FORMATTED_BYTES) return { text, language: 'plaintext', binary: false };
  const normalized = normalizeJson(text);
  if (normalized.kind === 'json') return { text: normalized.text, language: 'json', binary: false };
  return { text, language: 'plaintext', binary: false };
}

function looksTextual(contentType: string | undefined): boolean {
  return !!contentType && /^(text\/|application\/(json|xml|x-www-form-urlencoded)|.*\+(json|xml))/i.test(contentType);
}

/** Size and the first 256 bytes as a hex dump. */
export function hexSummary(bytes: Uint8Array): string {
  const shown = bytes.subarray(0, 256);
  const lines = [`Binary body, ${bytes.length} bytes. First ${shown.length} bytes:`];
  for (let offset = 0; offset < shown.length; offset += 16) {
    const row = Array.from(shown.subarray(offset, offset + 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${row}`);
  }
  return lines.join('\n');
}
