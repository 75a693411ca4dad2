import * as querystring from 'node:querystring';
import type { VerifyRequest } from './types';
import { headerValue } from '../model/headers';
import { hmac } from './util';

export const TWILIO_HEADER = 'X-Twilio-Signature';
export const TWILIO_SETTINGS_HEADER = 'X-Twilio-Webhooks-Signature-Settings';

/** Form parameters by name, each with its values in arrival order. */
export type TwilioParams = ReadonlyMap<string, readonly string[]>;

/**
 * Twilio's requests carry a few dozen form parameters; a form with more pairs than this is refused rather
 * than checked, and never checked in part (pairs after a parser's limit would be left out of the signature).
 */
export const MAX_TWILIO_FORM_PAIRS = 10_000;

/**
 * Twilio's signature: HMAC (SHA-1 with the Auth Token, or the SharedKey algorithm) of the URL followed by
 * each form parameter's name and value, names sorted, a name's distinct values sorted; base64.
 */
export function twilioSignature(algorithm: 'sha1' | 'sha256', key: string, url: string, params: TwilioParams): Buffer {
  let data = url;
  for (const name of [...params.keys()].sort()) {
    for (const value of [...new Set(params.get(name))].sort()) data += name + value;
  }
  return hmac(algorithm, key, Buffer.from(data, 'utf8'));
}

/** The algorithm named by `X-Twilio-Webhooks-Signature-Settings` (absent: the Auth Token's HMAC-SHA1). */
export function twilioAlgorithm(request: Pick<VerifyRequest, 'headers'>): 'sha1' | 'sha256' | { unknown: string } {
  const settings = headerValue(request, TWILIO_SETTINGS_HEADER) ?? '';
  for (const part of settings.slice(0, 1024).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== 'algorithm') continue;
    const name = part
      .slice(eq + 1)
      .trim()
      .toUpperCase();
    if (name === '' || name === 'HMAC_SHA1') return 'sha1';
    if (name === 'HMAC_SHA256') return 'sha256';
    return { unknown: name };
  }
  return 'sha1';
}

/** The `bodySHA256` query parameter Twilio adds to the URL when the body is JSON, if any. */
export function bodySha256Param(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('bodySHA256') ?? undefined;
  } catch {
    return undefined;
  }
}

/** Whether the request's Content-Type is a urlencoded form, whose parameters Twilio signs. */
export function isFormBody(request: Pick<VerifyRequest, 'headers'>): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(headerValue(request, 'content-type') ?? '');
}

/** How many `name=value` pairs a urlencoded body holds (empty pieces between "&"s are not pairs). */
export function formPairCount(body: Uint8Array): number {
  let pairs = 0;
  let empty = true;
  for (const byte of body) {
    if (byte === 0x26) {
      if (!empty) pairs++;
      empty = true;
    } else empty = false;
  }
  return empty ? pairs : pairs + 1;
}

/** Whether the signature covers the body as form parameters: a urlencoded body, and no bodySHA256 in the URL. */
export function signsFormParams(request: Pick<VerifyRequest, 'headers' | 'url'>): boolean {
  return isFormBody(request) && bodySha256Param(request.url) === undefined;
}

/**
 * Form parameters of a urlencoded body, every pair of it; none for other bodies and for the bodySHA256
 * variant. The verifier refuses forms of more than MAX_TWILIO_FORM_PAIRS pairs before calling this.
 */
export function twilioParams(request: VerifyRequest): TwilioParams {
  const params = new Map<string, string[]>();
  if (!signsFormParams(request)) return params;
  const text = Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength).toString('utf8');
  // maxKeys 0: no limit, so no pair is silently left out of the signature.
  const parsed = querystring.parse(text, '&', '=', { maxKeys: 0 });
  for (const name of Object.keys(parsed)) {
    const value = parsed[name];
    params.set(name, value === undefined ? [] : Array.isArray(value) ? value : [value]);
  }
  return params;
}

/**
 * The URLs Twilio's library tries for a URL as received: with and without the default port, then
 * the WHATWG-normalised URL, also with the query re-encoded by Node's legacy querystring.
 */
export function urlCandidates(url: string): string[] {
  const candidates = [removePort(url), addPort(url)];
  let normalised: string | undefined;
  try {
    normalised = new URL(url).toString();
  } catch {
    normalised = undefined;
  }
  if (normalised !== undefined) {
    const without = removePort(normalised);
    const withPort = addPort(normalised);
    candidates.push(without, withPort, legacyQuery(without), legacyQuery(withPort));
  }
  return [...new Set(candidates)];
}

interface UrlParts {
  readonly scheme: string;
  readonly userInfo: string;
  readonly host: string;
  readonly port: string;
  readonly rest: string;
}

function splitUrl(url: string): UrlParts | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!match) return undefined;
  const [prefix, scheme, authority] = match as unknown as [string, string, string];
  const userInfoEnd = authority.lastIndexOf('@');
  const hostAndPort = authority.slice(userInfoEnd + 1);
  const portStart = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1);
  return {
    scheme,
    userInfo: authority.slice(0, userInfoEnd + 1),
    host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
    port: portStart === -1 ? '' : hostAndPort.slice(portStart),
    rest: url.slice(prefix.length),
  };
}

function addPort(url: string): string {
  const p = splitUrl(url);
  if (!p || p.port) return url;
  const port = p.scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  return p.scheme + p.userInfo + p.host + port + p.rest;
}

function removePort(url: string): string {
  const p = splitUrl(url);
  return p ? p.scheme + p.userInfo + p.host + p.rest : url;
}

function legacyQuery(url: string): string {
  const q = url.indexOf('?');
  if (q === -1 || q === url.length - 1) return url;
  return `${url.slice(0, q)}?${querystring.stringify(querystring.parse(url.slice(q + 1)))}`;
}

/** URLs a person may have given instead of the one Twilio called: other scheme, trailing slash. */
export function urlMixUps(url: string): Array<{ url: string; what: string }> {
  const mixUps: Array<{ url: string; what: string }> = [];
  if (/^http:\/\//i.test(url)) mixUps.push({ url: `https://${url.slice(7)}`, what: 'with https instead of http' });
  if (/^https:\/\//i.test(url)) mixUps.push({ url: `http://${url.slice(8)}`, what: 'with http instead of https' });
  const q = url.search(/[?#]/);
  const path = q < 0 ? url : url.slice(0, q);
  const rest = q < 0 ? '' : url.slice(q);
  if (path.endsWith('/') && !/^[a-z]+:\/\/[^/]*\/$/i.test(path)) {
    mixUps.push({ url: path.slice(0, -1) + rest, what: 'without the trailing slash' });
  } else if (!path.endsWith('/')) {
    mixUps.push({ url: `${path}/${rest}`, what: 'with a trailing slash' });
  }
  return mixUps;
}
