import * as vscode from 'vscode';
import { buildTimeline, timelineInput, type Timeline, type TimelinePaths } from '../../core/compare/timeline';
import { timelineMarkdown } from '../../core/compare/timelineText';
import type { Watch } from '../../core/compare/watchTypes';
import type { HookReader } from '../../core/push/reader';
import type { OpenHistory } from '../history/historyHandle';

export const TIMELINE_SCHEME = 'pushpull-timeline';
const MAX_POLL_BODY = 16 * 1024 * 1024;

export interface TimelineArgs extends TimelinePaths {
  readonly route?: string;
}

interface TimelineDeps {
  readonly watches: () => Promise<{ list(): Watch[] }>;
  readonly hooks: HookReader;
  readonly history: () => Promise<OpenHistory>;
}

/**
 * PushPull: Show Timeline (hooks beside the watches' polls, as a read-only Markdown document) and PushPull: Export
 * Timeline as JSON (the last one shown, in the shape `pushpull timeline --json` prints).
 */
export function registerTimeline(deps: TimelineDeps): vscode.Disposable[] {
  const texts = new Map<string, string>();
  let last: Timeline | undefined;
  let sequence = 0;
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? '',
  };
  const show = async (args?: TimelineArgs): Promise<Timeline | undefined> => {
    const paths = args ?? (await askPaths());
    if (!paths) return undefined;
    const [watches, history] = await Promise.all([deps.watches(), deps.history()]);
    const timeline = await buildTimeline(
      timelineInput(
        {
          hooks: await deps.hooks.list(),
          readHookBody: (id) => deps.hooks.readBody(id),
          watches: watches.list(),
          readPollBody: (id) => history.readBody(id, 'decoded', MAX_POLL_BODY),
        },
        paths,
        args?.route,
      ),
    );
    last = timeline;
    const uri = vscode.Uri.from({ scheme: TIMELINE_SCHEME, path: `/${++sequence}/Push vs pull timeline.md` });
    texts.set(uri.toString(), timelineMarkdown(timeline, paths));
    if (texts.size > 20) texts.delete(texts.keys().next().value as string);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
    return timeline;
  };
  const exportJson = async (): Promise<void> => {
    if (!last) {
      void vscode.window.showInformationMessage('Show a timeline first (PushPull: Show Timeline).');
      return;
    }
    const target = await vscode.window.showSaveDialog({
      filters: { JSON: ['json'] },
      title: 'Export Timeline as JSON',
    });
    if (target) await vscode.workspace.fs.writeFile(target, Buffer.from(`${JSON.stringify(last, null, 2)}\n`));
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider(TIMELINE_SCHEME, provider),
    vscode.commands.registerCommand('pushpull.showTimeline', show),
    vscode.commands.registerCommand('pushpull.exportTimeline', exportJson),
  ];
}

async function askPaths(): Promise<TimelinePaths | undefined> {
  const ask = (title: string, value: string, optional = false): Thenable<string | undefined> =>
    vscode.window.showInputBox({
      title,
      value,
      prompt: optional ? 'A JSONPath; empty: the content of the object holding the key is the version.' : 'A JSONPath',
      validateInput: (text) =>
        (text === '' && optional) || text.startsWith('$') ? undefined : 'A JSONPath starts with $',
    });
  const pushKey = await ask('Timeline: the resource id in a hook', '$.data.object.id');
  if (!pushKey) return undefined;
  const pullKey = await ask('Timeline: the resource id in a poll’s answer', '$.id');
  if (!pullKey) return undefined;
  const pushVersion = await ask('Timeline: the version in a hook (optional)', '', true);
  if (pushVersion === undefined) return undefined;
  const pullVersion = pushVersion ? await ask('Timeline: the version in a poll’s answer', '$.updated_at') : undefined;
  if (pushVersion && !pullVersion) return undefined;
  return { pushKey, pullKey, ...(pushVersion && pullVersion ? { pushVersion, pullVersion } : {}) };
}
