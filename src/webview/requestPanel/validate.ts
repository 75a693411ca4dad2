/**
 * Strict shape checks for what crosses the request panel's boundary: messages from the page (a page can be
 * scripted by what it shows, so the host trusts nothing) and drafts restored from saved state. Every string is
 * bounded, every list too; a message with a key it should not have, or a value of the wrong kind, is refused.
 * Imports only the protocol.
 */
import type {
  AuthDraft,
  BodyDraft,
  BodyMode,
  DraftRow,
  MultipartRow,
  PageMessage,
  RequestDraft,
  SecretField,
  SendOptionsDraft,
} from './panelProtocol';

/** Longest text a body, query or variables field may hold (characters). */
export const MAX_BODY_CHARS = 16 * 1024 * 1024;
/** Longest URL, header value, form value or other single-line field. */
export const MAX_FIELD_CHARS = 64 * 1024;
/** Longest name (method, header name, draft id, environment name). */
export const MAX_NAME_CHARS = 1024;
/** Most rows a table (headers, form, multipart) may have. */
export const MAX_ROWS = 1000;
/** Longest pasted cURL command. */
export const MAX_CURL_CHARS = 1024 * 1024;

type Shape = Record<string, unknown>;

const BODY_MODES: readonly BodyMode[] = ['none', 'json', 'text', 'xml', 'form', 'multipart', 'binary', 'graphql'];
const SECRET_FIELDS: readonly SecretField[] = ['password', 'token', 'apiKeyValue', 'clientSecret'];

function isObject(value: unknown): value is Shape {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with exactly these keys (optional ones may be absent), nothing inherited or extra. */
function hasKeys(value: unknown, required: readonly string[], optional: readonly string[] = []): value is Shape {
  if (!isObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const keys = Object.keys(value);
  if (!required.every((key) => Object.hasOwn(value, key))) return false;
  return keys.every((key) => required.includes(key) || optional.includes(key));
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function isList<T>(value: unknown, item: (v: unknown) => v is T): value is T[] {
  return Array.isArray(value) && value.length <= MAX_ROWS && value.every((v) => item(v));
}

function isRow(value: unknown): value is DraftRow {
  return (
    hasKeys(value, ['enabled', 'name', 'value']) &&
    typeof value.enabled === 'boolean' &&
    isText(value.name, MAX_FIELD_CHARS) &&
    isText(value.value, MAX_BODY_CHARS)
  );
}

function isMultipartRow(value: unknown): value is MultipartRow {
  return (
    hasKeys(value, ['enabled', 'name', 'value', 'kind']) &&
    typeof value.enabled === 'boolean' &&
    isText(value.name, MAX_FIELD_CHARS) &&
    isText(value.value, MAX_BODY_CHARS) &&
    isOneOf(value.kind, ['text', 'file'] as const)
  );
}

function isBody(value: unknown): value is BodyDraft {
  if (!hasKeys(value, ['mode', 'text', 'form', 'multipart', 'file', 'graphql'])) return false;
  const graphql = value.graphql;
  return (
    isOneOf(value.mode, BODY_MODES) &&
    isText(value.text, MAX_BODY_CHARS) &&
    isList(value.form, isRow) &&
    isList(value.multipart, isMultipartRow) &&
    isText(value.file, MAX_FIELD_CHARS) &&
    hasKeys(graphql, ['query', 'variables']) &&
    isText(graphql.query, MAX_BODY_CHARS) &&
    isText(graphql.variables, MAX_BODY_CHARS)
  );
}

function isAuth(value: unknown): value is AuthDraft {
  if (!isObject(value)) return false;
  switch (value.kind) {
    case 'none':
    case 'bearer':
      return hasKeys(value, ['kind']);
    case 'basic':
      return hasKeys(value, ['kind', 'username']) && isText(value.username, MAX_FIELD_CHARS);
    case 'apiKey':
      return (
        hasKeys(value, ['kind', 'name', 'in']) &&
        isText(value.name, MAX_FIELD_CHARS) &&
        isOneOf(value.in, ['header', 'query'] as const)
      );
    case 'oauth2':
      return (
        hasKeys(value, ['kind', 'tokenUrl', 'clientId', 'scope', 'clientAuth']) &&
        isText(value.tokenUrl, MAX_FIELD_CHARS) &&
        isText(value.clientId, MAX_FIELD_CHARS) &&
        isText(value.scope, MAX_FIELD_CHARS) &&
        isOneOf(value.clientAuth, ['basic', 'body'] as const)
      );
    default:
      return false;
  }
}

function isOptions(value: unknown): value is SendOptionsDraft {
  return (
    hasKeys(value, ['followRedirects', 'allowInvalidCertificates']) &&
    typeof value.followRedirects === 'boolean' &&
    typeof value.allowInvalidCertificates === 'boolean'
  );
}

/** A draft as the page keeps it: every field present, of its kind and within its bounds, nothing else. */
export function isRequestDraft(value: unknown): value is RequestDraft {
  return (
    hasKeys(value, ['id', 'method', 'url', 'headers', 'body', 'auth', 'options']) &&
    isText(value.id, MAX_NAME_CHARS) &&
    value.id.length > 0 &&
    isText(value.method, MAX_NAME_CHARS) &&
    isText(value.url, MAX_FIELD_CHARS) &&
    isList(value.headers, isRow) &&
    isBody(value.body) &&
    isAuth(value.auth) &&
    isOptions(value.options)
  );
}

/** A message the page may send, checked field by field; anything else is refused. */
export function isPageMessage(value: unknown): value is PageMessage {
  if (!isObject(value) || typeof value.type !== 'string') return false;
  switch (value.type) {
    case 'panel/ready':
    case 'request/cancel':
    case 'response/open':
    case 'response/save':
    case 'response/copy':
      return hasKeys(value, ['type']);
    case 'draft/changed':
    case 'request/send':
    case 'curl/copy':
      return hasKeys(value, ['type', 'draft']) && isRequestDraft(value.draft);
    case 'auth/secret':
      return (
        hasKeys(value, ['type', 'field', 'value']) &&
        isOneOf(value.field, SECRET_FIELDS) &&
        isText(value.value, MAX_FIELD_CHARS)
      );
    case 'environment/select':
      return hasKeys(value, ['type', 'name']) && isText(value.name, MAX_NAME_CHARS);
    case 'curl/import':
      return hasKeys(value, ['type', 'text']) && isText(value.text, MAX_CURL_CHARS);
    case 'file/pick':
      return (
        hasKeys(value, ['type', 'purpose'], ['row']) &&
        isOneOf(value.purpose, ['binary', 'multipart'] as const) &&
        (value.row === undefined || (Number.isSafeInteger(value.row) && (value.row as number) >= 0))
      );
    default:
      return false;
  }
}
