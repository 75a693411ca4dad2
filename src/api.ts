import type { ExchangeLog } from './core/store/exchangeLog';
import type { HooksTreeProvider } from './ui/hooksView/hooksTree';
import type { HooksView } from './ui/hooksView/hooksView';
import type { PushSide } from './core/push/session';
import type { RequestPanels } from './ui/requestPanel/register';
import type { ListenerStatusBar } from './ui/statusBar';

/** What `activate` returns: read access for other extensions and for PushPull's own tests. */
export interface PushPullApi {
  /** The hook store and, while listening, the listener. */
  readonly push: PushSide;
  readonly exchanges: ExchangeLog;
  readonly tree: HooksTreeProvider;
  readonly hooksView: HooksView;
  readonly statusBar: ListenerStatusBar;
  readonly panels: RequestPanels;
  /** How long `activate` took, in ms. */
  readonly activationMs: number;
}
