/** Entry point of the pull side, bundled on its own so undici loads only when a request is sent. */
export { sendRequest, sendExact, parseRequestUrl, defaultSendOptions } from './send';
export type { SendOptions, ExactRequest, ExactSendOptions } from './send';
