/** The streams and environment a CLI command runs with; tests pass their own. */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** A message on one line: Node's argument parser explains on further lines (e.g. to write --secret=-abc). */
export function oneLine(message: string): string {
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/** A mistake in how the command was called: one line on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Writes and waits for the stream to drain when it asks to, so large output piped elsewhere stays complete.
 * Rejects with the stream's error (EPIPE when the reader went away) once it is broken, instead of waiting
 * for a drain that never comes.
 */
export async function write(stream: NodeJS.WritableStream, text: string | Uint8Array): Promise<void> {
  const state = stream as NodeJS.WritableStream & { destroyed?: boolean; errored?: Error | null };
  if (state.destroyed) throw state.errored ?? brokenPipe();
  if (stream.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error): void => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => settle();
    const onError = (error: Error): void => settle(error);
    const onClose = (): void => settle(state.errored ?? brokenPipe());
    stream.once('drain', onDrain);
    stream.once('error', onError);
    stream.once('close', onClose);
  });
}

/** The reader of our output went away (`pushpull hooks list | head`): not an error. */
export function isBrokenPipe(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EPIPE';
}

/** Stands for the error of a stream that was closed under us: handled like EPIPE, the reader went away. */
function brokenPipe(): Error {
  return Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
}

/** Parses a whole non-negative number flag, naming the flag when it is not one. */
export function wholeNumber(
  flag: string,
  value: string | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} must be a whole number, not "${value}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n > max) throw new UsageError(`--${flag} must be at most ${max}, not ${value}`);
  return n;
}
