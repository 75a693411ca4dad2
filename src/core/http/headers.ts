import { RequestError } from './errors';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether `name` is a valid header name (an RFC 9110 token). */
export function isHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

/** Parses `Name: value` lines (blank lines and `#` comments skipped) into header pairs. */
export function parseHeaderLines(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) {
      throw new RequestError('INVALID_HEADER', `Header line ${index + 1} is not "Name: value": ${line.slice(0, 80)}`);
    }
    pairs.push([name, line.slice(colon + 1).trim()]);
  });
  return pairs;
}
