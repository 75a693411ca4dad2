import { parseQuery } from '../hooks/build';

/** A form-urlencoded body as one decoded `name = value` line per field, in order. */
export function formatForm(text: string): string {
  return parseQuery(text.trim())
    .map(([name, value]) => `${name} = ${value.replace(/\r?\n/g, '\\n')}`)
    .join('\n');
}
