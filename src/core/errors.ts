/** Base class for every error the core raises: `code` is stable and the UI maps it to a message. */
export class PushPullError extends Error {
  /** Marks PushPull's errors across bundles, where `instanceof` and minified class names do not help. */
  readonly domain = 'pushpull';

  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The stable code of a PushPull error. Works across bundles too (the pull side is loaded from its own
 * bundle, so `instanceof` would not hold for its errors).
 */
export function errorCode(error: unknown): string | undefined {
  if (error instanceof PushPullError) return error.code;
  if (error instanceof Error && (error as { domain?: unknown }).domain === 'pushpull') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
