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
