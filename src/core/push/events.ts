import { Emitter } from '../event';
import type { HookMeta } from '../model/hook';

/** What the push side tells its readers: the store changed, a hook arrived, the listener refused a sender. */
export class PushEvents {
  /** Hooks arrived, were forwarded, pinned, deleted or cleared, or the store shown was replaced. */
  readonly changed = new Emitter<void>();
  /** A hook was received, stored and answered. */
  readonly received = new Emitter<HookMeta>();
  /** The listener refused a request or connection over a limit on senders. */
  readonly refused = new Emitter<void>();

  dispose(): void {
    this.changed.dispose();
    this.received.dispose();
    this.refused.dispose();
  }
}
