/** Sets own enumerable property `key`, as data even when the key is `__proto__`: never changes a prototype. */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
