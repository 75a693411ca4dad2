/** Deeper XML than this is shown as it came. */
const MAX_XML_DEPTH = 512;

/**
 * Indents XML one element per line, keeping text, comments, CDATA and processing instructions as they are.
 * Returns undefined for input it cannot follow (unbalanced or too deep), which is then shown raw.
 */
export function formatXml(xml: string): string | undefined {
  const tokens = xml.match(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[^>]+>|[^<]+/g);
  if (!tokens) return undefined;
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const pad = '  '.repeat(depth);
    if (token.startsWith('</')) {
      depth--;
      if (depth < 0) return undefined;
      lines.push('  '.repeat(depth) + token);
    } else if (token.startsWith('<') && !isLeaf(token)) {
      // <a>text</a> stays on one line.
      const text = tokens[i + 1];
      const close = tokens[i + 2];
      if (text !== undefined && !text.startsWith('<') && close?.startsWith('</')) {
        lines.push(pad + token + text.trim() + close);
        i += 2;
        continue;
      }
      lines.push(pad + token);
      depth++;
      if (depth > MAX_XML_DEPTH) return undefined;
    } else if (token.trim() !== '') {
      lines.push(pad + token.trim());
    }
  }
  return depth === 0 ? lines.join('\n') : undefined;
}

/** Tags that open no element: self-closing, declarations, comments, CDATA, processing instructions. */
function isLeaf(token: string): boolean {
  return token.endsWith('/>') || token.startsWith('<?') || token.startsWith('<!');
}
