import { isLosslessNumber } from 'lossless-json';
import { parsePath } from './pathText';
import { keyedOrder, kindOf, own, sortedKeys, type Tree } from './values';

/** Where a container's children start: by original index for arrays, by sorted key position for objects. */
interface Layout {
  readonly childLine: Int32Array;
  readonly keys?: readonly string[];
  /** For an array printed in key order: each key identity's original index. */
  readonly keyed?: ReadonlyMap<string, number>;
}

/**
 * A tree printed as the diff editor shows it (keys sorted, arrays of objects with distinct `arrayKey` values in
 * key order, two-space indent, exact numbers as written), with the line where each path's value starts. Lines are
 * kept per container, one number per child, so that a large document costs little more than its text.
 */
export class PrintedTree {
  readonly text: string;
  private readonly parts: string[] = [];
  private line = 0;
  private readonly layouts = new WeakMap<object, Layout>();

  constructor(
    private readonly tree: Tree,
    private readonly arrayKey: string | undefined,
  ) {
    this.print(tree, '');
    this.text = this.parts.join('');
    this.parts.length = 0;
  }

  /** 0-based line of the value at `path` (as the diff writes paths), undefined when it is not in this tree. */
  lineOf(path: string): number | undefined {
    const segments = parsePath(path);
    if (!segments) return undefined;
    let node = this.tree;
    let line = 0;
    for (const segment of segments) {
      const layout = node !== null && typeof node === 'object' ? this.layouts.get(node) : undefined;
      if (!layout) return undefined;
      let position: number | undefined;
      if (segment.kind === 'member') {
        if (!layout.keys) return undefined;
        position = binarySearch(layout.keys, segment.name);
        node = own(node as object, segment.name);
      } else if (segment.kind === 'index') {
        if (layout.keys) return undefined;
        position = segment.index < layout.childLine.length ? segment.index : undefined;
        node = (node as Tree[])[segment.index];
      } else {
        if (segment.key !== this.arrayKey) return undefined;
        position = layout.keyed?.get(segment.id);
        node = position === undefined ? undefined : (node as Tree[])[position];
      }
      if (position === undefined) return undefined;
      line = layout.childLine[position]!;
    }
    return line;
  }

  private print(value: Tree, indent: string): void {
    const kind = kindOf(value);
    if (kind === 'object') this.printObject(value as object, indent);
    else if (kind === 'array') this.printArray(value as Tree[], indent);
    else this.parts.push(isLosslessNumber(value) ? String(value) : JSON.stringify(value));
  }

  private printObject(value: object, indent: string): void {
    const keys = sortedKeys(value);
    const childLine = new Int32Array(keys.length);
    this.layouts.set(value, { childLine, keys });
    if (keys.length === 0) {
      this.parts.push('{}');
      return;
    }
    const inner = `${indent}  `;
    this.parts.push('{');
    keys.forEach((key, position) => {
      this.parts.push(position === 0 ? '\n' : ',\n', inner, JSON.stringify(key), ': ');
      childLine[position] = ++this.line;
      this.print(own(value, key), inner);
    });
    this.parts.push('\n', indent, '}');
    this.line++;
  }

  private printArray(value: Tree[], indent: string): void {
    const childLine = new Int32Array(value.length);
    const order = keyedOrder(value, this.arrayKey);
    const keyed = order && new Map(order.ids.map((id, position) => [id, order.indices[position]!]));
    this.layouts.set(value, { childLine, keyed });
    if (value.length === 0) {
      this.parts.push('[]');
      return;
    }
    const inner = `${indent}  `;
    this.parts.push('[');
    const indices = order ? order.indices : value.keys();
    let first = true;
    for (const index of indices) {
      this.parts.push(first ? '\n' : ',\n', inner);
      first = false;
      childLine[index] = ++this.line;
      this.print(value[index], inner);
    }
    this.parts.push('\n', indent, ']');
    this.line++;
  }
}

function binarySearch(keys: readonly string[], key: string): number | undefined {
  let low = 0;
  let high = keys.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = keys[middle]!;
    if (at === key) return middle;
    if (at < key) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}
