/** Header pairs as sent: names as written, in arrival order, duplicates kept. */
export type HeaderPairs = ReadonlyArray<readonly [string, string]>;

/** First value of a header, case-insensitively (hooks, requests, responses: anything with header pairs). */
export function headerValue(message: { readonly headers: HeaderPairs }, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [n, v] of message.headers) if (n.toLowerCase() === lower) return v;
  return undefined;
}

/** Every value of a header, case-insensitively, in arrival order. */
export function headerValues(message: { readonly headers: HeaderPairs }, name: string): string[] {
  const lower = name.toLowerCase();
  return message.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/** Pairs Node's and undici's raw header arrays ([name, value, name, value, …]). */
export function pairHeaders(raw: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}
