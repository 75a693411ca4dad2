import { parseArgs } from 'node:util';
import { isHeaderName } from '../core/http/headers';
import { type Clock, systemClock } from '../core/clock';
import { isHmacAlgorithm } from '../core/verify/hmac';
import { ACCEPTED_PROVIDER_NAMES, resolveProvider, verifyRequest } from '../core/verify/registry';
import type { HmacOptions } from '../core/verify/types';
import type { ProviderName } from '../core/model/verdict';
import { printable, terminalSafeJson } from './format';
import { oneLine } from './io';
import { isHttpUrl } from '../core/http/url';
import { type StoredCheck, verifyStored } from './verifyStored';

export interface VerifyIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

export const VERIFY_USAGE = `Usage: pushpull verify --provider P [--secret S | --secret-env NAME] [--url U] [--method M]
                       [--now UNIX_SECONDS] [--header "Name: value"]… < body
       pushpull verify --store DIR --id ID|latest [--routes FILE] [--provider P] [--secret S | --secret-env NAME]

Checks a webhook signature over the body read from stdin, or of a stored hook, and prints a JSON verdict.
A stored hook is checked with its route's provider and secret (the route's secretEnv, from --routes) unless
--provider or --secret say otherwise, and its timestamps as of its arrival unless --now is given.
Exit status: 0 valid, 1 invalid / not signed / no secret / no such hook, 2 usage error.

  --provider        ${ACCEPTED_PROVIDER_NAMES.join(', ')}
  --secret          the signing secret (visible to other users in the process list; prefer --secret-env)
  --secret-env      name of an environment variable holding the secret (default: PUSHPULL_SECRET)
  --url             the full URL the provider called (required for twilio)
  --method          the request method (default POST)
  --store           a hook store folder (as pushpull listen --store writes it); with --id
  --id              the stored hook: its id, a unique start of it, or "latest"
  --routes          a JSON file of routes, as pushpull listen --routes takes
  --now             check timestamps as of this Unix time in seconds (default: now)
  --header          a request header, repeatable
  hmac only:
  --signature-header  the header carrying the signature (required)
  --algorithm       sha256 (default), sha1, sha512, …
  --encoding        hex (default) or base64
  --prefix          text before the digest, e.g. "sha256="
`;

class UsageError extends Error {}

interface Parsed {
  readonly provider: ProviderName;
  readonly secret: string | undefined;
  readonly url: string;
  readonly method: string;
  readonly clock: Clock;
  readonly headers: Array<[string, string]>;
  readonly hmac: HmacOptions | undefined;
}

/** `pushpull verify`: returns the exit code; writes the verdict to stdout or one usage line to stderr. */
export async function runVerify(args: string[], io: VerifyIo): Promise<number> {
  let parsed: Parsed | StoredCheck | 'help';
  try {
    parsed = parse(args, io.env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`pushpull verify: ${printable(oneLine(message))} (see pushpull verify --help)\n`);
    return 2;
  }
  if (parsed === 'help') {
    io.stdout.write(VERIFY_USAGE);
    return 0;
  }
  if ('store' in parsed) return verifyStored(parsed, io);
  const body = await readAll(io.stdin);
  const verdict = verifyRequest(
    parsed.provider,
    { method: parsed.method, url: parsed.url, headers: parsed.headers, body },
    { secret: parsed.secret, clock: parsed.clock, hmac: parsed.hmac },
  );
  // Reasons quote header values as sent: the characters a terminal acts on are written as escapes.
  io.stdout.write(`${terminalSafeJson(verdict, 2)}\n`);
  return verdict.status === 'valid' ? 0 : 1;
}

