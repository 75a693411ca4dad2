import { isSpace, nextSpace, trimmed } from './parseLines';

/*
 * The request line: `[METHOD] target [HTTP/version]`. The target is kept as written: origin-form (`/path`, which the
 * resolver puts `{{host}}` in front of, as httpYac does), absolute-form, asterisk-form, or any text with `{{…}}`.
 * A fragment (`#…`) stays in the target as written: the sender drops it, as every tool does.
 */

/** Methods a line may start with: HTTP's, WebDAV's, and the protocols httpYac writes in the method's place. */
const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
  'QUERY',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'SEARCH',
  'REPORT',
  'MKCALENDAR',
  'ACL',
  'GRAPHQL',
  'GRPC',
  'WS',
  'WEBSOCKET',
  'SSE',
  'EVENTSOURCE',
  'MQTT',
  'AMQP',
]);

export interface RequestLine {
  readonly method: string;
  readonly target: string;
  readonly httpVersion: string | null;
  /** A method with nothing after it. */
  readonly missingTarget: boolean;
}

/** Reads a request line's trimmed text. Without a method word, the method is GET and the whole text the target. */
export function parseRequestLine(t: string): RequestLine {
  const wordEnd = nextSpace(t, 0);
  const word = t.slice(0, wordEnd);
  const upper = word.toUpperCase();
  const rest = trimmed(t.slice(wordEnd));
  const isMethod = KNOWN_METHODS.has(upper) || (rest !== '' && isUpperWord(word));
  if (!isMethod) return { method: 'GET', ...splitVersion(t), missingTarget: false };
  if (rest === '') return { method: upper, target: '', httpVersion: null, missingTarget: true };
  return { method: upper, ...splitVersion(rest), missingTarget: false };
}

/**
 * Whether a line written after a blank line inside a body starts another request (JetBrains and httpYac need no
 * `###` there). Stricter than a request line after a separator, so body text is rarely taken for one: an upper-case
 * known method, then a target that is a path, a URL, `*`, a host name (`localhost`, `example.com:80/…`) or starts
 * with a `{{variable}}`.
 */
export function startsNewRequest(t: string): boolean {
  const wordEnd = nextSpace(t, 0);
  if (wordEnd >= t.length || !KNOWN_METHODS.has(t.slice(0, wordEnd))) return false;
  const target = trimmed(t.slice(wordEnd));
  const first = target.slice(0, nextSpace(target, 0));
  return first.startsWith('/') || first.startsWith('{{') || first === '*' || first.includes('://') || isHostLike(first);
}

/** `localhost`, `example.com`, `grpcb.in:9000`, each maybe followed by `/…`: labels of letters, digits and `-`. */
function isHostLike(word: string): boolean {
  const slash = word.indexOf('/');
  const authority = slash < 0 ? word : word.slice(0, slash);
  const colon = authority.indexOf(':');
  const host = colon < 0 ? authority : authority.slice(0, colon);
  if (colon >= 0 && !isDigits(authority.slice(colon + 1))) return false;
  if (host === 'localhost') return true;
  const labels = host.split('.');
  return labels.length > 1 && labels.every((label) => label !== '' && isLabel(label));
}

function isDigits(text: string): boolean {
  if (text === '') return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isLabel(label: string): boolean {
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
    if (!ok) return false;
  }
  return true;
}

function isUpperWord(word: string): boolean {
  if (word.length === 0 || word.length > 20) return false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 65 || c > 90) return false;
  }
  return true;
}

/** `target HTTP/1.1` → the target and 'HTTP/1.1'. */
function splitVersion(text: string): { target: string; httpVersion: string | null } {
  let start = text.length;
  while (start > 0 && !isSpace(text.charCodeAt(start - 1))) start--;
  const last = text.slice(start);
  if (start > 0 && isHttpVersion(last)) return { target: trimmed(text.slice(0, start)), httpVersion: last };
  return { target: text, httpVersion: null };
}

/** `HTTP/1.1`, `HTTP/2`, `HTTP/2.0`, `HTTP/3`. */
function isHttpVersion(word: string): boolean {
  if (!word.startsWith('HTTP/') || word.length === 5) return false;
  let dots = 0;
  for (let i = 5; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 46) dots++;
    else if (c < 48 || c > 57) return false;
  }
  return dots <= 1 && word.charCodeAt(5) !== 46 && word.charCodeAt(word.length - 1) !== 46;
}
