import { strict as assert } from 'node:assert';
import { hookInMessage, plainInMessage } from '../../src/ui/messageText';

// The shape of a link in a VS Code notification: `[label](target)`, target a command, http(s) or file URI.
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;

describe('text that a sender chose, in notifications', () => {
  const hostile = [
    '/github/[Details](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%22%7D)',
    '/[x](https://example.invalid/phish)',
    "/[a](file:///etc/passwd 'title')",
    '/[[nested]](command:a)[b](command:b)',
  ];

  for (const path of hostile) {
    it(`is never a link: ${path.slice(0, 40)}`, () => {
      assert.match(`POST ${path}`, NOTIFICATION_LINK, 'the case must be one VS Code would link');
      const shown = hookInMessage({ method: 'POST', path });
      assert.doesNotMatch(shown, NOTIFICATION_LINK);
      assert.doesNotMatch(plainInMessage(`Replayed POST ${path}: answered 200.`), NOTIFICATION_LINK);
    });
  }

  it('leaves ordinary paths as they are', () => {
    assert.equal(hookInMessage({ method: 'POST', path: '/github/webhook?x=[1]' }), 'POST /github/webhook?x=[1]');
    assert.equal(plainInMessage('a (b) [c]'), 'a (b) [c]');
  });
});
