/**
 * What a hook's request target (`url`: path and query as the request line had them) tells when read.
 * Nothing here is kept per hook: a sender controls the target, so what is derived from it is worked out
 * when asked for instead of held in memory for every stored hook.
 */

/** The path: the target up to its query (`OPTIONS *` keeps `*`). */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** The query parameters of a target, in order, duplicates kept, percent-decoded. */
export function queryOf(url: string): Array<[string, string]> {
  const q = url.indexOf('?');
  return q < 0 ? [] : parseQuery(url.slice(q + 1));
}

/** Query pairs in order; a malformed escape is kept as written. */
export function parseQuery(query: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decode(name), decode(value)]);
  }
  return pairs;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * The origin a full URL adds to `url` (`http://host` of `http://host/p?q`), or undefined when the full URL
 * is not the origin followed by `url` (`OPTIONS *`, an absolute-form target without a path).
 */
export function originOf(fullUrl: string, url: string): string | undefined {
  if (url === '' || !fullUrl.endsWith(url) || fullUrl.length === url.length) return undefined;
  const origin = fullUrl.slice(0, fullUrl.length - url.length);
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*$/i.test(origin) ? origin : undefined;
}
