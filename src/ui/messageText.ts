import type { HookMeta } from '../core/model/hook';

/**
 * Text for a notification or progress title. VS Code turns `[label](command:…)` in those into a link that runs
 * the command when clicked, and a sender chooses its own path: every `](` is split so such text stays text.
 */
export function plainInMessage(text: string): string {
  return text.replace(/\]\(/g, '] (');
}

/** `POST /path` of a hook, for a notification. */
export function hookInMessage(hook: Pick<HookMeta, 'method' | 'path'>): string {
  return plainInMessage(`${hook.method} ${hook.path}`);
}
