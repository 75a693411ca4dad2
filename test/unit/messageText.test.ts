import { strict as assert } from 'node:assert';
import { PushPullError } from '../../src/core/errors';
import { ListenerStartError, PortInUseError } from '../../src/core/hooks/errors';
import { FilterSyntaxError } from '../../src/core/hooks/query/filter';
import { RouteConfigError } from '../../src/core/hooks/routes';
import { RequestError, toRequestError } from '../../src/core/http/errors';
import {
  StoreClosedError,
  StoreCorruptError,
  StoreLockedError,
  StoreNotFoundError,
  StoreOpenError,
  StoreOptionsError,
  StoreReadOnlyError,
  StoreWriteError,
} from '../../src/core/store/journal/errors';
import { SignError } from '../../src/core/verify/sign';
import {
  codeOf,
  exposedHostMessage,
  hookInMessage,
  KEPT_LISTENING,
  lockedMessage,
  plainInMessage,
  portInUseMessage,
  settingOf,
  startFailedMessage,
  storeChangeMessage,
} from '../../src/ui/messageText';

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

describe('error codes and the words the UI gives them', () => {
  const owner = { pid: 4242, hostname: 'box', description: 'VS Code window "api"', since: 0 };

  it('knows the code of every error the core raises, also from another bundle', () => {
    const errors: Error[] = [
      new RequestError('INVALID_HEADER', 'x'),
      toRequestError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'http://x/'),
      new StoreLockedError('/s', owner),
      new StoreCorruptError('/s/f', 0, 'x'),
      new StoreNotFoundError('/s'),
      new StoreReadOnlyError('/s'),
      new StoreClosedError('/s'),
      new StoreWriteError('/s', new Error('x')),
      new StoreOptionsError('x'),
      new StoreOpenError('/s', new Error('x')),
      new PortInUseError('127.0.0.1', 8080),
      new ListenerStartError('x'),
      new RouteConfigError('x'),
      new FilterSyntaxError('x'),
      new SignError('SIGN_NO_SECRET', 'x'),
      new PushPullError('INVALID_SETTING', 'x'),
    ];
    for (const error of errors) assert.equal(codeOf(error), (error as PushPullError).code, error.name);
    // The pull side's errors come from its own bundle: recognised by their domain, not their class.
    const foreign = Object.assign(new Error('x'), { code: 'CANCELLED', domain: 'pushpull' });
    assert.equal(codeOf(foreign), 'CANCELLED');
    assert.equal(codeOf(Object.assign(new Error('x'), { code: 'ENOENT' })), undefined);
    assert.equal(codeOf(new PushPullError('NOT_A_CODE', 'x')), undefined);
  });

  it('says which window holds a locked store, and what to do', () => {
    const locked = new StoreLockedError('/s', owner);
    const expected =
      'PushPull could not clear the hooks: The hook store /s is in use by VS Code window "api" (pid 4242) on box. ' +
      'Only one window can listen at a time; stop the listener there (PushPull: Stop Listener) or close that window, then try again.';
    assert.equal(lockedMessage('clear the hooks', locked), expected);
    assert.equal(storeChangeMessage('clear the hooks', locked), expected);
  });

  it('words a setting that cannot be used, and leaves every other error to fail the command', () => {
    const setting = new PushPullError('INVALID_SETTING', 'pushpull.store.maxHooks must be a whole number.');
    assert.equal(
      storeChangeMessage('delete hooks', setting),
      'PushPull could not delete hooks: pushpull.store.maxHooks must be a whole number.',
    );
    assert.equal(storeChangeMessage('delete hooks', new StoreWriteError('/s', new Error('EIO'))), undefined);
    assert.equal(storeChangeMessage('delete hooks', new Error('x')), undefined);
  });

  it("words the listener's failures: a taken port, a setting to open, anything else", () => {
    assert.equal(
      portInUseMessage(8080, false),
      'PushPull could not start the listener: port 8080 is already in use (by another program, or PushPull in another window).',
    );
    assert.equal(
      portInUseMessage(8080, true),
      'PushPull kept listening where it was: port 8080 is already in use (by another program, or PushPull in another window).',
    );
    assert.equal(startFailedMessage(new Error('EACCES')), 'PushPull could not start the listener: EACCES');
    assert.equal(KEPT_LISTENING, 'PushPull kept listening with the previous settings. ');
    assert.match(exposedHostMessage('0.0.0.0'), /^PushPull's listener is bound to 0\.0\.0\.0: other machines/);
    const named = Object.assign(new PushPullError('INVALID_SETTING', 'bad'), { setting: 'pushpull.listener.port' });
    assert.equal(settingOf(named), 'pushpull.listener.port');
    assert.equal(settingOf(new RouteConfigError('bad routes')), 'pushpull.listener.routes');
    assert.equal(settingOf(new PushPullError('INVALID_SETTING', 'names no setting')), undefined);
    assert.equal(settingOf(new StoreLockedError('/s', owner)), undefined);
    assert.equal(settingOf(new Error('x')), undefined);
  });
});
