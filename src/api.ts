import type { ListeningAddress } from './core/hooks/listener';
import type { HookReader } from './core/push/reader';
import type { PushSide } from './core/push/session';
import type { HooksTreeProvider } from './ui/hooksView/hooksTree';
import type { HooksView } from './ui/hooksView/hooksView';
import type { RequestPanels } from './ui/requestPanel/register';
import type { ListenerStatusBar } from './ui/statusBar';
import type { ListenerController } from './ui/commands/listenerCommands';
import type { WatchUi } from './ui/watch/register';
import type { RequestsView } from './ui/history/register';
import type { CompareUi } from './ui/compare/register';

/** What `activate` returns to other extensions: the received hooks and the listener's address, to read only. */
export interface PushPullApi {
  /** The received hooks, newest first; each call waits until they are loaded. */
  readonly hooks: HookReader;
  /** Where the listener listens, or undefined while it does not. */
  readonly address: ListeningAddress | undefined;
}

/**
 * What `activate` returns while PushPull's own tests run (VS Code's extension mode Test, which
 * `--extensionTestsPath` sets): the read-only API and the parts those tests drive and inspect.
 */
export interface PushPullTestApi extends PushPullApi {
  /** The hook store and, while listening, the listener. */
  readonly push: PushSide;
  readonly tree: HooksTreeProvider;
  readonly hooksView: HooksView;
  readonly statusBar: ListenerStatusBar;
  /** The request panels: open ones, restore as the serializer does, and the dialogs they ask (tests answer them). */
  readonly panels: RequestPanels;
  /** The request history (the panels record into it) and the Requests view. */
  readonly requests: RequestsView;
  /** Starts and stops the listener as its commands do; its `messages` are the ones it shows (tests answer them). */
  readonly listener: ListenerController;
  /** What activation's auto-start did: where it started listening, or undefined when it did not start. */
  readonly autoStarted: Promise<ListeningAddress | undefined>;
  /** Compare With…'s summary view and remembered options. */
  readonly compare: CompareUi;
  /** How long `activate` took, in ms. */
  readonly activationMs: number;
  /** The Watches view and the watches behind it. */
  readonly watches: WatchUi;
}

/** The read-only API over `push`: plain functions, so nothing reachable from it starts, stops or changes anything. */
export function readOnlyApi(push: PushSide): PushPullApi {
  const { reader } = push;
  const hooks: HookReader = Object.freeze({
    list: () => reader.list(),
    newest: (limit: number) => reader.newest(limit),
    get: (id: string) => reader.get(id),
    readBody: (id: string) => reader.readBody(id),
    size: () => reader.size(),
    onDidChange: reader.onDidChange,
  });
  return Object.freeze({
    hooks,
    get address() {
      return push.address;
    },
  });
}

/** The test API over `push` and the parts PushPull's tests inspect. */
export function testApi(push: PushSide, parts: Omit<PushPullTestApi, keyof PushPullApi | 'push'>): PushPullTestApi {
  return Object.freeze({
    ...parts,
    push,
    hooks: push.reader,
    get address() {
      return push.address;
    },
  });
}
