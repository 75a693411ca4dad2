import { createHash } from 'node:crypto';
import type { Verifier } from './types';
import { headerValue } from '../model/headers';
import { duplicatedHeader, invalid, noSecret, notSigned, safeEqual, tooLong, valid } from './util';

export const GITLAB_HEADER = 'X-Gitlab-Token';

/**
 * GitLab: the webhook's secret token is sent as is in `X-Gitlab-Token`; nothing is computed over the
 * body, so a mismatch always means the token differs.
 */
export const verifyGitlab: Verifier = (request, { secret }) => {
  const value = headerValue(request, GITLAB_HEADER);
  if (value === undefined) return notSigned('gitlab', GITLAB_HEADER);
  if (!secret) return noSecret('gitlab', GITLAB_HEADER);
  const duplicated = duplicatedHeader('gitlab', request, [GITLAB_HEADER]);
  if (duplicated) return duplicated;
  const long = tooLong('gitlab', GITLAB_HEADER, value);
  if (long) return long;
  if (sameText(value, secret)) return valid('gitlab');
  if (sameText(value, secret.trim())) {
    return invalid(
      'gitlab',
      'secret-format',
      'The secret has spaces or a newline around it; without them it equals the X-Gitlab-Token. Set the secret again without them.',
    );
  }
  return invalid(
    'gitlab',
    'wrong-secret',
    `The ${GITLAB_HEADER} (${value.length} characters) is not the secret given (${secret.length} characters). ` +
      "GitLab sends the webhook's Secret token as is, so the secret is wrong: set it to the Secret token of the webhook " +
      '(project or group → Settings → Webhooks); GitLab never shows it again, so you may need to set a new one on both sides.',
  );
};

/** Constant time whatever the lengths: compares digests of the two texts. */
function sameText(a: string, b: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return safeEqual(digest(a), digest(b));
}
