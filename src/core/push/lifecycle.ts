import { type Clock, type Logger, systemTimers } from '../clock';
import type { HookForwarder } from '../hooks/forwarder';
import type { Disposable } from '../event';
import { BackgroundInspector } from '../hooks/query/backgroundInspector';
import { HookListener, type ListenerOptions, type ListeningAddress } from '../hooks/listener';
import type { Refusals } from '../hooks/senderGuard';
import type { HookStore } from '../model/hookStore';
import type { HookMeta } from '../model/hook';
import type { RelayedRequest } from '../hooks/relayed';
import type { PushEvents } from './events';

/** The listener writing the store while a window listens, and the inspector of the large bodies it stored. */
export class Listening {
  private readonly subscriptions: Disposable[] = [];

  private constructor(
    private readonly listener: HookListener,
    private readonly inspector: BackgroundInspector,
  ) {}

  /** Starts a listener on `writer`; when it cannot listen, nothing is left running (the writer stays open). */
  static async start(
    writer: HookStore,
    options: Partial<ListenerOptions>,
    { clock, logger, forwarder }: { clock: Clock; logger: Logger; forwarder?: HookForwarder },
  ): Promise<{ readonly listening: Listening; readonly address: ListeningAddress }> {
    const listener = new HookListener(writer, clock, logger, systemTimers, forwarder);
    try {
      const address = await listener.start(options);
      return { listening: new Listening(listener, new BackgroundInspector(writer, logger)), address };
    } catch (error) {
      listener.dispose();
      throw error;
    }
  }

  get address(): ListeningAddress | undefined {
    return this.listener.address;
  }

  /** What the listener refused since it started. */
  get refusals(): Refusals {
    return this.listener.refusals;
  }

  /** Passes on what the listener does; each hook received goes to the inspector first. */
  report(events: PushEvents): void {
    this.subscriptions.push(
      this.listener.onDidReceive((hook) => {
        this.inspector.add(hook);
        events.received.fire(hook);
        events.changed.fire();
      }),
      this.listener.onDidForward(() => events.changed.fire()),
      this.listener.onDidRefuse(() => events.refused.fire()),
    );
  }

  /** A request a relay channel delivered, kept like one the listener received (see `HookListener.receiveRelayed`). */
  receiveRelayed(request: RelayedRequest): Promise<HookMeta> {
    return this.listener.receiveRelayed(request);
  }

  /** Moves to new options while requests in progress finish (see `HookListener.start`). */
  restart(options: Partial<ListenerOptions>): Promise<ListeningAddress> {
    return this.listener.start(options);
  }

  /** Stops listening once requests in progress are answered, and stops inspecting. */
  async stop(): Promise<void> {
    await this.listener.stop();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.listener.dispose();
    await this.inspector.dispose();
  }
}
