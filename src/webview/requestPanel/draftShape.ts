/**
 * A draft read back from the page's saved state or sent by the host, made whole: a missing or mistyped field takes its
 * default, so a state saved by an older page never breaks the form. No DOM: unit-tested in Node.
 */
import {
  emptyBody,
  newDraft,
  type AuthDraft,
  type BodyDraft,
  type BodyMode,
  type DraftRow,
  type MultipartRow,
  type RequestDraft,
} from './panelProtocol';

const BODY_MODES: readonly BodyMode[] = ['none', 'json', 'text', 'xml', 'form', 'multipart', 'binary', 'graphql'];

type Loose = Record<string, unknown>;

function record(value: unknown): Loose {
  return value !== null && typeof value === 'object' ? (value as Loose) : {};
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function rows(value: unknown): DraftRow[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => {
    const row = record(item);
    return { enabled: row.enabled !== false, name: text(row.name), value: text(row.value) };
  });
}

function multipartRows(value: unknown): MultipartRow[] {
  if (!Array.isArray(value)) return [];
  return rows(value).map((row, index) => ({
    ...row,
    kind: record(value[index]).kind === 'file' ? 'file' : 'text',
  }));
}

function body(value: unknown): BodyDraft {
  const b = record(value);
  const mode = BODY_MODES.find((m) => m === b.mode) ?? 'none';
  const graphql = record(b.graphql);
  return {
    ...emptyBody(),
    mode,
    text: text(b.text),
    form: rows(b.form),
    multipart: multipartRows(b.multipart),
    file: text(b.file),
    graphql: { query: text(graphql.query), variables: text(graphql.variables) },
  };
}

function auth(value: unknown): AuthDraft {
  const a = record(value);
  switch (a.kind) {
    case 'basic':
      return { kind: 'basic', username: text(a.username) };
    case 'bearer':
      return { kind: 'bearer' };
    case 'apiKey':
      return { kind: 'apiKey', name: text(a.name), in: a.in === 'query' ? 'query' : 'header' };
    case 'oauth2':
      return {
        kind: 'oauth2',
        tokenUrl: text(a.tokenUrl),
        clientId: text(a.clientId),
        scope: text(a.scope),
        clientAuth: a.clientAuth === 'body' ? 'body' : 'basic',
      };
    default:
      return { kind: 'none' };
  }
}

export function wholeDraft(value: unknown, fallbackId: string): RequestDraft {
  const d = record(value);
  const base = newDraft(text(d.id, fallbackId) || fallbackId);
  const options = record(d.options);
  return {
    ...base,
    method: text(d.method, base.method).trim() || base.method,
    url: text(d.url),
    headers: rows(d.headers),
    body: body(d.body),
    auth: auth(d.auth),
    options: {
      followRedirects: options.followRedirects !== false,
      allowInvalidCertificates: options.allowInvalidCertificates === true,
    },
  };
}
