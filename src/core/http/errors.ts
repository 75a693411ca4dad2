import { PushPullError } from '../errors';

export type RequestErrorCode =
  | 'INVALID_URL'
  | 'INVALID_HEADER'
  | 'UNSUPPORTED_PROTOCOL'
  | 'CONNECTION_REFUSED'
  | 'HOST_NOT_FOUND'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'CONNECTION_RESET'
  | 'REQUEST_FAILED'
  | 'TLS'
  | 'TOO_MANY_REDIRECTS'
  | 'PROXY_FAILED';

/** Every RequestErrorCode; the compiler checks that none is missing. */
export const REQUEST_ERROR_CODES: Readonly<Record<RequestErrorCode, true>> = {
  INVALID_URL: true,
  INVALID_HEADER: true,
  UNSUPPORTED_PROTOCOL: true,
  CONNECTION_REFUSED: true,
  HOST_NOT_FOUND: true,
  TIMEOUT: true,
  CANCELLED: true,
  CONNECTION_RESET: true,
  REQUEST_FAILED: true,
  TLS: true,
  TOO_MANY_REDIRECTS: true,
  PROXY_FAILED: true,
};

/** Whether `code` is one of the sender's codes (its errors may come from another bundle, so by code, not class). */
export function isRequestErrorCode(code: string): code is RequestErrorCode {
  return Object.hasOwn(REQUEST_ERROR_CODES, code);
}

export class RequestError extends PushPullError {
  constructor(
    override readonly code: RequestErrorCode,
    message: string,
    cause?: unknown,
  ) {
    super(code, message, { cause });
  }
}

/** Why a TLS connection failed, as far as the certificate tells. */
export type TlsReason = 'expired' | 'not-yet-valid' | 'self-signed' | 'hostname-mismatch' | 'unknown-ca' | 'handshake';

/** A `TLS` RequestError that says what was wrong with the certificate. */
export class TlsRequestError extends RequestError {
  constructor(
    readonly reason: TlsReason,
    message: string,
    cause?: unknown,
  ) {
    super('TLS', message, cause);
  }
}

/** Maps what undici or Node threw to a RequestError with a stable code. */
export function toRequestError(error: unknown, url: string): RequestError {
  if (error instanceof RequestError) return error;
  const code = findCode(error);
  const tls = tlsError(code, error, url);
  if (tls) return tls;
  switch (code) {
    case 'ECONNREFUSED':
      return new RequestError(
        'CONNECTION_REFUSED',
        `Nothing is listening at ${url} (connection refused): start the server, or check the host and port.`,
        error,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new RequestError(
        'HOST_NOT_FOUND',
        `The host of ${url} could not be found: check its spelling, your network, or the proxy settings.`,
        error,
      );
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return new RequestError(
        'TIMEOUT',
        `${url} did not answer in time: check that the server is up, or raise the time limit.`,
        error,
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return new RequestError(
        'CONNECTION_RESET',
        `${url} closed the connection before the answer was complete; try again, or check the server's log.`,
        error,
      );
    case 'UND_ERR_INVALID_ARG':
      if (/header/i.test(messageOf(error))) {
        return new RequestError(
          'INVALID_HEADER',
          `A header of the request cannot be sent (${messageOf(error)}): check its name and value.`,
          error,
        );
      }
      return new RequestError('REQUEST_FAILED', `Request to ${url} failed: ${messageOf(error)}`, error);
    default:
      return new RequestError('REQUEST_FAILED', `Request to ${url} failed: ${messageOf(error)}`, error);
  }
}

const TLS_REASONS: Readonly<Record<string, TlsReason>> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname-mismatch',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-ca',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-ca',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown-ca',
  CERT_UNTRUSTED: 'unknown-ca',
};

const TLS_ADVICE: Readonly<Record<TlsReason, string>> = {
  expired:
    'its certificate has expired. Renew it on the server, or turn on "allow invalid certificates" for this request.',
  'not-yet-valid':
    'its certificate is not valid yet (check this machine\'s clock), or turn on "allow invalid certificates" for this request.',
  'self-signed':
    'its certificate is self-signed. Add it (or the CA that signed it) as a CA file, or turn on "allow invalid certificates" for this request.',
  'hostname-mismatch':
    'its certificate is for another host name. Use the name the certificate is for, or turn on "allow invalid certificates" for this request.',
  'unknown-ca':
    'its certificate was signed by an authority this machine does not trust. Add that CA as a CA file, or turn on "allow invalid certificates" for this request.',
  handshake:
    'the TLS handshake failed. Check that the server speaks https on this port, and the client certificate if it asks for one.',
};

/** A TlsRequestError for a certificate or handshake failure, or undefined for any other error. */
function tlsError(code: string | undefined, error: unknown, url: string): TlsRequestError | undefined {
  if (code === undefined) return undefined;
  const reason: TlsReason | undefined = Object.hasOwn(TLS_REASONS, code)
    ? TLS_REASONS[code]
    : /^ERR_SSL_|^ERR_TLS_|^EPROTO$/.test(code)
      ? 'handshake'
      : undefined;
  if (reason === undefined) return undefined;
  const detail = reason === 'handshake' ? ` (${messageOf(error)})` : '';
  return new TlsRequestError(reason, `Could not connect securely to ${url}: ${TLS_ADVICE[reason]}${detail}`, error);
}

function findCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let i = 0; i < 5 && current && typeof current === 'object'; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
