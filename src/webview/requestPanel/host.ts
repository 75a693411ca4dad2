/**
 * The page's line to the extension host: posting PageMessages, the saved state (the draft and the params the user
 * switched off), and `draft/changed` sent at most once per pause in typing.
 */
import { wholeDraft } from './draftShape';
import type { PageMessage, RequestDraft } from './panelProtocol';
import type { TableRow } from './rowsTable';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface SavedState {
  readonly draft: RequestDraft;
  readonly disabledParams: readonly TableRow[];
}

const DRAFT_CHANGED_DELAY_MS = 300;

export class Host {
  private readonly api = acquireVsCodeApi();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: RequestDraft | undefined;

  post(message: PageMessage): void {
    this.api.postMessage(message);
  }

  /** What the page saved before it was hidden or reloaded, made whole; undefined on a first load. */
  restore(): SavedState | undefined {
    const saved = this.api.getState();
    if (saved === null || typeof saved !== 'object') return undefined;
    const { draft, disabledParams } = saved as { draft?: unknown; disabledParams?: unknown };
    if (draft === undefined) return undefined;
    const kept = Array.isArray(disabledParams)
      ? wholeDraft({ headers: disabledParams }, 'params').headers.map((row): TableRow => ({ ...row, enabled: false }))
      : [];
    return { draft: wholeDraft(draft, crypto.randomUUID()), disabledParams: kept };
  }

  /** Saves the state now; tells the host after a pause in typing. */
  changed(state: SavedState): void {
    this.api.setState(state);
    this.pending = state.draft;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), DRAFT_CHANGED_DELAY_MS);
  }

  /** Sends a waiting `draft/changed` now (before a send, so the host never acts on an older draft). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending) this.post({ type: 'draft/changed', draft: this.pending });
    this.pending = undefined;
  }
}