function parse(args: string[], env: NodeJS.ProcessEnv): Parsed | StoredCheck | 'help' {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      provider: { type: 'string' },
      secret: { type: 'string' },
      'secret-env': { type: 'string' },
      url: { type: 'string' },
      method: { type: 'string' },
      now: { type: 'string' },
      header: { type: 'string', multiple: true },
      algorithm: { type: 'string' },
      'signature-header': { type: 'string' },
      encoding: { type: 'string' },
      prefix: { type: 'string' },
      store: { type: 'string' },
      id: { type: 'string' },
      routes: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values.store !== undefined || values.id !== undefined || values.routes !== undefined) return stored(values, env);
  if (values.provider === undefined)
    throw new UsageError(`--provider is required (${ACCEPTED_PROVIDER_NAMES.join(', ')})`);
  const provider = resolveProvider(values.provider);
  if (!provider) {
    throw new UsageError(`unknown provider "${values.provider}" (use ${ACCEPTED_PROVIDER_NAMES.join(', ')})`);
  }
  const hmacFlags = (['algorithm', 'signature-header', 'encoding', 'prefix'] as const).filter(
    (flag) => values[flag] !== undefined,
  );
  if (provider !== 'hmac' && hmacFlags.length > 0) {
    throw new UsageError(`--${hmacFlags[0]} only applies to --provider hmac`);
  }
  if (provider === 'twilio' && values.url === undefined) {
    throw new UsageError('--url is required for twilio: the full URL Twilio called, which it signs');
  }
  const url = values.url ?? 'http://localhost/';
  if (!isHttpUrl(url)) {
    throw new UsageError(`--url "${url}" is not a full http(s) URL`);
  }
  const method = values.method ?? 'POST';
  if (!/^[A-Za-z]+$/.test(method)) throw new UsageError(`--method "${method}" is not an HTTP method`);
  return {
    provider,
    secret: secretFrom(values.secret, values['secret-env'], env),
    url,
    method: method.toUpperCase(),
    clock: clockFrom(values.now),
    headers: (values.header ?? []).map(parseHeader),
    hmac: provider === 'hmac' ? hmacOptions(values) : undefined,
  };
}

/** `--store DIR --id ID`: a stored hook, checked with the routes, provider and secret given. */
function stored(values: ParsedValues, env: NodeJS.ProcessEnv): StoredCheck {
  if (values.store === undefined || values.id === undefined)
    throw new UsageError('give --store DIR and --id ID together');
  for (const flag of ['url', 'method', 'header'] as const) {
    if (values[flag] !== undefined)
      throw new UsageError(`--${flag} is read from the stored hook: leave it out with --store`);
  }
  const provider = values.provider === undefined ? undefined : resolveProvider(values.provider);
  if (values.provider !== undefined && !provider) {
    throw new UsageError(`unknown provider "${values.provider}" (use ${ACCEPTED_PROVIDER_NAMES.join(', ')})`);
  }
  const hasSecret = values.secret !== undefined || values['secret-env'] !== undefined;
  return {
    store: values.store,
    id: values.id,
    routesFile: values.routes,
    provider,
    hmac: provider === 'hmac' ? hmacOptions(values) : undefined,
    secret: hasSecret || !values.routes ? secretFrom(values.secret, values['secret-env'], env) : undefined,
    now: values.now === undefined ? undefined : clockFrom(values.now).now(),
  };
}

interface ParsedValues {
  provider?: string;
  secret?: string;
  'secret-env'?: string;
  url?: string;
  method?: string;
  now?: string;
  header?: string[];
  algorithm?: string;
  'signature-header'?: string;
  encoding?: string;
  prefix?: string;
  store?: string;
  id?: string;
  routes?: string;
}

function secretFrom(
  secret: string | undefined,
  envName: string | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (secret !== undefined && envName !== undefined) throw new UsageError('give --secret or --secret-env, not both');
  if (secret !== undefined) return secret;
  if (envName !== undefined) {
    const value = env[envName];
    if (!value) throw new UsageError(`--secret-env ${envName}: that environment variable is not set or empty`);
    return value;
  }
  return env.PUSHPULL_SECRET || undefined;
}

function clockFrom(now: string | undefined): Clock {
  if (now === undefined) return systemClock;
  if (!/^\d{1,12}$/.test(now)) throw new UsageError(`--now "${now}" is not a Unix time in seconds`);
  const ms = Number(now) * 1000;
  return { now: () => ms };
}

function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = colon < 0 ? '' : text.slice(0, colon).trim();
  if (!isHeaderName(name)) {
    throw new UsageError(`--header "${text.slice(0, 60)}" is not of the form "Name: value"`);
  }
  return [name, text.slice(colon + 1).trim()];
}

function hmacOptions(values: {
  algorithm?: string;
  'signature-header'?: string;
  encoding?: string;
  prefix?: string;
}): HmacOptions {
  const header = values['signature-header'];
  if (!header) throw new UsageError('--signature-header is required for --provider hmac');
  if (!isHeaderName(header)) {
    throw new UsageError(
      `--signature-header "${header}" is not a valid header name (letters, digits, - and no spaces)`,
    );
  }
  const encoding = values.encoding ?? 'hex';
  if (encoding !== 'hex' && encoding !== 'base64') throw new UsageError(`--encoding must be hex or base64`);
  const algorithm = (values.algorithm ?? 'sha256').toLowerCase();
  if (!isHmacAlgorithm(algorithm)) throw new UsageError(`--algorithm "${algorithm}" is not a known HMAC algorithm`);
  return { header, algorithm, encoding, prefix: values.prefix ?? '' };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
