import { Locator, Page } from 'playwright-core';

/**
 * Drives a VS Code workbench the way a person does: keyboard and mouse only,
 * with the selectors that held on VS Code 1.90-1.139.
 */
export class Workbench {
  constructor(readonly page: Page) {}

  /** Waits for the workbench and the activity bar, i.e. for a usable window. */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.activitybar').first().waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.statusbar').first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** F1, type the command's title, wait until it is the highlighted row, Enter. */
  async runCommand(title: string, timeoutMs = 30_000): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.page
      .locator('.monaco-workbench')
      .click({ position: { x: 600, y: 400 }, force: true })
      .catch(() => undefined);
    await this.page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.pressSequentially(title, { delay: 15 });
    const row = this.page.locator('.quick-input-list .monaco-list-row.focused').filter({ hasText: lastWords(title) });
    await row.first().waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** Clicks a view container's icon in the activity bar (by its title). */
  async openViewContainer(title: string, timeoutMs = 30_000): Promise<void> {
    const icon = this.page.locator(`.activitybar [aria-label^="${title}"]`).first();
    await icon.waitFor({ state: 'visible', timeout: timeoutMs });
    const checked = await icon.getAttribute('aria-checked').catch(() => null);
    const expanded = await icon.getAttribute('aria-expanded').catch(() => null);
    if (checked !== 'true' && expanded !== 'true') {
      await icon.click();
    }
  }

  /** A row of any tree/list in the side bar whose text contains every one of `texts`. */
  sideBarRow(...texts: string[]): Locator {
    let rows = this.page.locator('.pane-body .monaco-list-row');
    for (const text of texts) {
      rows = rows.filter({ hasText: text });
    }
    return rows.first();
  }

  /** A status bar entry whose text matches. */
  statusBarItem(text: string | RegExp): Locator {
    return this.page.locator('.statusbar .statusbar-item').filter({ hasText: text }).first();
  }

  /** The visible text of the active editor (Monaco renders spaces as U+00A0). */
  async activeEditorText(): Promise<string> {
    const lines = this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    const text = (await lines.textContent({ timeout: 10_000 })) ?? '';
    return text.replace(/\u00a0/g, ' ');
  }

  /** Waits until the active editor shows `needle` (polls: Monaco renders lazily). */
  async waitForEditorText(needle: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = await this.activeEditorText().catch(() => '');
      if (last.includes(needle)) {
        return last;
      }
      await this.page.waitForTimeout(250);
    }
    throw new Error(`The active editor never showed "${needle}". It showed: ${last.slice(0, 300) || '(nothing)'}`);
  }

  /** Title of the active editor tab. */
  async activeTabTitle(): Promise<string> {
    const tab = this.page.locator('.editor-group-container.active .tabs-container .tab.active').first();
    return ((await tab.getAttribute('aria-label', { timeout: 10_000 })) ?? (await tab.textContent()) ?? '').trim();
  }

  /** Texts of the notification toasts on screen (empty when the smoke-test driver hides them). */
  async notificationTexts(): Promise<string[]> {
    return this.page.locator('.notification-toast').allTextContents();
  }
}

/** Quick-input highlights matches in separate spans; match on the tail that stays together. */
function lastWords(title: string): string {
  const colon = title.lastIndexOf(':');
  return colon >= 0 ? title.slice(colon + 1).trim() : title;
}
