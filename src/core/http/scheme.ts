/**
 * A URL typed without its scheme, as people type them into an address bar (`localhost:3000/echo`,
 * `api.github.com/user`), gets one as browsers give it: `http://` for this machine, `https://` for any other host.
 * Text with a scheme of its own (`ftp://…`, `mailto:…`) is left as written, for the caller to refuse.
 */
export function withScheme(raw: string): string {
  const text = raw.trim();
  if (text === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  const rest = text.startsWith('//') ? text.slice(2) : text;
  // `name:` is a scheme (`mailto:x`, `javascript:…`) unless a port follows it: `localhost:3000`, `host:8080/x`.
  const scheme = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(rest);
  if (scheme && !/^\d*(?:[/?#]|$)/.test(scheme[2] ?? '')) return text;
  const host = hostOf(rest);
  return `${isLoopbackHost(host) ? 'http' : 'https'}://${rest}`;
}

/** The host part of `host[:port][/path]`, lower case, without `user:password@` and brackets kept. */
function hostOf(rest: string): string {
  const authority = rest.split(/[/?#]/, 1)[0] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d*$/, '');
}

/** Whether `host` (a URL's hostname, IPv6 in brackets) names this machine: localhost, 127.0.0.0/8, [::1]. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '[::1]' || name === '::1') return true;
  return /^127(?:\.\d{1,3}){3}$/.test(name);
}
