import type { HookMeta } from '../model/hook';
import { withoutCredentials } from '../http/credentials';
import { relayText } from './relayText';
import { verdictText } from './verdict';
import { type BodyLanguage, MAX_FORMATTED_BYTES, renderBody } from './payload';
import { unicodeEscape, unsafeChars } from '../unsafeChars';

/** A read-only document: its text and the VS Code language that gives it folding and highlighting. */
export interface RenderedDocument {
  readonly text: string;
  readonly language: 'jsonc' | 'xml' | 'properties' | 'plaintext';
  /** File extension that makes VS Code pick `language` from the URI. */
  readonly extension: '.jsonc' | '.xml' | '.properties' | '.txt';
  readonly binary: boolean;
}

const LANGUAGES: Record<
  BodyLanguage,
  Pick<RenderedDocument, 'language' | 'extension'> & { comment(line: string): string }
> = {
  json: { language: 'jsonc', extension: '.jsonc', comment: (line) => `// ${oneLine(line)}` },
  // No `--` may appear inside an XML comment: a space goes between every two dashes.
  xml: { language: 'xml', extension: '.xml', comment: (line) => `<!-- ${oneLine(line).replace(/-(?=-)/g, '- ')} -->` },
  form: { language: 'properties', extension: '.properties', comment: (line) => `# ${oneLine(line)}` },
  plaintext: { language: 'plaintext', extension: '.txt', comment: (line) => oneLine(line) },
};

/** Line breaks, other control characters and invisible (zero-width, bidirectional) ones: shown as escapes. */
const NOT_SHOWN = unsafeChars();

/** A head line as exactly one line of text, whatever a sender or a forward target put in it. */
function oneLine(line: string): string {
  return line.replace(NOT_SHOWN, unicodeEscape);
}

/** The XML declaration the text starts with, if any: nothing may come before it, not even a comment. */
function xmlDeclaration(text: string): string | undefined {
  if (!/^<\?xml[\s?]/.test(text)) return undefined;
  const end = text.indexOf('?>');
  return end < 0 ? undefined : text.slice(0, end + 2);
}

/** Headers first (as comments of the body's language, so the body stays valid), then the formatted body. */
function renderDocument(
  head: readonly string[],
  bytes: Uint8Array,
  contentType: string | undefined,
  as?: BodyLanguage,
): RenderedDocument {
  const body = renderBody(bytes, contentType);
  const { language, extension, comment } = LANGUAGES[as ?? body.language];
  const comments = head.map(comment).join('\n');
  const declaration = language === 'xml' ? xmlDeclaration(body.text) : undefined;
  const text =
    declaration === undefined
      ? `${comments}\n\n${body.text}\n`
      : `${declaration}\n${comments}\n\n${body.text.slice(declaration.length).replace(/^\r?\n/, '')}\n`;
  return { text, language, extension, binary: body.binary };
}

export function renderHookDocument(hook: HookMeta, bytes: Uint8Array): RenderedDocument {
  const head = [
    ...(hook.verdict && hook.verdict.status !== 'not-signed' ? [verdictText(hook.verdict), ''] : []),
    ...(hook.relay ? [relayText(hook.relay), ''] : []),
    `${hook.method} ${hook.url} HTTP/${hook.httpVersion}`,
    ...hook.headers.map(([n, v]) => `${n}: ${v}`),
  ];
  if (hook.forward) {
    const f = hook.forward;
    head.push(
      '',
      `Forwarded to ${withoutCredentials(f.target)}: ${f.status ?? 'no answer'} in ${f.ms} ms${f.error ? ` (${f.error})` : ''}`,
    );
  }
  return renderDocument(head, bytes, hook.contentType, hookBodyLanguage(hook));
}

/**
 * The language of a hook's document, known from its metadata alone so that the document's URI can carry the
 * matching file extension before the body is read.
 */
export function hookBodyLanguage(hook: Pick<HookMeta, 'contentType' | 'flags' | 'bodySize'>): BodyLanguage {
  const type = (hook.contentType ?? '').toLowerCase();
  if (hook.bodySize > MAX_FORMATTED_BYTES || hook.bodySize === 0) return 'plaintext';
  if (/^application\/([\w.+-]*\+)?json\b/.test(type)) return hook.flags.includes('invalid-json') ? 'plaintext' : 'json';
  if (type.includes('x-www-form-urlencoded')) return 'form';
  if (/[/+]xml\b/.test(type)) return 'xml';
  return 'plaintext';
}

export function hookDocumentExtension(
  hook: Pick<HookMeta, 'contentType' | 'flags' | 'bodySize'>,
): RenderedDocument['extension'] {
  return LANGUAGES[hookBodyLanguage(hook)].extension;
}
