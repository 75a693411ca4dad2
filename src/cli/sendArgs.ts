import { parseArgs } from 'node:util';
import { isHeaderName } from '../core/http/headers';
import { UsageError } from './io';

/** What `pushpull send` was asked to do, checked but not yet read from disk. */
export interface SendArgs {
  /** Undefined when not given: GET, or POST when there is a body (as curl does). */
  readonly method: string | undefined;
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: SendBodyArg;
  readonly follow: boolean;
  readonly insecure: boolean;
  readonly caFile: string | undefined;
  /** Undefined: the sender's default. */
  readonly timeoutMs: number | undefined;
  readonly output: string | undefined;
  readonly include: boolean;
  readonly jsonOut: boolean;
  readonly history: string | undefined;
  readonly envFile: string | undefined;
  readonly environment: string | undefined;
}

export type SendBodyArg =
  | { readonly kind: 'none' }
  | { readonly kind: 'form'; readonly text: string }
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string };

/** A method is an HTTP token (RFC 9110): letters, digits and a few marks. */
const METHOD = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,32}$/;
/** The most seconds --timeout takes (a day). */
const MAX_TIMEOUT_SECONDS = 86_400;

const OPTIONS = {
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd' },
  'data-file': { type: 'string' },
  json: { type: 'string' },
  'no-follow': { type: 'boolean' },
  insecure: { type: 'boolean', short: 'k' },
  cacert: { type: 'string' },
  timeout: { type: 'string' },
  output: { type: 'string', short: 'o' },
  include: { type: 'boolean', short: 'i' },
  'json-out': { type: 'boolean' },
  history: { type: 'string' },
  env: { type: 'string' },
  environment: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses the arguments after `send`; 'help' when help was asked for. Throws UsageError. */
export function parseSendArgs(args: string[]): SendArgs | 'help' {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('a URL is needed: pushpull send [METHOD] URL');
  if (positionals.length > 2) {
    throw new UsageError(`expected [METHOD] URL, got ${positionals.length} words; quote a URL with spaces or &`);
  }
  const [first = '', second] = positionals;
  const method = second === undefined ? undefined : first;
  if (method !== undefined && !METHOD.test(method)) {
    throw new UsageError(`"${method}" is not an HTTP method (GET, POST, PUT, …)`);
  }
  const url = second ?? first;
  if (url.trim() === '') throw new UsageError('the URL is empty');
  if (values.environment !== undefined && values.env === undefined) {
    throw new UsageError('--environment needs --env FILE, the JSON file of environments');
  }
  return {
    method: method?.toUpperCase(),
    url,
    headers: (values.header ?? []).map(headerOf),
    body: bodyOf(values.data, values['data-file'], values.json),
    follow: !values['no-follow'],
    insecure: values.insecure === true,
    caFile: values.cacert,
    timeoutMs: timeoutOf(values.timeout),
    output: values.output,
    include: values.include === true,
    jsonOut: values['json-out'] === true,
    history: values.history,
    envFile: values.env,
    environment: values.environment,
  };
}

/** `Name: value` as curl's -H takes it; the value is trimmed of the spaces around it. */
function headerOf(text: string): [string, string] {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new UsageError(`-H takes "Name: value", not "${text}"`);
  const name = text.slice(0, colon).trim();
  if (!isHeaderName(name)) throw new UsageError(`"${name}" is not a valid header name (in -H "${text}")`);
  return [name, text.slice(colon + 1).trim()];
}

function bodyOf(data: string | undefined, file: string | undefined, json: string | undefined): SendBodyArg {
  const given = [data, file, json].filter((v) => v !== undefined).length;
  if (given > 1) throw new UsageError('give one body: -d DATA, --data-file FILE or --json JSON');
  if (data !== undefined) return { kind: 'form', text: data };
  if (file !== undefined) return { kind: 'file', path: file };
  if (json !== undefined) return { kind: 'json', text: json };
  return { kind: 'none' };
}

function timeoutOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(seconds > 0) || seconds > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(`--timeout takes seconds above 0, up to ${MAX_TIMEOUT_SECONDS}, not "${text}"`);
  }
  return Math.max(1, Math.round(seconds * 1000));
}
