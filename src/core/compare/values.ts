import { isLosslessNumber, type LosslessNumber } from 'lossless-json';
import { setOwn } from './own';
import type { ComparedValue } from './types';

/** A parsed tree: JSON values, numbers a double cannot hold as `LosslessNumber`s. */
export type Tree = unknown;

export type Kind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function kindOf(value: Tree): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isLosslessNumber(value)) return 'number';
  const type = typeof value;
  if (type === 'boolean' || type === 'number' || type === 'string') return type;
  return 'object';
}

/** Own keys of a parsed object, sorted as the canonical form sorts them. */
export function sortedKeys(value: object): string[] {
  return Object.keys(value).sort();
}

/** The value of own property `key` (never an inherited one: `constructor`, `__proto__` stay plain data). */
export function own(record: object, key: string): Tree {
  return Object.prototype.hasOwnProperty.call(record, key) ? (record as Record<string, Tree>)[key] : undefined;
}

/** Whether two scalars of the same kind are equal; numbers by value, exactly (`1.10` = `1.1`, `1e400` ≠ `2e400`). */
export function sameScalar(left: Tree, right: Tree): boolean {
  if (left === right) return true;
  if (isLosslessNumber(left) || isLosslessNumber(right)) return exactDecimal(left) === exactDecimal(right);
  return false;
}

/**
 * A number in one form whatever its spelling: sign, significant digits, exponent (`1E400`, `10e399` and
 * `1e+400` all become `1e400`).
 */
function exactDecimal(value: Tree): string {
  const text = isLosslessNumber(value) ? value.toString() : String(value as number);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  let digits = whole + fraction;
  let power = BigInt(exponent) - BigInt(fraction.length);
  const lead = digits.search(/[1-9]/);
  if (lead < 0) return '0';
  digits = digits.slice(lead);
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailing);
  power += BigInt(trailing);
  return `${sign}${digits}e${power}`;
}

/**
 * The identity of an array element's key value: `n:` and the number as written, `s:` and the text; undefined
 * when the element is not an object with a number or string at `key`.
 */
export function keyId(element: Tree, key: string): string | undefined {
  if (kindOf(element) !== 'object') return undefined;
  const value = own(element as object, key);
  if (typeof value === 'string') return `s:${value}`;
  if (typeof value === 'number') return `n:${String(value)}`;
  if (isLosslessNumber(value)) return `n:${(value as LosslessNumber).toString()}`;
  return undefined;
}

/** An array's elements in key order: their key identities and their original indices. */
export interface KeyedOrder {
  readonly ids: readonly string[];
  readonly indices: Int32Array;
}

/**
 * When every element of `array` is an object with a distinct number or string at `key` (an empty array too): each
 * element's key identity and index, in key order (`compareIds`). Otherwise undefined: the array is compared by
 * index. Sorts indices with the numbers read once, without an object per element.
 */
export function keyedOrder(array: readonly Tree[], key: string | undefined): KeyedOrder | undefined {
  if (key === undefined) return undefined;
  const seen = new Set<string>();
  const ids: string[] = new Array<string>(array.length);
  const numbers = new Float64Array(array.length);
  for (let i = 0; i < array.length; i++) {
    const id = keyId(array[i], key);
    if (id === undefined || seen.has(id)) return undefined;
    seen.add(id);
    ids[i] = id;
    numbers[i] = id.charCodeAt(0) === 0x6e ? Number(id.slice(2)) : Number.NaN;
  }
  const indices = new Int32Array(array.length);
  for (let i = 0; i < indices.length; i++) indices[i] = i;
  indices.sort((a, b) => {
    const idA = ids[a]!;
    const idB = ids[b]!;
    const aNumber = idA.charCodeAt(0) === 0x6e;
    if (aNumber !== (idB.charCodeAt(0) === 0x6e)) return aNumber ? -1 : 1;
    const difference = numbers[a]! - numbers[b]!;
    if (difference !== 0 && !Number.isNaN(difference)) return difference;
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  });
  return { ids: Array.from(indices, (index) => ids[index]!), indices };
}

/** The order of key identities: numbers by value, before strings by code unit. */
export function compareIds(a: string, b: string): number {
  const aNumber = a.startsWith('n:');
  if (aNumber !== b.startsWith('n:')) return aNumber ? -1 : 1;
  if (aNumber) {
    const difference = Number(a.slice(2)) - Number(b.slice(2));
    if (difference !== 0 && !Number.isNaN(difference)) return difference;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A subtree as the diff reports it: plain JSON data, exact numbers as strings, keys as plain data. */
export function toCompared(value: Tree): ComparedValue {
  if (isLosslessNumber(value)) return (value as LosslessNumber).toString();
  if (value === null || typeof value !== 'object') return value as ComparedValue;
  if (Array.isArray(value)) return value.map(toCompared);
  const out: Record<string, ComparedValue> = {};
  for (const key of sortedKeys(value)) setOwn(out, key, toCompared((value as Record<string, Tree>)[key]));
  return out;
}
