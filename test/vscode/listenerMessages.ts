import type { PushPullTestApi } from '../../src/api';
import type { ShownMessage } from '../../src/ui/commands/listenerMessages';

/** The next message the listener shows whose text matches `pattern`: watch before the action that shows it. */
export function nextListenerMessage(api: PushPullTestApi, pattern: RegExp): Promise<ShownMessage> {
  return new Promise((resolve) => {
    const watch = api.listener.messages.onDidShow((message) => {
      if (!pattern.test(message.text)) return;
      watch.dispose();
      resolve(message);
    });
  });
}

/** Every message the listener shows from now on, until `dispose`. */
export function listenerMessages(api: PushPullTestApi): { readonly shown: ShownMessage[]; dispose(): void } {
  const shown: ShownMessage[] = [];
  const watch = api.listener.messages.onDidShow((message) => shown.push(message));
  return { shown, dispose: () => watch.dispose() };
}
