import { type HeaderPairs, headerValue } from '../model/headers';
import type { BodyInsight, HookFlag } from '../model/hook';
import { unsafeChars } from '../unsafeChars';
import { scanJson } from './jsonScan';

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;
const MAX_EVENT_LENGTH = 100;

/** Reads, once per hook, what the tree and the CLI show about a body: JSON validity and the event type. */
export function inspectBody(headers: HeaderPairs, body: Uint8Array, contentType: string | undefined): BodyInsight {
  const json = looksJson(body, contentType) ? parseJson(body) : undefined;
  return insight(headers, body, contentType, json);
}

/**
 * What `inspectBody` finds, without parsing the body into memory: a scan that keeps only the fields an
 * event name comes from and hands the event loop back as it goes. For bodies too large to parse on arrival.
 */
export async function inspectLargeBody(
  headers: HeaderPairs,
  body: Uint8Array,
  contentType: string | undefined,
): Promise<BodyInsight> {
  if (!looksJson(body, contentType)) return insight(headers, body, contentType, undefined);
  const scan = await scanJson(body);
  return insight(headers, body, contentType, scan.valid ? { ok: true, value: scan.top } : { ok: false });
}

function insight(
  headers: HeaderPairs,
  body: Uint8Array,
  contentType: string | undefined,
  json: { ok: true; value: unknown } | { ok: false } | undefined,
): BodyInsight {
  const flags: HookFlag[] =
    contentType && JSON_TYPE.test(contentType) && body.length > 0 && !json?.ok ? ['invalid-json'] : [];
  return { flags, event: eventOf(headers, json?.ok ? json.value : undefined) };
}

function looksJson(body: Uint8Array, contentType: string | undefined): boolean {
  if (body.length === 0) return false;
  if (contentType && JSON_TYPE.test(contentType)) return true;
  const first = body.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  return first === 0x7b;
}

function parseJson(body: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    // V8's JSON.parse is iterative: deep nesting cannot overflow the stack here.
    return { ok: true, value: JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** The characters `unsafeChars` names, and tab: an event name is shown on one line as sent. */
const UNSAFE = unsafeChars('\\t');

/**
 * An event name as shown in the tree and the CLI: a non-empty string, unsafe characters replaced by
 * U+FFFD, at most MAX_EVENT_LENGTH characters, never ending in half a surrogate pair.
 */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let name = value.slice(0, MAX_EVENT_LENGTH).replace(UNSAFE, '\ufffd').trim();
  if (/[\ud800-\udbff]$/.test(name)) name = name.slice(0, -1);
  return name.length > 0 ? name : undefined;
}

function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function eventOf(headers: HeaderPairs, body: unknown): string | undefined {
  const github = headerValue({ headers }, 'x-github-event');
  if (github) {
    const action = text(field(body, 'action'));
    return text(action ? `${github}.${action}` : github);
  }
  const byHeader =
    headerValue({ headers }, 'x-gitlab-event') ??
    headerValue({ headers }, 'x-shopify-topic') ??
    headerValue({ headers }, 'x-event-key');
  if (byHeader) return text(byHeader);
  const type = text(field(body, 'type'));
  if (type === 'event_callback') return text(field(field(body, 'event'), 'type')) ?? type;
  return type ?? text(field(body, 'event_type')) ?? text(field(body, 'eventType')) ?? text(field(body, 'event'));
}
