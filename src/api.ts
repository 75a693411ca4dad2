import type { HookListener } from './core/hooks/listener';
import type { ExchangeLog } from './core/store/exchangeLog';
import type { HookStore } from './core/store/hookStore';
import type { HooksTreeProvider } from './ui/hooksView/hooksTree';
import type { RequestPanels } from './ui/requestPanel/register';
import type { ListenerStatusBar } from './ui/statusBar';

/** What `activate` returns: read access for other extensions and for PushPull's own tests. */
export interface PushPullApi {
  readonly listener: HookListener;
  readonly store: HookStore;
  readonly exchanges: ExchangeLog;
  readonly tree: HooksTreeProvider;
  readonly statusBar: ListenerStatusBar;
  readonly panels: RequestPanels;
  /** How long `activate` took, in ms. */
  readonly activationMs: number;
}
