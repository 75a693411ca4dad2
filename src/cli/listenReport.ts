import type { Disposable } from '../core/event';
import type { Route } from '../core/hooks/routes';
import type { HookMeta } from '../core/model/hook';
import type { PushSide } from '../core/push/session';
import { isBrokenPipe, write } from './io';
import { listenJsonLine, listenLine, type ListenOutputMode } from './listenOutput';

/**
 * Prints a line per hook `pushpull listen` keeps, in the order they came: at once, or, when the hook's route
 * forwards, once the forward's result is kept (so the line has it). A reader that went away (`| head`) stops
 * the lines, not the listener.
 */
export class ListenReport implements Disposable {
  private readonly subscriptions: Disposable[] = [];
  /** Hooks waiting for their forward result, oldest first. */
  private readonly waiting: HookMeta[] = [];
  private output: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly push: PushSide,
    private readonly routes: readonly Route[],
    private readonly mode: ListenOutputMode,
    private readonly stdout: NodeJS.WritableStream,
  ) {
    if (mode === 'quiet') return;
    this.subscriptions.push(
      push.onDidReceive((hook) => {
        this.waiting.push(hook);
        this.flush();
      }),
      push.onDidChange(() => this.flush()),
    );
  }

  /** Prints what is still waiting for a forward (as it is) and stops. */
  async dispose(): Promise<void> {
    this.flush(true);
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    await this.output;
  }

  /** Prints, in order, the hooks that are ready: all of them when `all`. */
  private flush(all = false): void {
    while (this.waiting.length > 0) {
      const first = this.waiting[0] as HookMeta;
      const now = this.push.store.get(first.id) ?? first;
      if (!all && this.forwards(now) && !now.forward) return;
      this.waiting.shift();
      this.print(this.mode === 'json' ? listenJsonLine(now) : listenLine(now));
    }
  }

  private forwards(hook: HookMeta): boolean {
    return this.routes.some((route) => route.name === hook.route && route.forwardTo !== undefined);
  }

  private print(line: string): void {
    if (this.closed) return;
    this.output = this.output
      .then(() => write(this.stdout, line))
      .catch((error: unknown) => {
        // The reader went away (EPIPE) or stdout broke: the listener goes on without its lines.
        this.closed = true;
        if (!isBrokenPipe(error)) process.emitWarning(`pushpull listen: stopped printing hooks: ${String(error)}`);
      });
  }
}
