import { parseExactJson } from '../json/canonical';
import { jsonDepth, MAX_JSON_DEPTH } from '../json/depth';
import { parseQuery } from '../model/url';
import { CompareError } from './errors';
import { setOwn } from './own';
import type { ComparedPayload } from './types';
import type { Tree } from './values';
import { xmlTree } from './xmlTree';

/** The deepest nesting compared (as the display's bound); deeper payloads are refused with `TOO_DEEP`. */
export const MAX_COMPARE_DEPTH = MAX_JSON_DEPTH;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A payload as a tree, by its content type: a form body is `{ name: value }` (an array of values for a name given
 * more than once), XML as `xmlTree` maps it, anything else is read as JSON with exact numbers (and as XML when it is
 * not JSON but starts with `<`). Throws a `CompareError` when it is none of these or nests too deep.
 */
export function payloadTree(payload: ComparedPayload): Tree {
  const text = decodeText(payload);
  const type = (payload.contentType ?? '').toLowerCase();
  if (type.includes('x-www-form-urlencoded')) return formTree(text);
  const looksXml = text.trimStart().startsWith('<');
  if (/[/+]xml\b/.test(type) || (looksXml && !/json/.test(type))) return xmlTree(text, MAX_COMPARE_DEPTH);
  if (text.trim() === '') throw new CompareError('NOT_A_TREE', 'The payload is empty.');
  if (jsonDepth(text, MAX_COMPARE_DEPTH) > MAX_COMPARE_DEPTH) {
    throw new CompareError('TOO_DEEP', `The JSON nests deeper than ${MAX_COMPARE_DEPTH} levels.`);
  }
  try {
    return parseExactJson(text);
  } catch (error) {
    if (looksXml) return xmlTree(text, MAX_COMPARE_DEPTH);
    throw new CompareError('NOT_A_TREE', 'The payload is neither JSON, a form nor XML.', { cause: error });
  }
}

function decodeText(payload: ComparedPayload): string {
  const charset = /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(payload.contentType ?? '')?.[1];
  let decoder = utf8;
  if (charset && !/json/i.test(payload.contentType ?? '')) {
    try {
      decoder = new TextDecoder(charset, { fatal: true });
    } catch {
      decoder = utf8;
    }
  }
  try {
    return decoder.decode(payload.bytes);
  } catch (error) {
    throw new CompareError('NOT_A_TREE', 'The payload is not text in its character set.', { cause: error });
  }
}

function formTree(text: string): Tree {
  const fields = new Map<string, string[]>();
  for (const [name, value] of parseQuery(text.trim())) {
    const values = fields.get(name);
    if (values) values.push(value);
    else fields.set(name, [value]);
  }
  const out = {};
  for (const [name, values] of fields) setOwn(out, name, values.length === 1 ? values[0] : values);
  return out;
}
