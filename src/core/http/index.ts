/** Entry point of the pull side, bundled on its own so undici loads only when a request is sent. */
export { sendRequest, sendExact, parseRequestUrl, defaultSendOptions } from './send';
export type { SendOptions, ExactRequest, ExactSendOptions } from './send';
export { pull } from './pull';
export type { PullOptions } from './options';
export type { TlsOptions, ProxyOptions, ClientCertificate } from './connection';
export { DEFAULT_PULL_TIMEOUT_MS, DEFAULT_MEMORY_THRESHOLD_BYTES, DEFAULT_MAX_REDIRECTS } from './options';
export { ConnectionPool } from './pool';
export { CookieJarFile, MemoryCookieJar } from './cookies';
export type { PullCookieJar } from './cookies';
