import type { HookVerdict } from '../model/hook';

/** A signature verdict in words a person can act on (tooltips, document headers, CLI). */
export function verdictText(verdict: HookVerdict): string {
  const provider = verdict.provider ? ` (${verdict.provider})` : '';
  switch (verdict.status) {
    case 'valid':
      return `Signature valid${provider}${verdict.note ? `: ${verdict.note}` : ''}`;
    case 'invalid':
      return `Signature INVALID${provider}: ${verdict.reason?.message ?? 'it does not match'}`;
    case 'no-secret':
      return `Signed${provider} but not checked: this route has no signing secret (PushPull: Set Signing Secret…)`;
    case 'not-signed':
      return 'Not signed';
  }
}
