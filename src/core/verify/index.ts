/** Webhook signature verification and re-signing; see registry.ts and sign.ts. */
export {
  ACCEPTED_PROVIDER_NAMES,
  PROVIDER_NAMES,
  getVerifier,
  requestFromHook,
  resolveProvider,
  verifyRequest,
} from './registry';
export { type HeaderPairs, type SignInput, type SignResult, SignError, applySignedHeaders, signRequest } from './sign';
export type { HmacOptions, Verifier, VerifyOptions, VerifyRequest } from './types';
