export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
}

export interface Timings {
  /** ms from sending to the response head. */
  readonly firstByte: number;
  /** ms from sending to the last body byte. */
  readonly total: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Uint8Array;
  /** True when the body was longer than the limit and was cut. */
  readonly truncated: boolean;
  readonly timings: Timings;
}

/** A request and the answer it got. */
export interface Exchange {
  readonly id: string;
  readonly startedAt: number;
  readonly request: HttpRequest;
  readonly response: HttpResponse;
}
