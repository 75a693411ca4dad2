import * as vscode from 'vscode';
import { unicodeEscape, unsafeChars } from '../../core/unsafeChars';
import { type Comparison, DIFF_KINDS, type DiffKind, type Difference, differencesOf } from './comparison';
import { valueText } from './valueText';

/** Rows of one kind listed at most; the rest are counted in a last row. */
export const ROWS_PER_KIND = 500;

export type SummaryNode =
  | { readonly kind: 'group'; readonly group: DiffKind; readonly count: number }
  | { readonly kind: 'difference'; readonly difference: Difference }
  | { readonly kind: 'more'; readonly group: DiffKind; readonly remaining: number }
  | { readonly kind: 'note'; readonly text: string };

const GROUP_LABELS: Record<DiffKind, string> = {
  typeChanged: 'Type changed',
  changed: 'Changed',
  onlyLeft: 'Only left',
  onlyRight: 'Only right',
};

const GROUP_ICONS: Record<DiffKind, string> = {
  typeChanged: 'symbol-type-parameter',
  changed: 'diff-modified',
  onlyLeft: 'diff-removed',
  onlyRight: 'diff-added',
};

/** The summary of the comparison on screen: counts per kind, then a row per difference that reveals it. */
export class SummaryTreeProvider implements vscode.TreeDataProvider<SummaryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SummaryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private shown: Comparison | undefined;

  get comparison(): Comparison | undefined {
    return this.shown;
  }

  /** The nodes of the comparison shown, made once per comparison (so the view can reveal them by identity). */
  private roots: SummaryNode[] = [];
  private rows = new Map<DiffKind, SummaryNode[]>();

  show(comparison: Comparison | undefined): void {
    this.shown = comparison;
    this.rows = new Map();
    this.roots = [];
    const diff = comparison?.diff;
    if (comparison && !diff) {
      this.roots = [{ kind: 'note', text: 'One side is not JSON, a form or XML: compared line by line only' }];
    } else if (diff?.same) {
      this.roots = [{ kind: 'note', text: 'No differences' }];
    } else if (diff) {
      for (const group of DIFF_KINDS) {
        const all = differencesOf(diff, group);
        if (all.length === 0) continue;
        this.roots.push({ kind: 'group', group, count: all.length });
        const rows: SummaryNode[] = all
          .slice(0, ROWS_PER_KIND)
          .map((difference) => ({ kind: 'difference', difference }));
        if (all.length > ROWS_PER_KIND) rows.push({ kind: 'more', group, remaining: all.length - ROWS_PER_KIND });
        this.rows.set(group, rows);
      }
    }
    this.changed.fire(undefined);
  }

  getChildren(node?: SummaryNode): SummaryNode[] {
    if (!node) return this.roots;
    return node.kind === 'group' ? (this.rows.get(node.group) ?? []) : [];
  }

  /** A difference row's group: what `TreeView.reveal` walks up. */
  getParent(node: SummaryNode): SummaryNode | undefined {
    if (node.kind !== 'difference' && node.kind !== 'more') return undefined;
    const group = node.kind === 'more' ? node.group : node.difference.kind;
    return this.roots.find((root) => root.kind === 'group' && root.group === group);
  }

  getTreeItem(node: SummaryNode): vscode.TreeItem {
    switch (node.kind) {
      case 'note': {
        const item = new vscode.TreeItem(node.text);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
      case 'group': {
        const item = new vscode.TreeItem(GROUP_LABELS[node.group], vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${node.group}`;
        item.description = String(node.count);
        item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[node.group]);
        item.accessibilityInformation = { label: `${GROUP_LABELS[node.group]}: ${node.count}` };
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(`${node.remaining} more not listed`);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        return item;
      }
      case 'difference':
        return differenceItem(node.difference);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** `left → right`, `left` or `right`: what a difference row shows beside its path. */
export function differenceText(difference: Difference): string {
  const left = 'left' in difference && difference.left !== undefined ? valueText(difference.left) : undefined;
  const right = 'right' in difference && difference.right !== undefined ? valueText(difference.right) : undefined;
  if (left !== undefined && right !== undefined) return `${left} → ${right}`;
  return left ?? right ?? '';
}

function differenceItem(difference: Difference): vscode.TreeItem {
  const path = safePath(difference.path);
  const item = new vscode.TreeItem(path);
  item.id = `${difference.kind}:${difference.path}`;
  item.description = differenceText(difference);
  item.tooltip = `${path}\n${item.description}`;
  item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[difference.kind]);
  item.accessibilityInformation = { label: `${GROUP_LABELS[difference.kind]} ${path}: ${item.description}` };
  item.command = { command: 'pushpull.revealDifference', title: 'Reveal in Diff', arguments: [difference] };
  return item;
}

const UNSAFE = unsafeChars();
const PATH_MAX = 200;

/** A path as a row's label: paths hold keys a sender chose, so they are cut short and made safe like values. */
export function safePath(path: string): string {
  const cut = path.length > PATH_MAX ? `${path.slice(0, PATH_MAX - 1)}…` : path;
  return cut.replace(UNSAFE, unicodeEscape);
}
