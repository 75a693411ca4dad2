/** `text` as a URL when it is an http:// or https:// one; undefined otherwise. */
export function httpUrl(text: string): URL | undefined {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url : undefined;
}

/** Whether `text` is an http:// or https:// URL. */
export function isHttpUrl(text: string): boolean {
  return httpUrl(text) !== undefined;
}
