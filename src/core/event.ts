/** The shape VS Code calls a Disposable; the core uses it without importing VS Code. */
export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (value: T) => void) => Disposable;

/** A minimal typed event source whose `event` fits VS Code's `Event<T>`. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    // A Set visits listeners added during the loop too; one listener is the common case.
    if (this.listeners.size === 1) for (const listener of this.listeners) listener(value);
    else for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
