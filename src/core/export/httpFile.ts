import type { HookMeta } from '../model/hook';
import { bodyFileName, httpTarget, replayHeaders, utf8Text, wireBytes } from './shared';
import { unsafeChars } from '../unsafeChars';

/**
 * The hook as a request in `.http` format (REST Client, httpYac, PushPull), sending it to `url`.
 *
 * `.http` files are programs: `{{ … }}` is evaluated (httpYac runs it as JavaScript), `< file` and `<@ file` read
 * files, `#` and `//` lines are comments, `###` starts another request, some lines are scripts, assertions or
 * streaming markers, some header values are rewritten (Authorization: Basic user:password…), and the body's line
 * breaks and outer blank lines are the tool's own. So nothing received is pasted unless it is plainly data that
 * every tool sends as it is: other bodies are referenced as a file, other headers left out, each with a comment.
 */
export function toHttpRequest(hook: HookMeta, body: Uint8Array, url = hook.fullUrl): string {
  const received = new Date(hook.receivedAt).toISOString();
  const comments = [`# ${hook.method} ${commentText(hook.path)} received ${received} (${hook.id})`];
  const { scheme, authority, target, notes } = httpTarget(hook, url);
  let requestTarget = target;
  if (requestTarget.includes('{{')) {
    requestTarget = requestTarget.replace(/[{}]/g, (c) => (c === '{' ? '%7B' : '%7D'));
    comments.push(
      '# Note: "{" and "}" in the URL are percent-encoded: .http tools read two "{" in a row as a template.',
    );
  }
  for (const note of notes) comments.push(`# Note: ${note}.`);
  const lines = [`${hook.method} ${scheme}://${authority}${requestTarget} HTTP/1.1`];
  for (const [name, value] of replayHeaders(hook)) {
    const header = headerLine(name, value);
    if ('problem' in header) {
      comments.push(`# Left out the header ${commentText(name)}: ${header.problem}.`);
      continue;
    }
    if (header.note) comments.push(`# Note: ${header.note}.`);
    lines.push(header.line);
  }
  if (body.length > 0) {
    const text = utf8Text(body);
    const problem = text === undefined ? 'it is binary (not UTF-8 text)' : bodyProblem(text, contentTypes(hook));
    if (problem === undefined && text !== undefined) {
      lines.push('', text);
    } else {
      const file = bodyFileName(hook);
      const digest = hook.bodySha256 ? `, sha256 ${hook.bodySha256}` : '';
      comments.push(
        `# The body (${body.length} bytes${digest}) is not pasted here because ${problem}.`,
        `# Save it with "Save Body As…" as ${file} next to this .http file: the request sends that file's bytes.`,
      );
      if (contentTypes(hook).includes(FORM)) {
        comments.push(
          '# Note: httpYac sends no file body with an x-www-form-urlencoded Content-Type (REST Client does).',
        );
      }
      lines.push('', `< ./${file}`);
    }
  }
  return `${[...comments, ...lines].join('\n')}\n`;
}

