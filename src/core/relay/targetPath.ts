/**
 * Where a forwarded path leads, as the servers behind a forward target may read it. A forward sends the path
 * as it was received, dot segments and escapes included; the server there resolves them. A sender must not
 * reach, with the route's credentials, what lies above the target's own path.
 */

/** Escapes a server may decode before it resolves dot segments: `.`, `/`, `\`, and `%` (escapes escaped again). */
const DOTS_AND_SEPARATORS = /%(2e|2f|5c|25)/gi;

/** Rounds of decoding looked through (`%25` nests them); a path still changing after these is not forwarded. */
const DECODING_ROUNDS = 3;

/**
 * The segments `path` (before its query) resolves to, read as the most lenient common servers do: `%2e`,
 * `%2f` and `%5c` decoded (also when escaped again, `%252e`), `\` a separator, `;params` ignored (`..;/`), empty
 * segments merged, `..` never above the root. Undefined when it is encoded more times than that.
 */
function resolvedSegments(path: string): string[] | undefined {
  const query = path.indexOf('?');
  let text = query < 0 ? path : path.slice(0, query);
  for (let round = 0; ; round++) {
    const decoded = text.replace(DOTS_AND_SEPARATORS, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (decoded === text) break;
    if (round === DECODING_ROUNDS) return undefined;
    text = decoded;
  }
  const segments: string[] = [];
  for (const segment of text.split(/[/\\]/)) {
    const name = segment.split(';', 1)[0] ?? '';
    if (name === '..') segments.pop();
    else if (name !== '.' && name !== '') segments.push(name);
  }
  return segments;
}

/**
 * Whether `path` (and query) leads outside `prefix`, the target's own path, once dot segments are resolved
 * the way a server may resolve them; a path encoded past what is looked through counts as outside.
 */
export function leavesTargetPath(prefix: string, path: string): boolean {
  const base = resolvedSegments(prefix) ?? [];
  const resolved = resolvedSegments(path);
  if (!resolved || resolved.length < base.length) return true;
  return base.some((segment, i) => resolved[i] !== segment);
}
