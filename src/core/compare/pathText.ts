/**
 * The paths a structural diff reports, in JSONPath form as jsonpath-plus reads them: `$.items[3].price`,
 * `$['odd key']` for keys that are not identifiers, `$.items[?(@.id==7)].price` for an element of an array matched
 * by key. `parsePath` reads back exactly what the `*Segment` functions write.
 */

/** One step down: a member, an array index, or an element of a keyed array (`id` is `keyId` of its key value). */
export type PathSegment =
  | { readonly kind: 'member'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'keyed'; readonly key: string; readonly id: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A key as a JSONPath string literal in single quotes. */
function quote(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

export function memberSegment(name: string): string {
  return IDENTIFIER.test(name) ? `.${name}` : `[${quote(name)}]`;
}

export function indexSegment(index: number): string {
  return `[${index}]`;
}

/**
 * `id` is a key value's identity (`keyId`): `n:` and the number as written for numbers, `s:` and the text for
 * strings.
 */
export function keyedSegment(key: string, id: string): string {
  const member = IDENTIFIER.test(key) ? `@.${key}` : `@[${quote(key)}]`;
  const literal = id.startsWith('n:') ? id.slice(2) : quote(id.slice(2));
  return `[?(${member}==${literal})]`;
}

/** The segments of a path this module wrote, or undefined for any other text. */
export function parsePath(path: string): PathSegment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const step = readSegment(path, i);
    if (!step) return undefined;
    segments.push(step.segment);
    i = step.end;
  }
  return segments;
}

function readSegment(path: string, i: number): { segment: PathSegment; end: number } | undefined {
  if (path[i] === '.') {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(path.slice(i + 1, i + 1 + 4096));
    if (!match) return undefined;
    return { segment: { kind: 'member', name: match[0] }, end: i + 1 + match[0].length };
  }
  if (path[i] !== '[') return undefined;
  if (path[i + 1] === "'") {
    const text = readQuoted(path, i + 1);
    if (!text || path[text.end] !== ']') return undefined;
    return { segment: { kind: 'member', name: text.value }, end: text.end + 1 };
  }
  if (path.startsWith('[?(@', i)) return readKeyed(path, i + 4);
  const match = /^\[(0|[1-9]\d{0,15})\]/.exec(path.slice(i, i + 20));
  if (!match) return undefined;
  return { segment: { kind: 'index', index: Number(match[1]) }, end: i + match[0].length };
}

function readKeyed(path: string, i: number): { segment: PathSegment; end: number } | undefined {
  let key: string;
  if (path[i] === '.') {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(path.slice(i + 1, i + 1 + 4096));
    if (!match) return undefined;
    key = match[0];
    i += 1 + key.length;
  } else if (path.startsWith("['", i)) {
    const text = readQuoted(path, i + 1);
    if (!text || path[text.end] !== ']') return undefined;
    key = text.value;
    i = text.end + 1;
  } else return undefined;
  if (!path.startsWith('==', i)) return undefined;
  i += 2;
  let id: string;
  if (path[i] === "'") {
    const text = readQuoted(path, i);
    if (!text) return undefined;
    id = `s:${text.value}`;
    i = text.end;
  } else {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(path.slice(i, i + 4096));
    if (!match) return undefined;
    id = `n:${match[0]}`;
    i += match[0].length;
  }
  if (!path.startsWith(')]', i)) return undefined;
  return { segment: { kind: 'keyed', key, id }, end: i + 2 };
}

/** The single-quoted literal starting at `start`, unescaped, and the index after its closing quote. */
function readQuoted(path: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  for (let i = start + 1; i < path.length; i++) {
    const c = path[i];
    if (c === "'") return { value, end: i + 1 };
    if (c === '\\') {
      const next = path[i + 1];
      if (next !== '\\' && next !== "'") return undefined;
      value += next;
      i++;
    } else value += c;
  }
  return undefined;
}
