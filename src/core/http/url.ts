import { RequestError } from './errors';
import { withScheme } from './scheme';

/** `text` as a URL when it is an http:// or https:// one; undefined otherwise. */
export function httpUrl(text: string): URL | undefined {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url : undefined;
}

/** Whether `text` is an http:// or https:// URL. */
export function isHttpUrl(text: string): boolean {
  return httpUrl(text) !== undefined;
}

/**
 * Checks a URL before sending; only http and https are sent. A URL typed without a scheme gets one
 * (`localhost:3000/echo` → `http://localhost:3000/echo`, `api.example.com` → `https://api.example.com`).
 */
export function parseRequestUrl(raw: string): URL {
  const text = withScheme(raw);
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new RequestError('INVALID_URL', `"${raw}" is not a valid URL.`, error);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RequestError('UNSUPPORTED_PROTOCOL', `Only http and https URLs can be sent, not ${url.protocol}`);
  }
  return url;
}
