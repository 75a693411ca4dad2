import { Page } from 'playwright-core';
import { Workbench } from './workbench';

/** What every UI scenario gets: a ready workbench with PushPull installed from its .vsix. */
export interface UiContext {
  readonly page: Page;
  readonly workbench: Workbench;
  readonly vscodeVersion: string;
  /** Free port written to settings.json as `pushpull.listener.port`. */
  readonly listenerPort: number;
  /** The folder open in the workbench. */
  readonly workspace: string;
  /** Saves a PNG under test-results/ui and returns its absolute path. */
  screenshot(name: string): Promise<string>;
  log(message: string): void;
}

export interface UiScenario {
  readonly name: string;
  run(ctx: UiContext): Promise<void>;
}
