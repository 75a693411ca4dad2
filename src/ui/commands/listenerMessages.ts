import * as vscode from 'vscode';
import { Disposable } from '../disposable';

/** A message the listener's commands showed: its kind, text and the actions it offered. */
export interface ShownMessage {
  readonly kind: 'error' | 'warning';
  readonly text: string;
  readonly actions: readonly string[];
}

/**
 * The messages the listener shows (failures, the exposed-host warning). Each is announced as it is shown, so
 * PushPull's tests can see what a person would; extension tests cannot click a notification, so they may queue
 * the answer here. A person answers the real notification.
 */
export class ListenerMessages extends Disposable {
  private readonly shown = this._register(new vscode.EventEmitter<ShownMessage>());
  /** Fires as a message is shown, before anyone answers it. */
  readonly onDidShow = this.shown.event;
  private readonly answers: Array<string | undefined> = [];

  /** Answers the next message with `answer` (an action's title, or undefined for dismissing it). */
  answerNext(answer: string | undefined): void {
    this.answers.push(answer);
  }

  /** Shows `text` with `actions`; resolves with the action chosen, or undefined once dismissed. */
  async show(kind: ShownMessage['kind'], text: string, ...actions: string[]): Promise<string | undefined> {
    this.shown.fire({ kind, text, actions });
    if (this.answers.length > 0) return this.answers.shift();
    return kind === 'error'
      ? vscode.window.showErrorMessage(text, ...actions)
      : vscode.window.showWarningMessage(text, ...actions);
  }
}
