/** `user:password@` in a URL: sent as Basic auth, never shown. */

/** The `Authorization` value for a URL's credentials (`Basic …`), or undefined when it has none. */
function basicAuthOf(url: URL): string | undefined {
  if (!url.username && !url.password) return undefined;
  const credentials = `${decoded(url.username)}:${decoded(url.password)}`;
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}

/**
 * The Authorization value to add for a URL's `user:password@` (`Basic …`), as curl and browsers do: undefined
 * when the URL has none, or when the request brings its own Authorization header.
 */
export function urlAuthorization(url: URL, headers: ReadonlyArray<readonly [string, string]>): string | undefined {
  const auth = basicAuthOf(url);
  if (auth === undefined || headers.some(([name]) => name.toLowerCase() === 'authorization')) return undefined;
  return auth;
}

/**
 * A URL without its `user:password@`, to name it where others may see it (titles, lists, tabs, logs, the
 * hook store). Text that does not parse as a URL loses what stands between `//` and an `@` before the path.
 */
export function withoutCredentials(text: string): string {
  if (!URL.canParse(text)) return text.replace(/^([^/?#]*\/\/)[^/?#]*@/, '$1');
  const url = new URL(text);
  if (!url.username && !url.password) return text;
  url.username = '';
  url.password = '';
  return url.toString();
}

/** A percent-decoded URL part; one with a malformed escape (`%zz`) is used as written. */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
