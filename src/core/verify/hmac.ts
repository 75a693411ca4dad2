import { getHashes } from 'node:crypto';
import { isHeaderName } from '../http/headers';
import { explainMismatch, trimmedSecret } from './explain';
import type { HmacOptions, Verifier } from './types';
import type { Verdict } from '../model/verdict';
import { headerValue } from '../model/headers';
import {
  decodeBase64,
  decodeHex,
  duplicatedHeader,
  hmac,
  invalid,
  noSecret,
  notSigned,
  quote,
  safeEqual,
  tooLong,
  valid,
} from './util';

export interface ResolvedHmacOptions {
  readonly algorithm: string;
  readonly header: string;
  readonly encoding: 'hex' | 'base64';
  readonly prefix: string;
}

/** Algorithms tried when a signature does not match, to spot a settings mix-up. */
const COMMON = ['sha256', 'sha1', 'sha512', 'sha384', 'md5'];

/** Bodies larger than this are not re-hashed with other algorithms to spot a settings mix-up (up to 11 HMACs). */
const MAX_MIX_UP_BODY = 1024 * 1024;

/** Fills in defaults (sha256, hex, no prefix) and checks the settings, or says what is wrong. */
export function resolveHmacOptions(options: HmacOptions | undefined): ResolvedHmacOptions | { error: string } {
  if (!options?.header || !isHeaderName(options.header)) {
    return { error: 'The generic HMAC scheme needs the name of the header that carries the signature.' };
  }
  const algorithm = (options.algorithm ?? 'sha256').toLowerCase();
  if (!isHmacAlgorithm(algorithm)) {
    return { error: `${quote(algorithm)} is not an HMAC algorithm this Node.js knows (try sha256, sha1 or sha512).` };
  }
  const encoding = options.encoding ?? 'hex';
  if (encoding !== 'hex' && encoding !== 'base64') return { error: 'The encoding must be hex or base64.' };
  return { algorithm, header: options.header, encoding, prefix: options.prefix ?? '' };
}

export function isHmacAlgorithm(algorithm: string): boolean {
  if (!getHashes().includes(algorithm)) return false;
  try {
    hmac(algorithm, 'k', 'probe');
    return true;
  } catch {
    return false;
  }
}

/** Generic HMAC of the raw body, with configurable algorithm, header, encoding and prefix. */
export const verifyHmac: Verifier = (request, { secret, hmac: settings }) => {
  const options = resolveHmacOptions(settings);
  if ('error' in options) return invalid('hmac', 'config-invalid', options.error);
  const value = headerValue(request, options.header);
  if (value === undefined) return notSigned('hmac', options.header);
  if (!secret) return noSecret('hmac', options.header);
  const duplicated = duplicatedHeader('hmac', request, [options.header]);
  if (duplicated) return duplicated;
  const long = tooLong('hmac', options.header, value);
  if (long) return long;
  const expected = parseSignature(value, options);
  if (!(expected instanceof Uint8Array)) return expected;
  const matches = (body: Uint8Array, key: string = secret): boolean =>
    safeEqual(hmac(options.algorithm, key, body), expected);
  if (matches(request.body)) return valid('hmac');
  const mixUp = settingsMixUp(value.trim().slice(options.prefix.length), options, secret, request.body);
  if (mixUp) return mixUp;
  return explainMismatch('hmac', {
    body: request.body,
    matchesBody: (body) => matches(body),
    secretAlternatives: trimmedSecret(secret, (key) => matches(request.body, key)),
    secretHint: "the signing secret in the sender's webhook settings, and the algorithm, encoding and prefix",
  });
};

function parseSignature(value: string, options: ResolvedHmacOptions): Uint8Array | Verdict {
  const text = value.trim();
  if (!text.startsWith(options.prefix)) {
    return invalid(
      'hmac',
      'header-malformed',
      `${options.header} is ${quote(value)}; it should start with ${quote(options.prefix)}. Check the prefix setting.`,
    );
  }
  const digestText = text.slice(options.prefix.length);
  const digest = decode(digestText, options.encoding);
  if (digest) return digest;
  const otherEncoding = options.encoding === 'hex' ? 'base64' : 'hex';
  const inOther = decode(digestText, otherEncoding)
    ? ` It looks like ${otherEncoding}: set the encoding to ${otherEncoding}.`
    : '';
  const prefixHint = !inOther && /^[a-z0-9]+[=:,]/i.test(digestText) ? ' Maybe it has a prefix to set.' : '';
  return invalid(
    'hmac',
    'header-malformed',
    `${options.header} is ${quote(value)}, which is not a ${options.encoding} digest after the prefix ${quote(options.prefix)}.${inOther}${prefixHint}`,
  );
}

/** Whether another algorithm or encoding makes the signature match: then the settings are wrong, not the secret. */
function settingsMixUp(
  digestText: string,
  options: ResolvedHmacOptions,
  secret: string,
  body: Uint8Array,
): Verdict | undefined {
  if (body.length > MAX_MIX_UP_BODY) return undefined;
  for (const encoding of [options.encoding, options.encoding === 'hex' ? 'base64' : 'hex'] as const) {
    const digest = decode(digestText, encoding);
    if (!digest) continue;
    for (const algorithm of [options.algorithm, ...COMMON]) {
      if (encoding === options.encoding && algorithm === options.algorithm) continue;
      if (!safeEqual(hmac(algorithm, secret, body), digest)) continue;
      const changes = [
        algorithm !== options.algorithm ? `the algorithm to ${algorithm}` : '',
        encoding !== options.encoding ? `the encoding to ${encoding}` : '',
      ].filter(Boolean);
      return invalid(
        'hmac',
        'config-mismatch',
        `The signature matches an HMAC-${algorithm.toUpperCase()} in ${encoding}, not the HMAC-${options.algorithm.toUpperCase()} in ${options.encoding} configured: set ${changes.join(' and ')}.`,
      );
    }
  }
  return undefined;
}

function decode(text: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  return encoding === 'hex' ? decodeHex(text) : decodeBase64(text);
}
