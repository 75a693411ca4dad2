/** Deeper XML than this is shown as it came. */
const MAX_XML_DEPTH = 512;

/** Formatted text longer than this (in characters) is not made: the body is then shown as it came. */
const MAX_XML_CHARS = 32 * 1024 * 1024;

/**
 * Indents XML one element per line, keeping text, comments, CDATA and processing instructions as they are.
 * Returns undefined for input it cannot follow (a `<` that never closes, unbalanced, too deep or printing too
 * long), which is then shown raw. Runs in time linear in the input.
 */
export function formatXml(xml: string, maxChars = MAX_XML_CHARS): string | undefined {
  const tokens = tokenize(xml);
  if (!tokens || tokens.length === 0) return undefined;
  const lines: string[] = [];
  let length = 0;
  const push = (line: string): void => {
    lines.push(line);
    length += line.length + 1;
  };
  const indents = [''];
  const indent = (depth: number): string => (indents[depth] ??= '  '.repeat(depth));
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (length > maxChars) return undefined;
    const token = tokens[i] as string;
    const pad = indent(depth);
    if (token.startsWith('</')) {
      depth--;
      if (depth < 0) return undefined;
      push(indent(depth) + token);
    } else if (token.startsWith('<') && !isLeaf(token)) {
      // <a>text</a> stays on one line.
      const text = tokens[i + 1];
      const close = tokens[i + 2];
      if (text !== undefined && !text.startsWith('<') && close?.startsWith('</')) {
        push(pad + token + text.trim() + close);
        i += 2;
        continue;
      }
      push(pad + token);
      depth++;
      if (depth > MAX_XML_DEPTH) return undefined;
    } else if (token.trim() !== '') {
      push(pad + token.trim());
    }
  }
  return depth === 0 && length <= maxChars ? lines.join('\n') : undefined;
}

/**
 * Splits XML into CDATA sections, comments, tags (`<` up to the next `>`) and text, in one pass. Returns undefined
 * when a `<` starts something that never ends (`<` without `>`, `<!--` without `-->`, `<![CDATA[` without `]]>`):
 * each search starts where the token starts and the scan continues after where it ended, so no text is read twice.
 */
export function tokenize(xml: string): string[] | undefined {
  const tokens: string[] = [];
  let i = 0;
  while (i < xml.length) {
    if (xml.charCodeAt(i) !== 0x3c) {
      const next = xml.indexOf('<', i);
      const end = next < 0 ? xml.length : next;
      tokens.push(xml.slice(i, end));
      i = end;
      continue;
    }
    let end: number;
    if (xml.startsWith('<![CDATA[', i)) end = after(xml, ']]>', i + 9);
    else if (xml.startsWith('<!--', i)) end = after(xml, '-->', i + 4);
    else if (xml.charCodeAt(i + 1) === 0x3e)
      return undefined; // `<>` is no tag
    else end = after(xml, '>', i + 1);
    if (end < 0) return undefined;
    tokens.push(xml.slice(i, end));
    i = end;
  }
  return tokens;
}

/** The index just after the first `marker` at or after `from`, or -1. */
function after(xml: string, marker: string, from: number): number {
  const at = xml.indexOf(marker, from);
  return at < 0 ? -1 : at + marker.length;
}

/** Tags that open no element: self-closing, declarations, comments, CDATA, processing instructions. */
function isLeaf(token: string): boolean {
  return token.endsWith('/>') || token.startsWith('<?') || token.startsWith('<!');
}
