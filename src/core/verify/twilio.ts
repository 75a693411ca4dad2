import { createHash } from 'node:crypto';
import { trimmedSecret } from './explain';
import type { Verdict } from '../model/verdict';
import type { Verifier, VerifyRequest } from './types';
import { headerValue } from '../model/headers';
import {
  decodeBase64,
  decodeHex,
  duplicatedHeader,
  invalid,
  noSecret,
  notSigned,
  quote,
  safeEqual,
  tooLong,
  valid,
} from './util';
import { bodyVariants } from './variants';
import {
  MAX_TWILIO_FORM_PAIRS,
  TWILIO_HEADER,
  TWILIO_SETTINGS_HEADER,
  type TwilioParams,
  bodySha256Param,
  formPairCount,
  isFormBody,
  signsFormParams,
  twilioAlgorithm,
  twilioParams,
  twilioSignature,
  urlCandidates,
  urlMixUps,
} from './twilioSigning';

const SECRET_HINT =
  "Check the secret: the account's Auth Token (Console → Account Info; the primary one, or the secondary while rotating), " +
  'or the SharedKey secret when the request has X-Twilio-Webhooks-Signature-Settings';

/**
 * Twilio: `X-Twilio-Signature` is the base64 HMAC-SHA1 (keyed with the Auth Token) of the full URL
 * Twilio called followed by the sorted form parameters. For JSON bodies the URL carries
 * `bodySHA256=<hex SHA-256 of the body>` and only the URL is signed. Any other body is covered by
 * nothing, so a request with one is not valid whatever its signature.
 */
export const verifyTwilio: Verifier = (request, { secret }) => {
  const value = headerValue(request, TWILIO_HEADER);
  if (value === undefined) return notSigned('twilio', TWILIO_HEADER);
  if (!secret) return noSecret('twilio', TWILIO_HEADER);
  const duplicated = duplicatedHeader('twilio', request, [TWILIO_HEADER, TWILIO_SETTINGS_HEADER]);
  if (duplicated) return duplicated;
  const long = tooLong('twilio', TWILIO_HEADER, value);
  if (long) return long;
  const algorithm = twilioAlgorithm(request);
  if (typeof algorithm !== 'string') {
    return invalid(
      'twilio',
      'header-malformed',
      `X-Twilio-Webhooks-Signature-Settings names the algorithm ${quote(algorithm.unknown)}; only HMAC_SHA1 and HMAC_SHA256 are known.`,
    );
  }
  const expected = decodeBase64(value.trim());
  if (expected?.length !== (algorithm === 'sha1' ? 20 : 32)) {
    return invalid(
      'twilio',
      'header-malformed',
      `${TWILIO_HEADER} is ${quote(value)}; it should be the base64 of an HMAC-${algorithm.toUpperCase()} digest.`,
    );
  }
  if (!/^https?:\/\/[^/?#]+/i.test(request.url)) {
    return invalid(
      'twilio',
      'config-invalid',
      `Twilio signs the full URL it called, and the URL given is ${quote(request.url, 80)}. Give the public URL configured in Twilio (for example https://example.ngrok.app/sms).`,
    );
  }
  const tooMany = tooManyPairs(request);
  if (tooMany) return tooMany;
  const params = twilioParams(request);
  const signs = (url: string, key: string = secret): boolean =>
    urlCandidates(url).some((candidate) => safeEqual(twilioSignature(algorithm, key, candidate, params), expected));
  if (!signs(request.url)) return explainTwilio(request, secret, signs, params);
  return checkBodyCovered(request) ?? valid('twilio');
};

/** A form too large to check in full; refused, never checked in part. */
function tooManyPairs(request: VerifyRequest): Verdict | undefined {
  if (!signsFormParams(request)) return undefined;
  const pairs = formPairCount(request.body);
  if (pairs <= MAX_TWILIO_FORM_PAIRS) return undefined;
  return invalid(
    'twilio',
    'body-mismatch',
    `There are too many form parameters to check (${pairs} pairs; PushPull checks at most ${MAX_TWILIO_FORM_PAIRS}). ` +
      'Twilio never sends that many, and checking only some of them would leave the rest unsigned; ' +
      'parameters were probably added to a signed request.',
  );
}

function explainTwilio(
  request: VerifyRequest,
  secret: string,
  signs: (url: string, key?: string) => boolean,
  params: TwilioParams,
): Verdict {
  const trimmed = trimmedSecret(secret, (key) => signs(request.url, key)).find((a) => a.matches());
  if (trimmed) return invalid('twilio', 'secret-format', trimmed.message);
  for (const mixUp of urlMixUps(request.url)) {
    if (signs(mixUp.url)) {
      return invalid(
        'twilio',
        'url-mismatch',
        `Twilio signed the URL ${mixUp.what} (${mixUp.url}). Give exactly the URL configured in Twilio; ` +
          'behind a tunnel or proxy that is the public URL, not the local one.',
      );
    }
  }
  const form = params.size > 0 ? ', or the form parameters were changed' : '';
  const token = /^[0-9a-f]{32}$/i.test(secret)
    ? ''
    : ' (Auth Tokens are 32 hex characters; API key secrets do not sign webhooks)';
  return invalid(
    'twilio',
    'signature-mismatch',
    `The signature does not match: the secret is wrong, or Twilio called a different URL than ${quote(request.url, 80)}${form}. ` +
      `Twilio signs the exact URL it called, with scheme, host, port, path and query; behind a tunnel or proxy give the public URL. ` +
      `${SECRET_HINT}${token}.`,
  );
}

/**
 * Once the URL (and form parameters) verify, whether the signature also covers the body: a form's
 * parameters are signed; any other body only through the URL's bodySHA256, which must be its SHA-256.
 */
function checkBodyCovered(request: VerifyRequest): Verdict | undefined {
  const param = bodySha256Param(request.url);
  if (param === undefined) {
    if (request.body.length === 0 || isFormBody(request)) return undefined;
    const type = headerValue(request, 'content-type');
    return invalid(
      'twilio',
      'body-mismatch',
      `The body is not covered by the signature: it is not a form (${type === undefined ? 'no Content-Type' : `Content-Type ${quote(type, 60)}`}) ` +
        'and the URL has no bodySHA256 parameter, so the signature matches the URL only and the body could be anything. ' +
        'Twilio signs form parameters, or a JSON body through a bodySHA256 parameter it adds to the URL: give the full URL ' +
        'Twilio called, query included, and check that nothing changed the Content-Type.',
    );
  }
  const expected = decodeHex(param);
  if (expected?.length !== 32) {
    return invalid('twilio', 'header-malformed', `The URL's bodySHA256 is ${quote(param)}, not 64 hex digits.`);
  }
  const hashes = (body: Uint8Array): boolean => safeEqual(createHash('sha256').update(body).digest(), expected);
  if (hashes(request.body)) return undefined;
  for (const variant of bodyVariants(request.body)) {
    if (!hashes(variant.bytes)) continue;
    return invalid(
      'twilio',
      'body-mismatch',
      `The body differs from what was signed — it looks re-serialised: the URL's bodySHA256 matches this body ${variant.description}. ` +
        'Something between Twilio and here rewrote the body; verify the raw bytes Twilio sent.',
    );
  }
  return invalid(
    'twilio',
    'body-mismatch',
    "The URL's signature is valid but the body's SHA-256 is not the bodySHA256 in the URL: the body was changed after Twilio sent it.",
  );
}
