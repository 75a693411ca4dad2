import MIMEType from 'whatwg-mimetype/lib/mime-type.js';
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

/**
 * A body's bytes read as text by its content type. `shown` is final: empty, binary (as a hex summary), too large
 * to format, a form or XML. `text` is JSON or plain text, which the display lays out with `prettyJson` and a
 * comparison with `canonicalJson`.
 */
export type DecodedBody =
  { readonly kind: 'shown'; readonly body: RenderedBody } | { readonly kind: 'text'; readonly text: string };

/** Turns body bytes into text by content type for display: JSON, XML and forms formatted, binary as a hex summary. */
export function renderBody(bytes: Uint8Array, contentType: string | undefined): RenderedBody {
  const decoded = decodeBody(bytes, contentType);
  if (decoded.kind === 'shown') return decoded.body;
  const pretty = prettyJson(decoded.text);
  return pretty === undefined
    ? { text: decoded.text, language: 'plaintext', binary: false }
    : { text: pretty, language: 'json', binary: false };
}

/** Decodes body bytes by content type and formats what is not JSON; JSON is left to the caller. */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined): DecodedBody {
  const shown = (body: RenderedBody): DecodedBody => ({ kind: 'shown', body });
  if (bytes.length === 0) return shown({ text: '', language: 'plaintext', binary: false });
  let text: string;
  try {
    text = (declaredDecoder(contentType) ?? utf8).decode(bytes);
  } catch {
    const textual = looksTextual(contentType);
    return shown({
      text: textual ? lenientUtf8.decode(bytes) : hexSummary(bytes),
      language: 'plaintext',
      binary: !textual,
    });
  }
  if (bytes.length > MAX_FORMATTED_BYTES) return shown({ text, language: 'plaintext', binary: false });
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('x-www-form-urlencoded')) return shown({ text: formatForm(text), language: 'form', binary: false });
  if (/[/+]xml\b/.test(type) || (!type && text.trimStart().startsWith('<?xml'))) {
    return shown({ text: formatXml(text) ?? text, language: 'xml', binary: false });
  }
  return { kind: 'text', text };
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
