/** Base class for every error the core raises: `code` is stable and the UI maps it to a message. */
export class PushPullError extends Error {
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
  if (error instanceof Error && error.name.endsWith('Error')) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z_]+$/.test(code)) return code;
  }
  return undefined;
}
