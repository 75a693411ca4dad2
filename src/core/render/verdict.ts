import type { HookVerdict } from '../model/hook';

/** A signature verdict in words a person can act on (tooltips, document headers, CLI). */
export function verdictText(verdict: HookVerdict): string {
  const provider = verdict.provider ? ` (${verdict.provider})` : '';
  switch (verdict.status) {
    case 'valid':
      return `Signature valid${provider}${verdict.note ? `: ${verdict.note}` : ''}`;
    case 'invalid':
      // A route that names its provider counts an unsigned request as invalid; it reads as `verify` says it.
      if (verdict.reason?.code === 'header-missing') {
        return `Not signed${provider}, though this route expects signed requests: ${verdict.reason.message}`;
      }
      return `Signature INVALID${provider}: ${verdict.reason?.message ?? 'it does not match'}`;
    case 'no-secret':
      return `Signed${provider} but not checked: this route has no signing secret (PushPull: Set Signing Secret…)`;
    case 'not-signed':
      return verdict.reason ? `Not signed${provider}: ${verdict.reason.message}` : 'Not signed';
  }
}
