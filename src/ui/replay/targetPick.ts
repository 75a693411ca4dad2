import * as vscode from 'vscode';
import { calledUrl, forwardPath, forwardTarget } from '../../core/relay/forward';
import { isHttpUrl } from '../../core/http/url';

/** Where a replay goes: the URL as typed or picked, and whether the hook's path and query go after its path. */
export interface PickedTarget {
  readonly target: string;
  readonly keepPath: boolean;
}

interface TargetItem extends vscode.QuickPickItem {
  readonly target: string;
  readonly keepPath: boolean;
}

/** The URL a replay of a hook received at `hookUrl` calls, given `target` (none when `target` is not http(s)). */
export function replayUrl(target: string, hookUrl: string, keepPath: boolean): string | undefined {
  try {
    const parsed = forwardTarget(target);
    return calledUrl(parsed, forwardPath(parsed, hookUrl, keepPath));
  } catch {
    return undefined;
  }
}

/**
 * The two ways to replay to `target`: to the URL exactly as given, and with the hook's path kept after the
 * target's path. Each item's detail shows the URL that would be called.
 */
function itemsFor(target: string, hookUrl: string, hookPath: string, description: string): TargetItem[] {
  const exact = replayUrl(target, hookUrl, false);
  const kept = replayUrl(target, hookUrl, true);
  if (exact === undefined || kept === undefined) return [];
  const items: TargetItem[] = [
    { label: target, description, detail: `$(arrow-right) ${exact}`, target, keepPath: false },
  ];
  if (kept !== exact) {
    items.push({
      label: target,
      description: `${description} · keep the hook's path ${hookPath}`,
      detail: `$(arrow-right) ${kept}`,
      target,
      keepPath: true,
    });
  }
  return items;
}

/**
 * Asks where to replay a hook received at `hookUrl` (path `hookPath`): recent targets first, or a URL typed
 * now. The URL given is the URL called; an item of its own keeps the hook's path after it, and every item
 * shows the URL it calls.
 */
export async function pickTarget(
  recent: readonly string[],
  hookUrl: string,
  hookPath: string,
): Promise<PickedTarget | undefined> {
  const recentItems = recent.flatMap((target) => itemsFor(target, hookUrl, hookPath, 'recent'));
  const quickPick = vscode.window.createQuickPick<TargetItem>();
  quickPick.title = 'Replay to…';
  quickPick.placeholder = 'Type the URL of your app, e.g. http://localhost:3000/webhooks (called exactly as typed)';
  quickPick.matchOnDetail = true;
  quickPick.items = recentItems;
  return new Promise((resolve) => {
    const disposables: vscode.Disposable[] = [quickPick];
    disposables.push(
      quickPick.onDidChangeValue((value) => {
        const typed =
          value && !/\s/.test(value) && isHttpUrl(value) ? itemsFor(value, hookUrl, hookPath, 'new target') : [];
        quickPick.items = [...typed, ...recentItems];
      }),
      quickPick.onDidAccept(() => {
        const item = quickPick.selectedItems[0];
        if (!item) {
          quickPick.title = 'Replay to… (enter an http:// or https:// URL)';
          return;
        }
        resolve({ target: item.target, keepPath: item.keepPath });
        quickPick.hide();
      }),
      quickPick.onDidHide(() => {
        resolve(undefined);
        for (const d of disposables) d.dispose();
      }),
    );
    quickPick.show();
  });
}
