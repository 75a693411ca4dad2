import { createHash, randomUUID } from 'node:crypto';
import { PushPullError } from '../errors';
import { resolveHmacOptions } from './hmac';
import { parseSwSecret, signEd25519 } from './swKeys';
import { TWILIO_HEADER, twilioAlgorithm, twilioParams, twilioSignature } from './twilioSigning';
import type { Clock, HmacOptions } from './types';
import type { ProviderName } from '../model/verdict';
import { headerValue } from '../model/headers';
import { hmac, nowSeconds } from './util';

export type HeaderPairs = ReadonlyArray<readonly [string, string]>;

export interface SignInput {
  readonly secret: string;
  /** The exact bytes the replay will send. */
  readonly body: Uint8Array;
  /** Gives the fresh timestamp. */
  readonly clock: Clock;
  /** Twilio: the full URL the replay will call (Twilio signs it). */
  readonly url?: string;
  /**
   * The original request's headers: Standard Webhooks keeps their names (`svix-*` or `webhook-*`), Twilio
   * reads the content type (form parameters are signed) and the SharedKey algorithm.
   */
  readonly headers?: HeaderPairs;
  /** Required by the `hmac` provider. */
  readonly hmac?: HmacOptions;
  /** Standard Webhooks message id; a fresh `msg_…` id by default, so receivers that de-duplicate process the replay. */
  readonly messageId?: string;
}

export interface SignResult {
  /** Headers to set on the replay, replacing any of the same names (see `applySignedHeaders`). */
  readonly headers: HeaderPairs;
  /** The URL to call, when signing changed it (Twilio's `bodySHA256` parameter); otherwise absent. */
  readonly url?: string;
}

/** Why a replay could not be re-signed; `code` is stable. */
export class SignError extends PushPullError {
  constructor(
    code: 'SIGN_NO_SECRET' | 'SIGN_SECRET_FORMAT' | 'SIGN_URL_REQUIRED' | 'SIGN_CONFIG_INVALID',
    message: string,
  ) {
    super(code, message);
  }
}

/**
 * The headers a fresh signature needs, so a replayed (or edited) request passes the receiver's check:
 * a new timestamp where the scheme has one, and a signature over the body given.
 */
export function signRequest(provider: ProviderName, input: SignInput): SignResult {
  const { secret, body } = input;
  if (!secret) throw new SignError('SIGN_NO_SECRET', 'A signing secret is needed to re-sign the request.');
  const now = nowSeconds(input.clock.now());
  switch (provider) {
    case 'github':
      return {
        headers: [
          ['X-Hub-Signature-256', `sha256=${hmac('sha256', secret, body).toString('hex')}`],
          ['X-Hub-Signature', `sha1=${hmac('sha1', secret, body).toString('hex')}`],
        ],
      };
    case 'stripe':
      return {
        headers: [['Stripe-Signature', `t=${now},v1=${hmac('sha256', secret, `${now}.`, body).toString('hex')}`]],
      };
    case 'slack':
      return {
        headers: [
          ['X-Slack-Request-Timestamp', String(now)],
          ['X-Slack-Signature', `v0=${hmac('sha256', secret, `v0:${now}:`, body).toString('hex')}`],
        ],
      };
    case 'shopify':
      return { headers: [['X-Shopify-Hmac-Sha256', hmac('sha256', secret, body).toString('base64')]] };
    case 'gitlab':
      return { headers: [['X-Gitlab-Token', secret]] };
    case 'standard-webhooks':
      return signStandardWebhooks(input, now);
    case 'twilio':
      return signTwilio(input);
    case 'hmac': {
      const options = resolveHmacOptions(input.hmac);
      if ('error' in options) throw new SignError('SIGN_CONFIG_INVALID', options.error);
      const digest = hmac(options.algorithm, secret, body).toString(options.encoding);
      return { headers: [[options.header, `${options.prefix}${digest}`]] };
    }
  }
}

function signStandardWebhooks(input: SignInput, now: number): SignResult {
  const key = parseSwSecret(input.secret);
  if ('error' in key) throw new SignError('SIGN_SECRET_FORMAT', key.error);
  const id = input.messageId ?? `msg_${randomUUID().replace(/-/g, '')}`;
  const content = Buffer.concat([Buffer.from(`${id}.${now}.`), input.body]);
  let signature: string;
  if (key.kind === 'hmac') signature = `v1,${hmac('sha256', key.key, content).toString('base64')}`;
  else if (key.privateKey) signature = `v1a,${signEd25519(key.privateKey, content).toString('base64')}`;
  else {
    throw new SignError(
      'SIGN_SECRET_FORMAT',
      'A public key ("whpk_…") can check ed25519 signatures but not make them; re-signing needs the secret key ("whsk_…").',
    );
  }
  const original = { headers: input.headers ?? [] };
  const styles = [
    ...(headerValue(original, 'webhook-signature') !== undefined ? ['webhook'] : []),
    ...(headerValue(original, 'svix-signature') !== undefined ? ['svix'] : []),
  ];
  const headers: Array<[string, string]> = [];
  for (const style of styles.length > 0 ? styles : ['webhook']) {
    headers.push([`${style}-id`, id], [`${style}-timestamp`, String(now)], [`${style}-signature`, signature]);
  }
  return { headers };
}

function signTwilio(input: SignInput): SignResult {
  const original = input.url ?? '';
  if (!/^https?:\/\/[^/?#]+/i.test(original)) {
    throw new SignError(
      'SIGN_URL_REQUIRED',
      'Twilio signs the full URL it calls: give the URL the replay will call (as the receiving app sees it).',
    );
  }
  const headers = input.headers ?? [];
  const algorithm = twilioAlgorithm({ headers });
  if (typeof algorithm !== 'string') {
    throw new SignError('SIGN_CONFIG_INVALID', `Unknown Twilio signature algorithm ${algorithm.unknown}.`);
  }
  const hash = createHash('sha256').update(input.body).digest('hex');
  const url = original.replace(/([?&]bodySHA256=)[^&#]*/, `$1${hash}`);
  const params = twilioParams({ method: 'POST', url, headers, body: input.body });
  const signature = twilioSignature(algorithm, input.secret, url, params).toString('base64');
  return url === original ? { headers: [[TWILIO_HEADER, signature]] } : { headers: [[TWILIO_HEADER, signature]], url };
}

/** The original headers with the signed ones in place of any of the same names (case-insensitive). */
export function applySignedHeaders(original: HeaderPairs, signed: HeaderPairs): Array<[string, string]> {
  const replaced = new Set(signed.map(([name]) => name.toLowerCase()));
  return [...original.filter(([name]) => !replaced.has(name.toLowerCase())), ...signed].map(
    ([name, value]) => [name, value] as [string, string],
  );
}
