/**
 * The params table and the URL's query, kept in sync both ways. The URL is the truth: the table is worked out from
 * it, and editing a row writes the query again. A row the user did not change is written back exactly as it was
 * typed (same encoding), and `{{variables}}` are never encoded. Plain functions, no DOM: unit-tested in Node.
 */

export interface ParamRow {
  readonly name: string;
  readonly value: string;
  /** The `name=value` text as it stands in the URL, when the row came from it. */
  readonly raw?: string;
}

/** The URL split around its query: `base` before `?`, `query` between `?` and `#`, `fragment` from `#` on. */
export function splitUrl(url: string): { base: string; query: string | undefined; fragment: string } {
  const hash = url.indexOf('#');
  const beforeHash = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : url.slice(hash);
  const mark = beforeHash.indexOf('?');
  if (mark < 0) return { base: beforeHash, query: undefined, fragment };
  return { base: beforeHash.slice(0, mark), query: beforeHash.slice(mark + 1), fragment };
}

/** Decodes a query component for display; text that is not valid percent-encoding is shown as typed. */
export function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Encodes a query component, leaving `{{variables}}` and characters that are safe in a query as they are. */
export function encodeComponent(text: string): string {
  return text
    .split(/(\{\{[^{}]*\}\})/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : encodeURIComponent(part)
            .replace(/%20/g, '+')
            .replace(/%(2C|3A|40|24|2F|3B)/gi, (escaped) => decodeURIComponent(escaped)),
    )
    .join('');
}

export function parseQuery(url: string): ParamRow[] {
  const { query } = splitUrl(url);
  if (query === undefined || query === '') return [];
  return query
    .split('&')
    .filter((part) => part !== '')
    .map((raw) => {
      const eq = raw.indexOf('=');
      const name = eq < 0 ? raw : raw.slice(0, eq);
      const value = eq < 0 ? '' : raw.slice(eq + 1);
      return { name: decodeComponent(name), value: decodeComponent(value), raw };
    });
}

function rowText(row: ParamRow): string {
  if (row.raw !== undefined) {
    const eq = row.raw.indexOf('=');
    const name = eq < 0 ? row.raw : row.raw.slice(0, eq);
    const value = eq < 0 ? '' : row.raw.slice(eq + 1);
    if (decodeComponent(name) === row.name && decodeComponent(value) === row.value) return row.raw;
  }
  const name = encodeComponent(row.name);
  return row.value === '' && row.raw !== undefined && !row.raw.includes('=')
    ? name
    : `${name}=${encodeComponent(row.value)}`;
}

/** The URL with its query made of `rows` (empty rows skipped); base and fragment untouched. */
export function withQuery(url: string, rows: readonly ParamRow[]): string {
  const { base, fragment } = splitUrl(url);
  const parts = rows.filter((row) => row.name !== '' || row.value !== '').map(rowText);
  if (parts.length === 0) return `${base}${fragment}`;
  return `${base}?${parts.join('&')}${fragment}`;
}
