import type { MultipartRow } from './draft';
import type { CurlData } from './curlBody';
import { HARMLESS, SHORT, TAKES_VALUE } from './curlFlags';
import { CurlImportError } from './curlWords';

/** What the options of a curl command asked for, before it becomes a draft. */
export interface Collected {
  method?: string;
  readonly urls: string[];
  readonly headers: Array<[string, string]>;
  readonly data: CurlData[];
  json: boolean;
  readonly form: MultipartRow[];
  readonly query: string[];
  get: boolean;
  head: boolean;
  follow: boolean;
  insecure: boolean;
  compressed: boolean;
  user?: string;
  bearer?: string;
  readonly ignored: string[];
}

/** A Collected with nothing asked yet. */
export function nothingCollected(): Collected {
  return {
    urls: [],
    headers: [],
    data: [],
    json: false,
    form: [],
    query: [],
    get: false,
    head: false,
    follow: false,
    insecure: false,
    compressed: false,
    ignored: [],
  };
}

/** Reads curl's options (short ones grouped as `-sSL` or with their value attached as `-XPOST`) into `c`. */
export function readOptions(words: readonly string[], c: Collected): void {
  let options = true;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (!options || !word.startsWith('-') || word === '-') {
      c.urls.push(word);
    } else if (word === '--') {
      options = false;
    } else if (word.startsWith('--')) {
      const name = word.slice(2);
      const value = TAKES_VALUE.has(name) ? words[++i] : undefined;
      if (TAKES_VALUE.has(name) && value === undefined) throw new CurlImportError(`${word} needs a value after it.`);
      apply(name, value, word, c);
    } else {
      for (let j = 1; j < word.length; j++) {
        const letter = word[j] as string;
        const name = Object.hasOwn(SHORT, letter) ? (SHORT[letter] as string) : `-${letter}`;
        if (!TAKES_VALUE.has(name)) {
          apply(name, undefined, `-${letter}`, c);
          continue;
        }
        const value = j + 1 < word.length ? word.slice(j + 1) : words[++i];
        if (value === undefined) throw new CurlImportError(`-${letter} needs a value after it.`);
        apply(name, value, `-${letter}`, c);
        break;
      }
    }
  }
}

/** Applies one option; `value` is set for the options that take one. */
function apply(name: string, value: string | undefined, flag: string, c: Collected): void {
  const v = value ?? '';
  switch (name) {
    case 'request':
      c.method = v;
      return;
    case 'url':
      c.urls.push(v);
      return;
    case 'header':
      return header(v, flag, c);
    case 'data':
    case 'data-ascii':
    case 'data-binary':
    case 'json':
      if (name === 'json') c.json = true;
      c.data.push(v.startsWith('@') ? { kind: 'file', text: v.slice(1), flag } : { kind: 'text', text: v, flag });
      return;
    case 'data-raw':
      c.data.push({ kind: 'text', text: v, flag });
      return;
    case 'data-urlencode':
      c.data.push(urlencoded(v, flag));
      return;
    case 'form':
    case 'form-string':
      return formPart(v, flag, name === 'form-string', c);
    case 'url-query':
      c.query.push(v.startsWith('+') ? v.slice(1) : encodedPair(v));
      return;
    case 'user':
      c.user = v;
      return;
    case 'oauth2-bearer':
      c.bearer = v;
      return;
    case 'user-agent':
      c.headers.push(['User-Agent', v]);
      return;
    case 'referer':
      if (v.replace(/;auto$/, '') !== '') c.headers.push(['Referer', v.replace(/;?auto$/, '')]);
      if (v.endsWith('auto')) c.ignored.push(`${flag} ;auto (the Referer on redirects)`);
      return;
    case 'cookie':
      if (v.includes('=')) c.headers.push(['Cookie', v]);
      else c.ignored.push(`${flag} ${v.slice(0, 80)} (a cookie file)`);
      return;
    case 'get':
      c.get = true;
      return;
    case 'head':
      c.head = true;
      return;
    case 'location':
    case 'location-trusted':
      c.follow = true;
      return;
    case 'insecure':
      c.insecure = true;
      return;
    case 'compressed':
      c.compressed = true;
      return;
    default:
      if (!HARMLESS.has(name)) c.ignored.push(flag);
  }
}

function header(value: string, flag: string, c: Collected): void {
  if (value.startsWith('@')) {
    c.ignored.push(`${flag} ${value.slice(0, 80)} (headers from a file)`);
    return;
  }
  const match = /^([^:;]+)([:;])(.*)$/s.exec(value);
  const name = match?.[1]?.trim() ?? '';
  const text = match?.[3]?.trim() ?? '';
  if (!match || name === '' || (match[2] === ';' && text !== '')) {
    c.ignored.push(`${flag} ${value.slice(0, 80)} (not a header)`);
  } else if (match[2] === ';') c.headers.push([name, '']);
  else if (text === '') c.ignored.push(`${flag} '${name}:' (removes a header curl adds)`);
  else c.headers.push([name, text]);
}

/** `--data-urlencode`: `content`, `=content`, `name=content` (content encoded), or `name@file`/`@file`. */
function urlencoded(value: string, flag: string): CurlData {
  const at = value.search(/[=@]/);
  if (at >= 0 && value[at] === '@') return { kind: 'file', text: value.slice(at + 1), flag };
  return { kind: 'text', text: encodedPair(value), flag };
}

/** `name=content` with the content percent-encoded as curl does (all but A-Z a-z 0-9 - . _ ~). */
function encodedPair(value: string): string {
  const eq = value.indexOf('=');
  if (eq < 0) return strictEncode(value);
  return `${value.slice(0, eq) === '' ? '' : `${value.slice(0, eq)}=`}${strictEncode(value.slice(eq + 1))}`;
}

function strictEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

function formPart(value: string, flag: string, literal: boolean, c: Collected): void {
  const eq = value.indexOf('=');
  if (eq <= 0) {
    c.ignored.push(`${flag} ${value.slice(0, 80)} (not name=value)`);
    return;
  }
  const name = value.slice(0, eq);
  let content = value.slice(eq + 1);
  if (!literal && content.startsWith('<')) {
    c.ignored.push(`${flag} ${name}=<… (a part read from a file as text)`);
    return;
  }
  const file = !literal && content.startsWith('@');
  if (!literal) {
    const semi = /;(type|filename|headers|encoder)=/.exec(content);
    if (semi) {
      c.ignored.push(`${flag} ${name}: ${content.slice(semi.index + 1, semi.index + 60)} (part options)`);
      content = content.slice(0, semi.index);
    }
  }
  c.form.push({ enabled: true, kind: file ? 'file' : 'text', name, value: file ? content.slice(1) : content });
}
