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
  | 'REQUEST_FAILED';

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

/** Maps what undici or Node threw to a RequestError with a stable code. */
export function toRequestError(error: unknown, url: string): RequestError {
  if (error instanceof RequestError) return error;
  const code = findCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return new RequestError('CONNECTION_REFUSED', `Nothing is listening at ${url} (connection refused).`, error);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new RequestError('HOST_NOT_FOUND', `The host of ${url} could not be found.`, error);
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return new RequestError('TIMEOUT', `${url} did not answer in time.`, error);
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return new RequestError('CONNECTION_RESET', `${url} closed the connection.`, error);
    default:
      return new RequestError('REQUEST_FAILED', `Request to ${url} failed: ${messageOf(error)}`, error);
  }
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
