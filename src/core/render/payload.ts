import MIMEType from 'whatwg-mimetype/lib/mime-type.js';
import { canonicalJson } from '../json/canonical';
import { prettyJson } from '../json/pretty';
import { formatForm } from './form';
import { formatXml } from './xml';

/** Bodies larger than this are shown as plain text, unformatted. */
export const MAX_FORMATTED_BYTES = 5 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

export type BodyLanguage = 'json' | 'xml' | 'form' | 'plaintext';

export interface RenderedBody {
  readonly text: string;
  readonly language: BodyLanguage;
  readonly binary: boolean;
}

export interface RenderOptions {
  /** Sort object keys (for comparisons); otherwise keys keep the order they came in. */
  readonly sortKeys?: boolean;
}

/** Turns body bytes into text by content type: JSON, XML and forms formatted, binary as a hex summary. */
export function renderBody(
  bytes: Uint8Array,
  contentType: string | undefined,
  options: RenderOptions = {},
): RenderedBody {
  if (bytes.length === 0) return { text: '', language: 'plaintext', binary: false };
  let text: string;
  try {
    text = (declaredDecoder(contentType) ?? utf8).decode(bytes);
  } catch {
    if (looksTextual(contentType)) return { text: lenientUtf8.decode(bytes), language: 'plaintext', binary: false };
    return { text: hexSummary(bytes), language: 'plaintext', binary: true };
  }
  if (bytes.length > MAX_FORMATTED_BYTES) return { text, language: 'plaintext', binary: false };
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('x-www-form-urlencoded')) return { text: formatForm(text), language: 'form', binary: false };
  if (/[/+]xml\b/.test(type) || (!type && text.trimStart().startsWith('<?xml'))) {
    return { text: formatXml(text) ?? text, language: 'xml', binary: false };
  }
  if (options.sortKeys) {
    const canonical = canonicalJson(text);
    return { text: canonical.text, language: canonical.kind === 'json' ? 'json' : 'plaintext', binary: false };
  }
  const pretty = prettyJson(text);
  return pretty === undefined
    ? { text, language: 'plaintext', binary: false }
    : { text: pretty, language: 'json', binary: false };
}

/**
 * The decoder for the `charset` a textual Content-Type declares, when it is a known encoding other than UTF-8.
 * JSON is UTF-8 whatever it declares (RFC 8259), and a body that is not valid in its charset falls back to
 * the usual way, so a wrong label neither garbles JSON nor hides a binary body.
 */
function declaredDecoder(contentType: string | undefined): InstanceType<typeof TextDecoder> | undefined {
  if (!contentType || !looksTextual(contentType)) return undefined;
  const type = MIMEType.parse(contentType);
  const charset = type?.parameters.get('charset');
  if (!type || !charset || type.essence === 'application/json' || type.subtype.endsWith('+json')) return undefined;
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    return undefined;
  }
  return decoder.encoding === 'utf-8' ? undefined : decoder;
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
