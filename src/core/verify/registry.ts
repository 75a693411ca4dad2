import { verifyGithub } from './github';
import { verifyGitlab } from './gitlab';
import { verifyHmac } from './hmac';
import { verifyShopify } from './shopify';
import { verifySlack } from './slack';
import { verifyStandardWebhooks } from './standardWebhooks';
import { verifyStripe } from './stripe';
import { verifyTwilio } from './twilio';
import type { ProviderName, Verdict } from '../model/verdict';
import type { Verifier, VerifyOptions, VerifyRequest } from './types';

const VERIFIERS: Readonly<Record<ProviderName, Verifier>> = {
  github: verifyGithub,
  stripe: verifyStripe,
  slack: verifySlack,
  shopify: verifyShopify,
  'standard-webhooks': verifyStandardWebhooks,
  gitlab: verifyGitlab,
  twilio: verifyTwilio,
  hmac: verifyHmac,
};

const ALIASES: Readonly<Record<string, ProviderName>> = { svix: 'standard-webhooks' };

/** Canonical provider names, in the order shown to people. */
export const PROVIDER_NAMES: readonly ProviderName[] = Object.keys(VERIFIERS) as ProviderName[];

/** Every accepted name, aliases included. */
export const ACCEPTED_PROVIDER_NAMES: readonly string[] = [...PROVIDER_NAMES, ...Object.keys(ALIASES)];

/** The canonical name for a provider name or alias (case-insensitive), or undefined. */
export function resolveProvider(name: string): ProviderName | undefined {
  const lower = name.trim().toLowerCase();
  if (Object.prototype.hasOwnProperty.call(VERIFIERS, lower)) return lower as ProviderName;
  return Object.prototype.hasOwnProperty.call(ALIASES, lower) ? ALIASES[lower] : undefined;
}

export function getVerifier(provider: ProviderName): Verifier {
  return VERIFIERS[provider];
}

/**
 * Checks a request's signature. Never throws on what the request holds: any header, any body gives a
 * verdict. Only bugs in PushPull itself surface as an `invalid` verdict with a `config-invalid` reason.
 */
export function verifyRequest(provider: ProviderName, request: VerifyRequest, options: VerifyOptions): Verdict {
  try {
    return VERIFIERS[provider](request, options);
  } catch (error) {
    return {
      status: 'invalid',
      provider,
      reason: {
        code: 'config-invalid',
        message: `The signature could not be checked: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
}

interface HookParts {
  readonly method: string;
  readonly fullUrl: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Uint8Array;
}

/** A request read from a hook; its body is read from the hook only when a check asks for it. */
class HookRequest implements VerifyRequest {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly headers: ReadonlyArray<readonly [string, string]>,
    private readonly hook: Pick<HookParts, 'body'>,
  ) {}

  get body(): Uint8Array {
    return this.hook.body;
  }
}

/**
 * The request shape for a hook captured by the listener: its full URL is the one the sender called, unless
 * `url` says which one it called (behind a tunnel). The body is read only by checks that need it: a hook just
 * received may still have it in chunks. `body` is a getter of the request, so a spread copy leaves it out.
 */
export function requestFromHook(hook: HookParts, url = hook.fullUrl): VerifyRequest {
  return new HookRequest(hook.method, url, hook.headers, hook);
}
