import { DOMParser } from '@xmldom/xmldom';
import { JSONPath } from 'jsonpath-plus';
import { jsonDepth, MAX_JSON_DEPTH } from '../json/depth';

/** The part of `xpath` used here, typed locally: its own typings pull the browser's DOM types into the build. */
interface XPathModule {
  select(expression: string, node: unknown): unknown;
}
const xpath = require('xpath') as XPathModule;

/** The most bytes of a body that JSONPath or XPath reads (a bigger body's paths find nothing, with a reason). */
export const MAX_QUERIED_BODY_BYTES = 16 * 1024 * 1024;

/** What a JSONPath or XPath found: the first match, or none, or why the body or path could not be read. */
export type QueryResult =
  | { readonly kind: 'found'; readonly value: unknown }
  | { readonly kind: 'none' }
  | { readonly kind: 'problem'; readonly problem: string };

/** A JSON body parsed once (bounded in depth and size), or why it is not one. */
export function parseJsonBody(text: string): { value: unknown } | { problem: string } {
  if (text.length > MAX_QUERIED_BODY_BYTES) return { problem: 'the body is too large to query' };
  if (jsonDepth(text, MAX_JSON_DEPTH + 1) > MAX_JSON_DEPTH) {
    return { problem: `the body nests deeper than ${MAX_JSON_DEPTH} levels` };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { problem: 'the body is not JSON' };
  }
}

/**
 * The first value `path` (JSONPath: `$.items[0].id`) finds in `json`, through jsonpath-plus with script evaluation
 * off: filters and script expressions are refused, never run.
 */
export function jsonPathQuery(json: unknown, path: string): QueryResult {
  if (/[()]|@/.test(path)) return { kind: 'problem', problem: `"${path}": script and filter expressions are not run` };
  try {
    const found = JSONPath({ path, json: json as object, eval: false, wrap: true }) as unknown;
    if (!Array.isArray(found) || found.length === 0) return { kind: 'none' };
    return { kind: 'found', value: found[0] as unknown };
  } catch (error) {
    return { kind: 'problem', problem: `"${path}" is not a JSONPath: ${error instanceof Error ? error.message : ''}` };
  }
}

/** The first node or value `expression` (XPath 1.0) finds in an XML body, as text. */
export function xpathQuery(text: string, expression: string): QueryResult {
  if (text.length > MAX_QUERIED_BODY_BYTES) return { kind: 'problem', problem: 'the body is too large to query' };
  let document: unknown;
  try {
    document = new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml');
  } catch {
    return { kind: 'problem', problem: 'the body is not XML' };
  }
  let found: unknown;
  try {
    found = xpath.select(expression, document);
  } catch (error) {
    return {
      kind: 'problem',
      problem: `"${expression}" is not an XPath: ${error instanceof Error ? error.message : ''}`,
    };
  }
  if (Array.isArray(found)) {
    const first = found[0] as { nodeValue?: unknown; textContent?: unknown } | undefined;
    if (first === undefined) return { kind: 'none' };
    const value = first.textContent ?? first.nodeValue;
    return { kind: 'found', value: typeof value === 'string' ? value : String(first) };
  }
  return { kind: 'found', value: found };
}

/** A found value as a variable's text: strings as they are, anything else as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}
