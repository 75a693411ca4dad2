import { tokenize } from '../render/xml';
import { CompareError } from './errors';
import { setOwn } from './own';
import type { Tree } from './values';

/**
 * XML as a tree, as far as it maps to one: the root element is `{ name: content }`; an element with neither
 * attributes nor child elements is its text; otherwise an object with attributes as `@name`, child elements by
 * name (an array when a name repeats) and its text as `#text`. Comments, processing instructions and the doctype
 * are left out; CDATA is text. Built without recursion, to `maxDepth` elements deep.
 */
export function xmlTree(xml: string, maxDepth: number): Tree {
  const tokens = tokenize(xml);
  if (!tokens) throw notXml();
  const stack: Element[] = [];
  let root: Element | undefined;
  for (const token of tokens) {
    const top = stack[stack.length - 1];
    if (token.startsWith('<![CDATA[')) {
      if (!top) throw notXml();
      top.text += token.slice(9, -3);
    } else if (token.startsWith('<!') || token.startsWith('<?')) {
      continue;
    } else if (token.startsWith('</')) {
      const name = token.slice(2, -1).trim();
      const closed = stack.pop();
      if (!closed || closed.name !== name) throw notXml();
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push([closed.name, finish(closed)]);
    } else if (token.startsWith('<')) {
      const element = openTag(token);
      if (!top && root) throw notXml();
      if (!top) root = element;
      if (token.endsWith('/>')) {
        if (top) top.children.push([element.name, finish(element)]);
        continue;
      }
      stack.push(element);
      if (stack.length > maxDepth) {
        throw new CompareError('TOO_DEEP', `The XML nests deeper than ${maxDepth} elements.`);
      }
    } else if (top) {
      top.text += decodeEntities(token);
    } else if (token.trim() !== '') {
      throw notXml();
    }
  }
  if (!root || stack.length > 0) throw notXml();
  const out = {};
  setOwn(out, root.name, finish(root));
  return out;
}

interface Element {
  readonly name: string;
  readonly attributes: Array<[string, string]>;
  readonly children: Array<[string, Tree]>;
  text: string;
}

function notXml(): CompareError {
  return new CompareError('NOT_A_TREE', 'The XML is not well formed.');
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function openTag(token: string): Element {
  const match = /^<([^\s/>]+)/.exec(token);
  if (!match?.[1]) throw notXml();
  const attributes: Array<[string, string]> = [];
  const rest = token.slice(match[0].length);
  for (const attribute of rest.matchAll(ATTRIBUTE)) {
    attributes.push([`@${attribute[1]}`, decodeEntities(attribute[2] ?? attribute[3] ?? '')]);
  }
  return { name: match[1], attributes, children: [], text: '' };
}

function finish(element: Element): Tree {
  if (element.attributes.length === 0 && element.children.length === 0) return element.text.trim();
  const out = {};
  for (const [name, value] of element.attributes) setOwn(out, name, value);
  const byName = new Map<string, Tree[]>();
  for (const [name, value] of element.children) {
    const list = byName.get(name);
    if (list) list.push(value);
    else byName.set(name, [value]);
  }
  for (const [name, values] of byName) setOwn(out, name, values.length === 1 ? values[0] : values);
  const text = element.text.trim();
  if (text !== '') setOwn(out, '#text', text);
  return out;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (whole, name: string) => {
    if (!name.startsWith('#')) return NAMED[name] ?? whole;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
