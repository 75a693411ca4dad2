import { explainMismatch, trimmedSecret } from './explain';
import { alsoStale, checkTimestamp, parseTimestamp } from './timestamp';
import type { Verdict } from '../model/verdict';
import type { Verifier } from './types';
import { headerValue } from '../model/headers';
import {
  decodeHex,
  duplicatedHeader,
  hmac,
  invalid,
  noSecret,
  notSigned,
  nowSeconds,
  quote,
  safeEqual,
  tooLong,
  valid,
} from './util';

export const SLACK_SIGNATURE_HEADER = 'X-Slack-Signature';
export const SLACK_TIMESTAMP_HEADER = 'X-Slack-Request-Timestamp';
/** Slack's documentation refuses requests more than five minutes away from now, either way. */
export const SLACK_TOLERANCE_SECONDS = 5 * 60;

/**
 * Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">` keyed with the app's
 * signing secret, and `X-Slack-Request-Timestamp: <unix seconds>`.
 */
export const verifySlack: Verifier = (request, { secret, clock }) => {
  const value = headerValue(request, SLACK_SIGNATURE_HEADER);
  if (value === undefined) return notSigned('slack', SLACK_SIGNATURE_HEADER);
  if (!secret) return noSecret('slack', SLACK_SIGNATURE_HEADER);
  const duplicated = duplicatedHeader('slack', request, [SLACK_SIGNATURE_HEADER, SLACK_TIMESTAMP_HEADER]);
  if (duplicated) return duplicated;
  const expected = parseSignature(value);
  if (!(expected instanceof Uint8Array)) return expected;
  const timestampText = headerValue(request, SLACK_TIMESTAMP_HEADER);
  if (timestampText === undefined) {
    return invalid(
      'slack',
      'header-missing',
      `The request has ${SLACK_SIGNATURE_HEADER} but no ${SLACK_TIMESTAMP_HEADER}, which is part of what Slack signs. ` +
        'Something between Slack and here dropped it; forward all headers.',
    );
  }
  const timestamp = parseTimestamp('slack', SLACK_TIMESTAMP_HEADER, timestampText.slice(0, 64));
  if (typeof timestamp !== 'number') return timestamp;
  const matches = (body: Uint8Array, key: string = secret): boolean =>
    safeEqual(hmac('sha256', key, `v0:${timestampText}:`, body), expected);
  const stale = checkTimestamp('slack', timestamp, nowSeconds(clock.now()), {
    seconds: SLACK_TOLERANCE_SECONDS,
    refuseFuture: true,
  });
  if (matches(request.body)) return stale ?? valid('slack');
  if (/^xox[a-z]-/.test(secret) || isVerificationToken(secret, request.body)) {
    return invalid(
      'slack',
      'wrong-secret',
      `The secret looks like ${secret.startsWith('xox') ? 'a Slack OAuth token' : "the app's deprecated Verification Token"}, ` +
        'not its Signing Secret. Use the Signing Secret from Basic Information → App Credentials at api.slack.com/apps.',
    );
  }
  return explainMismatch('slack', {
    body: request.body,
    matchesBody: (body) => matches(body),
    secretAlternatives: trimmedSecret(secret, (key) => matches(request.body, key)),
    secretHint:
      "the app's Signing Secret under Basic Information → App Credentials at api.slack.com/apps (not the Verification Token or a bot token)",
    also: alsoStale(stale),
  });
};

function parseSignature(value: string): Uint8Array | Verdict {
  const long = tooLong('slack', SLACK_SIGNATURE_HEADER, value);
  if (long) return long;
  const text = value.trim();
  const digest = text.startsWith('v0=') ? decodeHex(text.slice(3)) : undefined;
  if (digest?.length !== 32) {
    return invalid(
      'slack',
      'header-malformed',
      `${SLACK_SIGNATURE_HEADER} is ${quote(value)}; it should be "v0=" followed by 64 hex digits.`,
    );
  }
  return digest;
}

/** Whether the secret is the `token` Slack puts in slash command and interaction payloads. */
function isVerificationToken(secret: string, body: Uint8Array): boolean {
  if (body.length > 64 * 1024) return false;
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  const params = new URLSearchParams(text);
  if (params.get('token') === secret) return true;
  const payload = params.get('payload') ?? text;
  try {
    const parsed: unknown = JSON.parse(payload);
    return typeof parsed === 'object' && parsed !== null && (parsed as { token?: unknown }).token === secret;
  } catch {
    return false;
  }
}