/** Text for a `#` comment line: one line, no template opener. */
export function commentText(text: string): string {
  return text.replace(COMMENT_UNSAFE, '?').replace(/\{(?=\{)/g, '{ ');
}

/** Header names that every tool reads as a header line (a token that starts with a letter or digit). */
const HEADER_NAME = /^[A-Za-z0-9][!#$%&'*+.^_`|~0-9A-Za-z-]*$/;

/** `scheme token68`: a credential that neither tool rewrites (no `user:password`, no second word). */
const PLAIN_CREDENTIALS = /^[A-Za-z][A-Za-z0-9._~+-]* [A-Za-z0-9._~+/-]+=*$/;

/** Authorization schemes httpYac and REST Client act on (sign, log in, run an OAuth2 flow). */
const ACTIVE_SCHEMES = /^(aws|digest|oauth2|openid|azuread)\b/i;

/**
 * The header as a `.http` line, or why it cannot be written as one. Node reads header bytes as Latin-1; a value whose
 * bytes are UTF-8 is written as the text they encode (what a person reads), others as Latin-1, both with a note.
 */
export function headerLine(name: string, value: string): { line: string; note?: string } | { problem: string } {
  if (!HEADER_NAME.test(name)) return { problem: 'its name would not be read as a header' };
  if (value.includes('{{')) {
    return { problem: 'its value has two "{" in a row, a template that .http tools evaluate (httpYac as JavaScript)' };
  }
  if (/clientcert$/i.test(name)) {
    return { problem: 'httpYac reads a header of this name as client-certificate files to load' };
  }
  if (name.toLowerCase() === 'authorization' && (!PLAIN_CREDENTIALS.test(value) || ACTIVE_SCHEMES.test(value))) {
    return {
      problem:
        'httpYac and REST Client rewrite or act on Authorization values of this form (Basic user:password, Digest, AWS, OAuth2)',
    };
  }
  const text = /^[\x20-\x7e\t]*$/.test(value) ? value : utf8Text(wireBytes(value));
  if (CONTROL_OR_INVISIBLE.test(text ?? value)) return { problem: 'its value has control or invisible characters' };
  const notes = [
    ...(text !== value
      ? [
          `the ${name} header has non-ASCII bytes, which .http tools may send differently (Copy as cURL sends them exactly)`,
        ]
      : []),
    ...(value.endsWith(',') ? [`httpYac drops the comma at the end of the ${name} header`] : []),
  ];
  return { line: `${name}: ${text ?? value}`, ...(notes.length > 0 ? { note: notes.join('; ') } : {}) };
}

/** The media types the hook's Content-Type headers name, lowercase. */
function contentTypes(hook: HookMeta): string[] {
  return hook.headers
    .filter(([name]) => name.toLowerCase() === 'content-type')
    .map(([, value]) => (value.split(';')[0] ?? '').trim().toLowerCase());
}

/** JSON, XML or a word: the first characters of a body line no `.http` syntax starts with. */
const DATA_START = /^(?:[{["]|<[A-Za-z?!]|[A-Za-z0-9])/;

/** Words that start `.http` syntax lines (GraphQL, response and protocol lines) without needing a space after. */
const KEYWORD_START = /^(?:query|mutation|fragment|gql|proto|http\/|grpc|mqtt|amqp|wss?|websocket|sse|eventsource)/i;

const FORM = 'application/x-www-form-urlencoded';

/** Control characters other than tab, and invisible ones (zero-width, bidirectional, line separators, BOM). */
const CONTROL_OR_INVISIBLE = unsafeChars('', '');
/** Tab as well: a comment line holds no tab either. */
const COMMENT_UNSAFE = unsafeChars('\\t');

/** Characters httpYac keeps in a form body (it percent-encodes all others). */
const FORM_SAFE = /^(?:[!&-;=?-[\]_a-z~]|%[0-9A-Fa-f]{2})*$/;

/**
 * Why a text body cannot be pasted as the body of a `.http` request and arrive byte for byte, or undefined when it
 * can: one line of plain data that no tool reads as syntax, changes or adds to.
 */
export function bodyProblem(text: string, types: readonly string[]): string | undefined {
  if (/[\r\n]/.test(text)) {
    return 'it has several lines, which .http tools send with their own line breaks and may read as instructions';
  }
  if (text.includes('{{')) {
    return 'it has two "{" in a row, a template that .http tools evaluate (httpYac as JavaScript)';
  }
  if (CONTROL_OR_INVISIBLE.test(text)) return 'it has control or invisible characters';
  if (/^\s|\s$/.test(text)) return 'it starts or ends with white space, which .http tools drop';
  const word = /^[A-Za-z0-9]/.test(text);
  if (
    !DATA_START.test(text) ||
    (word && (/\s/.test(text) || KEYWORD_START.test(text))) ||
    /<--->|={3}\s*(?:wait-for-server)?$/.test(text)
  ) {
    return '.http tools could read it as an instruction';
  }
  if (types.includes('application/x-ndjson')) return 'httpYac adds a line break to x-ndjson bodies';
  if (types.includes(FORM) && !FORM_SAFE.test(text)) {
    return 'httpYac would percent-encode some of its characters';
  }
  return undefined;
}
