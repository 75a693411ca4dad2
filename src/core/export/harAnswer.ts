import { defaultAnswer, JSON_HEADERS, withDefaultType } from '../hooks/answers';
import type { Route } from '../hooks/routes';
import type { HookMeta } from '../model/hook';

/** What the listener answered a hook with, as far as it can be told: the HAR entry's response. */
export interface ListenerAnswer {
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** Undefined when it cannot be told (the route's answer changed since). */
  readonly body?: string;
  readonly comment?: string;
}

/**
 * The answer of `hook`: the listener's own `{"ok":true,"id":"…"}` when no route answered for it (exactly as sent),
 * else its route's configured answer when that route still answers with the status stored, said to be as
 * configured now. Answer bodies are not stored, so anything else leaves the body out and says why.
 */
export function listenerAnswer(
  hook: Pick<HookMeta, 'id' | 'route' | 'answerStatus'>,
  routes: readonly Route[],
): ListenerAnswer {
  const route = hook.route === undefined ? undefined : routes.find((r) => r.name === hook.route);
  const response = route?.response;
  const ownAnswer = hook.route === undefined || (route !== undefined && !response);
  if (ownAnswer && hook.answerStatus === 200) {
    return { headers: Object.entries(JSON_HEADERS), body: defaultAnswer(hook.id) };
  }
  if (response && response.status === hook.answerStatus) {
    return {
      headers: Object.entries(withDefaultType(response.headers)),
      body: response.body ?? defaultAnswer(hook.id),
      comment: `The answer of route "${route?.name}" as it is configured now.`,
    };
  }
  return { headers: [], comment: "The listener's answer body is not kept, and its route's answer has changed since." };
}
