import { unicodeEscape } from '../unsafeChars';

/** A plausible form of the body as the provider originally sent it, derived from what arrived. */
export interface BodyVariant {
  readonly bytes: Buffer;
  /** Completes "the signature matches this body …". */
  readonly description: string;
}

/**
 * Bodies larger than this get no re-serialisation guesses: there are up to about 40 guesses, each a copy of
 * the body checked against the signature (one HMAC, or one ed25519 check per signature), all synchronous.
 */
export const MAX_VARIANT_BODY = 64 * 1024;

const LAYOUTS: ReadonlyArray<readonly [string, (value: unknown) => string]> = [
  ['as compact JSON', (v) => JSON.stringify(v)],
  ['as JSON with ", " and ": " separators (Python style)', pythonStyle],
  ['as JSON indented with 2 spaces', (v) => JSON.stringify(v, null, 2)],
  ['as JSON indented with 4 spaces', (v) => JSON.stringify(v, null, 4)],
  ['as JSON indented with tabs', (v) => JSON.stringify(v, null, '\t')],
];

const ESCAPES: ReadonlyArray<readonly [string, RegExp, (json: string) => string]> = [
  [', non-ASCII characters escaped as \\u', /[\u0080-\uffff]/, escapeNonAscii],
  [
    ', non-ASCII characters and "/" escaped (PHP style)',
    /[\u0080-\uffff/]/,
    (s) => escapeNonAscii(s).replace(/\//g, '\\/'),
  ],
  [', "<", ">" and "&" escaped as \\u', /[<>&]/, escapeHtml],
];

/**
 * Forms the sender may have signed when what arrived was rewritten on the way: trailing newline
 * trimmed or added, line endings changed, JSON re-serialised, a form re-encoded. Excludes the body
 * itself; produced one at a time, most likely first, so a caller can stop at the first match.
 */
export function* bodyVariants(body: Uint8Array): Generator<BodyVariant> {
  if (body.length === 0 || body.length > MAX_VARIANT_BODY) return;
  const original = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const trimmed = trimEnd(original);
  if (trimmed.length !== original.length)
    yield { bytes: trimmed, description: 'without its trailing newline or spaces' };
  yield { bytes: Buffer.concat([original, Buffer.from('\n')]), description: 'with a trailing newline added' };
  const text = decodeUtf8(original);
  if (text === undefined) return;
  const seen = new Set<string>([text, trimmed.toString('utf8'), `${text}\n`]);
  for (const [candidate, description] of textVariants(text)) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    yield { bytes: Buffer.from(candidate), description };
  }
}

function* textVariants(text: string): Generator<readonly [string, string]> {
  if (text.includes('\r\n')) yield [text.replace(/\r\n/g, '\n'), 'with Windows line endings (CRLF) changed to LF'];
  if (text.includes('\n')) yield [text.replace(/\r?\n/g, '\r\n'), 'with line endings changed to CRLF'];
  yield* jsonVariants(text);
  yield* formVariants(text);
}

function* jsonVariants(text: string): Generator<readonly [string, string]> {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return;
  }
  for (const [layoutName, layout] of LAYOUTS) {
    const json = layout(value);
    const forms: Array<readonly [string, string]> = [[json, '']];
    for (const [escapeName, needed, escape] of ESCAPES) if (needed.test(json)) forms.push([escape(json), escapeName]);
    for (const [form, escapeName] of forms) {
      const description = `re-serialised ${layoutName}${escapeName}`;
      yield [form, description];
      yield [`${form}\n`, `${description}, with a trailing newline`];
    }
  }
}

function* formVariants(text: string): Generator<readonly [string, string]> {
  if (!/^[^\s{[<]*=[^\s]*$/.test(text)) return;
  const params = new URLSearchParams(text);
  const plus = params.toString();
  const percent = [...params].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  yield [plus, 're-encoded as a form (spaces as "+")'];
  yield [percent, 're-encoded as a form (spaces as "%20")'];
}

/** Python's json.dumps default: ", " and ": " between items, string contents untouched. */
function pythonStyle(value: unknown): string {
  return JSON.stringify(value).replace(/("(?:[^"\\]|\\.)*")|([,:])/g, (_m, text: string | undefined, sep: string) =>
    text === undefined ? `${sep} ` : text,
  );
}

function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, unicodeEscape);
}

function escapeHtml(json: string): string {
  return json.replace(/[<>&]/g, unicodeEscape);
}

function trimEnd(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0 && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[end - 1] as number)) end--;
  return bytes.subarray(0, end);
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
