import type { HookMeta } from '../core/model/hook';
import { errorCode } from '../core/errors';
import { REQUEST_ERROR_CODES, type RequestErrorCode } from '../core/http/errors';
import type { SignError } from '../core/verify/sign';

/**
 * The words the UI shows: text a sender chose, made safe for a notification, and what the UI says for the error
 * codes it words itself (any other error is shown by its own message).
 */

/**
 * Text for a notification or progress title. VS Code turns `[label](command:…)` in those into a link that runs
 * the command when clicked, and a sender chooses its own path: every `](` is split so such text stays text.
 */
export function plainInMessage(text: string): string {
  return text.replace(/\]\(/g, '] (');
}

/** `POST /path` of a hook, for a notification. */
export function hookInMessage(hook: Pick<HookMeta, 'method' | 'path'>): string {
  return plainInMessage(`${hook.method} ${hook.path}`);
}

export type { RequestErrorCode };
/** The durable store's errors (core/store/journal/errors.ts). */
export type StoreErrorCode =
  | 'STORE_LOCKED'
  | 'STORE_CORRUPT'
  | 'STORE_NOT_FOUND'
  | 'STORE_READ_ONLY'
  | 'STORE_CLOSED'
  | 'STORE_WRITE_FAILED'
  | 'STORE_BAD_OPTIONS'
  | 'STORE_OPEN_FAILED';
/** The listener's errors (core/hooks/errors.ts, the routes in core/hooks/routes.ts). */
export type ListenerErrorCode = 'PORT_IN_USE' | 'LISTENER_START_FAILED' | 'INVALID_ROUTES';
/** Re-signing a replayed hook (core/verify/sign.ts). */
export type SignErrorCode = ConstructorParameters<typeof SignError>[0];
/** A setting PushPull cannot use (ui/config.ts), a filter that does not parse (core/hooks/filter.ts). */
export type InputErrorCode = 'INVALID_SETTING' | 'INVALID_FILTER';

/** Every stable code of PushPull's errors: the UI branches on these, never on an error's text. */
export type ErrorCode = RequestErrorCode | StoreErrorCode | ListenerErrorCode | SignErrorCode | InputErrorCode;

/** Every ErrorCode; the compiler checks that none is missing. */
const ERROR_CODES: Readonly<Record<ErrorCode, true>> = {
  ...REQUEST_ERROR_CODES,
  STORE_LOCKED: true,
  STORE_CORRUPT: true,
  STORE_NOT_FOUND: true,
  STORE_READ_ONLY: true,
  STORE_CLOSED: true,
  STORE_WRITE_FAILED: true,
  STORE_BAD_OPTIONS: true,
  STORE_OPEN_FAILED: true,
  PORT_IN_USE: true,
  LISTENER_START_FAILED: true,
  INVALID_ROUTES: true,
  SIGN_NO_SECRET: true,
  SIGN_SECRET_FORMAT: true,
  SIGN_URL_REQUIRED: true,
  SIGN_CONFIG_INVALID: true,
  INVALID_SETTING: true,
  INVALID_FILTER: true,
};

/** The code of one of PushPull's errors (also from the pull side's own bundle); undefined for any other error. */
export function codeOf(error: unknown): ErrorCode | undefined {
  const code = errorCode(error);
  return code !== undefined && isErrorCode(code) ? code : undefined;
}

function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** The store is locked by another window: which one, and what to do. */
export function lockedMessage(what: string, error: unknown): string {
  return `PushPull could not ${what}: ${messageOf(error)} Only one window can listen at a time; stop the listener there (PushPull: Stop Listener) or close that window, then try again.`;
}

/**
 * What a command that changes the store says instead of failing: for a store another window writes, or
 * retention settings that cannot be used. Undefined for any other error, which the command lets fail.
 */
export function storeChangeMessage(what: string, error: unknown): string | undefined {
  switch (codeOf(error)) {
    case 'STORE_LOCKED':
      return lockedMessage(what, error);
    case 'INVALID_SETTING':
      return `PushPull could not ${what}: ${messageOf(error)}`;
    default:
      return undefined;
  }
}

/** What the listener's start says when it fails for any reason the UI does not word itself. */
export function startFailedMessage(error: unknown): string {
  return `PushPull could not start the listener: ${messageOf(error)}`;
}

/** Said when changed settings cannot be used while listening: the listener goes on as it was. */
export const KEPT_LISTENING = 'PushPull kept listening with the previous settings. ';

/** A port is taken: by whom it may be, and whether the listener kept running elsewhere. */
export function portInUseMessage(port: number, listening: boolean): string {
  const what = listening ? 'kept listening where it was' : 'could not start the listener';
  return `PushPull ${what}: port ${port} is already in use (by another program, or PushPull in another window).`;
}

/** The warning for a listener bound elsewhere than loopback. */
export function exposedHostMessage(host: string): string {
  return `PushPull's listener is bound to ${host}: other machines on your network can send it hooks. Set pushpull.listener.host to 127.0.0.1 to keep it local.`;
}

/** The setting an error is about, for *Open Settings*: a setting that cannot be used, or routes that cannot. */
export function settingOf(error: unknown): string | undefined {
  switch (codeOf(error)) {
    case 'INVALID_SETTING': {
      const setting: unknown = (error as { setting?: unknown }).setting;
      return typeof setting === 'string' ? setting : undefined;
    }
    case 'INVALID_ROUTES':
      return 'pushpull.listener.routes';
    default:
      return undefined;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
