import type { SentBody } from '../model/pulled';

import { MASK } from '../store/history/mask';

/** What the history writes in place of a secret value. */
export const MASKED = MASK;

/** Whether a header value or URL holds a value the history kept masked. */
export function isMasked(text: string): boolean {
  return text.includes(MASKED);
}

/** Names of the headers whose values are masked, each once, in their order. */
export function maskedHeaderNames(headers: ReadonlyArray<readonly [string, string]>): string[] {
  const names = new Map<string, string>();
  for (const [name, value] of headers)
    if (isMasked(value) && !names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  return [...names.values()];
}

/** The request body's bytes when they are in the exchange, else undefined (no body, or a file). */
export function requestBodyBytes(body: SentBody): Uint8Array | undefined {
  return body.kind === 'bytes' ? body.bytes : undefined;
}
