/** A plausible form of the body as the provider originally sent it, derived from what arrived. */
export interface BodyVariant {
  readonly bytes: Buffer;
  /** Completes "the signature matches this body …". */
  readonly description: string;
}

/** Bodies larger than this get no re-serialisation guesses (each guess costs one HMAC over the body). */
export const MAX_VARIANT_BODY = 1024 * 1024;

const LAYOUTS: ReadonlyArray<readonly [string, (value: unknown) => string]> = [
  ['as compact JSON', (v) => JSON.stringify(v)],
  ['as JSON with ", " and ": " separators (Python style)', pythonStyle],
  ['as JSON indented with 2 spaces', (v) => JSON.stringify(v, null, 2)],
  ['as JSON indented with 4 spaces', (v) => JSON.stringify(v, null, 4)],
  ['as JSON indented with tabs', (v) => JSON.stringify(v, null, '\t')],
];

const ESCAPES: ReadonlyArray<readonly [string, (json: string) => string]> = [
  ['', (s) => s],
  [', non-ASCII characters escaped as \\u', escapeNonAscii],
  [', non-ASCII characters and "/" escaped (PHP style)', (s) => escapeNonAscii(s).replace(/\//g, '\\/')],
  [', "<", ">" and "&" escaped as \\u', escapeHtml],
];

/**
 * Forms the provider may have signed when what arrived was rewritten on the way: trailing newline
 * trimmed or added, line endings changed, JSON re-serialised, a form re-encoded. Excludes the body itself.
 */
export function bodyVariants(body: Uint8Array): BodyVariant[] {
  if (body.length === 0 || body.length > MAX_VARIANT_BODY) return [];
  const original = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const text = decodeUtf8(original);
  const found: BodyVariant[] = [];
  const seen = new Set<string>([original.toString('latin1')]);
  const add = (bytes: Buffer, description: string): void => {
    const key = bytes.toString('latin1');
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ bytes, description });
  };
  const trimmed = trimEnd(original);
  add(trimmed, 'without its trailing newline or spaces');
  add(Buffer.concat([original, Buffer.from('\n')]), 'with a trailing newline added');
  if (text !== undefined) {
    add(Buffer.from(text.replace(/\r\n/g, '\n')), 'with Windows line endings (CRLF) changed to LF');
    add(Buffer.from(text.replace(/\r?\n/g, '\r\n')), 'with line endings changed to CRLF');
    for (const variant of jsonVariants(text)) add(variant.bytes, variant.description);
    for (const variant of formVariants(text)) add(variant.bytes, variant.description);
  }
  return found;
}

function jsonVariants(text: string): BodyVariant[] {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const variants: BodyVariant[] = [];
  for (const [layoutName, layout] of LAYOUTS) {
    const json = layout(value);
    for (const [escapeName, escape] of ESCAPES) {
      const escaped = escape(json);
      if (escapeName !== '' && escaped === json) continue;
      const description = `re-serialised ${layoutName}${escapeName}`;
      variants.push({ bytes: Buffer.from(escaped), description });
      variants.push({ bytes: Buffer.from(`${escaped}\n`), description: `${description}, with a trailing newline` });
    }
  }
  return variants;
}

function formVariants(text: string): BodyVariant[] {
  if (!/^[^\s{[<]*=[^\s]*$/.test(text)) return [];
  const params = new URLSearchParams(text);
  const plus = params.toString();
  const percent = [...params].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return [
    { bytes: Buffer.from(plus), description: 're-encoded as a form (spaces as "+")' },
    { bytes: Buffer.from(percent), description: 're-encoded as a form (spaces as "%20")' },
  ];
}

function pythonStyle(value: unknown): string {
  // JSON.stringify with indentation puts each member on its own line; collapse that layout
  // into Python's json.dumps default of ", " and ": " without touching string contents.
  const out: string[] = [];
  const json = JSON.stringify(value);
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i] as string;
    out.push(c);
    if (inString) {
      if (c === '\\') out.push(json[++i] ?? '');
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',' || c === ':') out.push(' ');
  }
  return out.join('');
}

function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeHtml(json: string): string {
  return json.replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
