import { Locator, Page } from 'playwright-core';

/** The kind of colour theme the workbench wears. */
export type ThemeKind = 'light' | 'dark' | 'high-contrast';

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

  /** The quick input's text box (Command Palette, quick picks). */
  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /** Rows of the open quick pick containing `text`. */
  quickPickRow(text: string | RegExp): Locator {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: text });
  }

  /** F1, type the command's title, choose its row; waits until the palette closes. */
  async runCommand(title: string, timeoutMs = 30_000): Promise<void> {
    await this.startCommand(title, timeoutMs);
    await this.quickInput.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /**
   * Runs a command that answers with a quick pick of its own (e.g. "Preferences: Color Theme"),
   * then types `item` there and chooses the row labelled exactly `item`.
   */
  async runCommandAndPick(title: string, item: string, timeoutMs = 30_000): Promise<void> {
    await this.startCommand(title, timeoutMs);
    // The palette's rows give way to the command's own list: wait for the item before typing. A long list
    // (the colour themes) shows only its first rows: when the item is not among them, type to filter to it.
    const row = this.exactQuickPickRow(item);
    const shown = await row
      .waitFor({ state: 'visible', timeout: Math.min(timeoutMs, 5_000) })
      .then(() => true)
      .catch(() => false);
    await this.quickInput.pressSequentially(item, { delay: 15 });
    if (!shown) {
      await row.waitFor({ state: 'visible', timeout: timeoutMs }).catch(async (error: unknown) => {
        const open = await this.quickInput.isVisible().catch(() => false);
        const rows = open ? await this.quickPickRow('').allTextContents() : [];
        throw new Error(
          `"${title}" never offered "${item}" (quick input ${open ? `shows: ${rows.join(' | ')}` : 'closed'})`,
          { cause: error },
        );
      });
    }
    await this.chooseRow(row, timeoutMs);
    await this.quickInput.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** Clicks the row of the open quick pick that contains `text`; waits until the quick pick closes. */
  async clickQuickPickRow(text: string | RegExp, timeoutMs = 30_000): Promise<void> {
    const row = this.quickPickRow(text).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    await row.click();
    await this.quickInput.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** Ctrl+P, type the file name, choose its row; waits until its tab is the active one. */
  async quickOpen(fileName: string, timeoutMs = 30_000): Promise<void> {
    await this.page.keyboard.press('ControlOrMeta+p');
    await this.quickInput.waitFor({ state: 'visible', timeout: timeoutMs });
    await this.quickInput.pressSequentially(fileName, { delay: 15 });
    const row = this.exactQuickPickRow(fileName);
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    await this.chooseRow(row, timeoutMs);
    await this.quickInput.waitFor({ state: 'hidden', timeout: timeoutMs });
    await this.page
      .locator('.editor-group-container.active .tabs-container .tab.active')
      .filter({ hasText: fileName })
      .first()
      .waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /**
   * Right-clicks `target`, points at the context-menu entry labelled `label` and presses Enter.
   * (VS Code's menus ignore a mouse-up in their first 100 ms, which no observable state reveals;
   * pointing then Enter is just as human and does not race that timer.)
   */
  async contextMenu(target: Locator, label: string, timeoutMs = 30_000): Promise<void> {
    await target.click({ button: 'right' });
    const items = this.page.locator('.monaco-menu .action-item').filter({ hasText: label });
    await items.first().waitFor({ state: 'visible', timeout: timeoutMs });
    await items.first().hover();
    await this.page
      .locator('.monaco-menu .action-item.focused')
      .filter({ hasText: label })
      .first()
      .waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.keyboard.press('Enter');
    await items.first().waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** Light, dark or high contrast, as the workbench's own theme class says. */
  async themeKind(): Promise<ThemeKind> {
    const classes = ((await this.page.locator('.monaco-workbench').first().getAttribute('class')) ?? '').split(/\s+/);
    if (classes.includes('hc-black') || classes.includes('hc-light')) {
      return 'high-contrast';
    }
    return classes.includes('vs-dark') ? 'dark' : 'light';
  }

  /** Waits until the workbench wears a theme of `kind` (its class changes once the theme is applied). */
  async waitForThemeKind(kind: ThemeKind, timeoutMs = 30_000): Promise<void> {
    const selector = {
      dark: '.monaco-workbench.vs-dark',
      light: '.monaco-workbench.vs',
      'high-contrast': '.monaco-workbench.hc-black, .monaco-workbench.hc-light',
    }[kind];
    await this.page.locator(selector).first().waitFor({ state: 'attached', timeout: timeoutMs });
  }

  /**
   * F1, type the title, choose the row labelled exactly so. The palette lists the commands known
   * when it opened, and an extension's commands can come a moment after the window looks ready:
   * a miss closes the palette (Escape) and opens it again, until `timeoutMs` is spent.
   */
  private async startCommand(title: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const row = this.exactQuickPickRow(title);
    for (;;) {
      await this.page
        .locator('.monaco-workbench')
        .click({ position: { x: 600, y: 400 }, force: true })
        .catch(() => undefined);
      await this.page.keyboard.press('F1');
      await this.quickInput.waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) });
      await this.quickInput.pressSequentially(title, { delay: 15 });
      const found = await row
        .waitFor({ state: 'visible', timeout: Math.max(1, Math.min(5_000, deadline - Date.now())) })
        .then(() => true)
        .catch(() => false);
      if (found) {
        await this.chooseRow(row, timeoutMs);
        return;
      }
      const shown = await this.quickPickRow('')
        .allTextContents()
        .catch(() => []);
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
      if (Date.now() >= deadline) {
        const seen = shown.slice(0, 3).join(' | ') || 'nothing';
        throw new Error(`The Command Palette never offered "${title}" (it showed: ${seen})`);
      }
    }
  }

  /** A quick-pick row whose label is exactly `label`, not merely containing it. */
  private exactQuickPickRow(label: string): Locator {
    const name = this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) });
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: name }).first();
  }

  /** Enter when `row` is the highlighted one, as a person typing would; otherwise a click on it. */
  private async chooseRow(row: Locator, timeoutMs: number): Promise<void> {
    const classes = (await row.getAttribute('class', { timeout: timeoutMs })) ?? '';
    if (classes.split(/\s+/).includes('focused')) {
      await this.page.keyboard.press('Enter');
    } else {
      await row.click({ timeout: timeoutMs });
    }
  }

  /** Clicks a view container's icon in the activity bar (by its title). */
  async openViewContainer(title: string, timeoutMs = 30_000): Promise<void> {
    // The whole item, not its inner label: a badge (e.g. "1 new webhook") sits on top of the label.
    const label = this.page.locator(`a.action-label[aria-label^="${title}"]`);
    const icon = this.page.locator('.activitybar .action-item').filter({ has: label }).first();
    await icon.waitFor({ state: 'visible', timeout: timeoutMs });
    // The icon toggles: click it only when the side bar does not already show this container.
    // (Its aria-checked/aria-expanded are not kept in step on every version, so read the side bar.)
    const header = this.page.locator('.part.sidebar .composite.title').filter({ hasText: title }).first();
    if (!(await header.isVisible())) {
      await icon.click();
    }
    await header.waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** A row of any tree/list in the side bar whose text contains every one of `texts`. */
  sideBarRow(...texts: string[]): Locator {
    let rows = this.page.locator('.pane-body .monaco-list-row');
    for (const text of texts) {
      rows = rows.filter({ hasText: text });
    }
    return rows.first();
  }

  /**
   * Points at `target` until the hover containing `needle` appears and returns its text. Some versions
   * open a hover only after the pointer has rested and moved over the element, so this points again,
   * a little further along, every few seconds, as a person would.
   */
  async hoverText(target: Locator, needle: string, timeoutMs = 20_000): Promise<string> {
    const hover = this.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: needle }).first();
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      await this.page.mouse.move(0, 0);
      await target.hover({ position: { x: 40 + 10 * (attempt % 5), y: 8 } });
      try {
        await hover.waitFor({ state: 'visible', timeout: Math.max(1, Math.min(4_000, deadline - Date.now())) });
        break;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
      }
    }
    const text = (await hover.textContent()) ?? '';
    await this.page.mouse.move(0, 0);
    return text;
  }

  /**
   * Clicks a tree row that opens an editor and waits until the active editor shows `needle`.
   * A tree may re-render just after its rows appear, and a click landing in that moment only
   * selects the row; a person clicks again, and so does this, every few seconds until `timeoutMs`.
   */
  async openFromTree(row: Locator, needle: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (let clicks = 1; ; clicks++) {
      await row.click({ timeout: Math.max(1, deadline - Date.now()) });
      const left = deadline - Date.now();
      try {
        return await this.waitForEditorText(needle, Math.max(1, Math.min(5_000, left)));
      } catch (error) {
        if (left <= 5_000) {
          throw new Error(`${clicks} click(s) on the row did not open it: ${String(error)}`, { cause: error });
        }
      }
    }
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

  /**
   * The lines an editor shows, in order, as one string (Monaco renders spaces as U+00A0 and
   * positions its line elements absolutely, so they are sorted by their top offset).
   */
  async editorLines(editor: Locator): Promise<string> {
    const lines = await editor.locator('.view-lines .view-line').evaluateAll((elements) =>
      elements
        .map((element) => ({ top: parseFloat(element.style.top) || 0, text: element.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text),
    );
    return lines.join('\n').replace(/\u00a0/g, ' ');
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
