/** The parts of a request that a signature check reads, the body joined from its chunks only if it is read. */
export class ArrivingRequest {
  #joined: Uint8Array | undefined;

  constructor(
    readonly method: string,
    readonly url: string,
    readonly fullUrl: string,
    readonly headers: ReadonlyArray<readonly [string, string]>,
    private readonly parts: readonly Uint8Array[],
  ) {
    if (parts.length === 1) this.#joined = parts[0];
  }

  get body(): Uint8Array {
    return (this.#joined ??= Buffer.concat(this.parts));
  }

  /** The whole body if it came in one chunk or was read; undefined while it is still in chunks. */
  get joined(): Uint8Array | undefined {
    return this.#joined;
  }
}
