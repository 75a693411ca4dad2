import { PushPullError } from '../errors';

/**
 * Why a payload cannot be compared: `BAD_PATH` (a JSONPath that does not parse), `NO_MATCH` (a sub-path that
 * selects nothing), `NOT_A_TREE` (a body that is neither JSON, a form nor XML), `TOO_DEEP` (nesting past the bound).
 */
export type CompareErrorCode = 'BAD_PATH' | 'NO_MATCH' | 'NOT_A_TREE' | 'TOO_DEEP';

/** A clear sentence without payload text in it (payloads are hostile), with a stable code. */
export class CompareError extends PushPullError {
  declare readonly code: CompareErrorCode;

  constructor(code: CompareErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A path quoted in a message: on one line, and short. */
export function quotedPath(path: string): string {
  const flat = path.replace(/\p{Cc}|[\u2028\u2029]/gu, ' ');
  return JSON.stringify(flat.length > 120 ? `${flat.slice(0, 117)}...` : flat);
}
