import { withoutCredentials } from './credentials';
import { RequestError, toRequestError } from './errors';
import type { PullOptions } from './options';

const PROXY_TUNNEL = /Proxy response \((\d+)\)/;

/** What `pull` throws for whatever stopped it: cancelled, out of time, the proxy, or the sender's mapping. */
export function pullFailure(
  error: unknown,
  context: { readonly url: URL; readonly options: PullOptions; readonly deadline?: AbortSignal },
): RequestError {
  const { url, options, deadline } = context;
  const where = withoutCredentials(url.href);
  if (options.signal?.aborted) {
    return error instanceof RequestError && error.code === 'CANCELLED'
      ? error
      : new RequestError('CANCELLED', 'The request was cancelled.', error);
  }
  if (error instanceof RequestError) return error;
  if (deadline?.aborted) {
    const seconds = (options.totalTimeoutMs ?? 0) / 1000;
    return new RequestError(
      'TIMEOUT',
      `${where} did not finish within ${seconds} s. Raise the time limit, or check the server.`,
      error,
    );
  }
  const proxy = proxyFor(url, options);
  if (proxy !== undefined) {
    const failed = proxyError(error, proxy);
    if (failed !== undefined) return failed;
  }
  return toRequestError(error, where);
}

/** The proxy a request to `url` goes through, if one is set (NO_PROXY aside: only used to word an error). */
function proxyFor(url: URL, options: PullOptions): URL | undefined {
  const env = process.env;
  const text =
    options.proxy?.url ||
    (url.protocol === 'https:'
      ? (env.https_proxy ?? env.HTTPS_PROXY ?? env.http_proxy ?? env.HTTP_PROXY)
      : (env.http_proxy ?? env.HTTP_PROXY));
  return text && URL.canParse(text) ? new URL(text) : undefined;
}

/** A PROXY_FAILED error when `error` came from reaching or asking the proxy. */
function proxyError(error: unknown, proxy: URL): RequestError | undefined {
  const shown = withoutCredentials(proxy.href);
  const tunnel = PROXY_TUNNEL.exec(messageOf(error));
  if (tunnel) {
    const status = tunnel[1];
    const hint =
      status === '407' ? ' It asks for credentials: put them in the proxy URL (http://user:password@host:port).' : '';
    return new RequestError(
      'PROXY_FAILED',
      `The proxy ${shown} refused to open the connection (it answered ${status}).${hint}`,
      error,
    );
  }
  const fields = causeFields(error);
  const port = String(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const toProxy = fields.port === port || fields.hostname === proxy.hostname;
  if (toProxy && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT'].includes(fields.code ?? '')) {
    return new RequestError(
      'PROXY_FAILED',
      `The proxy ${shown} could not be reached (${fields.code}). Check the proxy setting (http.proxy) or the HTTP_PROXY/HTTPS_PROXY variables.`,
      error,
    );
  }
  return undefined;
}

function causeFields(error: unknown): { code?: string; port?: string; hostname?: string } {
  let current: unknown = error;
  for (let i = 0; i < 5 && current && typeof current === 'object'; i++) {
    const { code, port, hostname } = current as { code?: unknown; port?: unknown; hostname?: unknown };
    if (typeof code === 'string' && code.startsWith('E')) {
      return {
        code,
        ...(port === undefined ? {} : { port: String(port) }),
        ...(typeof hostname === 'string' ? { hostname } : {}),
      };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return {};
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
