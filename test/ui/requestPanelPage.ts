import { ConsoleMessage, FrameLocator, Locator, Page } from 'playwright-core';

/**
 * The request panel's page as a person sees it: the webview's content sits two iframes deep
 * (`iframe.webview` → `iframe#active-frame`), its controls are @vscode-elements web components
 * whose inputs live in open shadow roots (CSS locators pierce them).
 */
export class RequestPanelPage {
  constructor(
    private readonly page: Page,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** The visible webview's content frame; `#active-frame` only exists once the page has loaded. */
  get frame(): FrameLocator {
    return this.page
      .locator('iframe.webview:visible')
      .first()
      .contentFrame()
      .locator('iframe#active-frame')
      .contentFrame();
  }

  get urlInput(): Locator {
    return this.frame.locator('vscode-textfield#url input');
  }

  get methodInput(): Locator {
    return this.frame.locator('#method');
  }

  /** A tab of the request (`params`, `headers`, `body`, `auth`, `options`) by its data-tab. */
  tab(name: string): Locator {
    return this.frame.locator(`[data-tab=${name}]`).first();
  }

  /** The rows of a table of the request form (`params`, `headers`, `body-form`). */
  rows(table: string): Locator {
    return this.frame.locator(`#${table} tbody tr`);
  }

  /** The body's text area (JSON, text, XML). */
  get bodyText(): Locator {
    return this.frame.locator('#body-text textarea');
  }

  get sendButton(): Locator {
    return this.frame.locator('vscode-button#send');
  }

  get cancelButton(): Locator {
    return this.frame.locator('vscode-button#cancel');
  }

  get bodyNote(): Locator {
    return this.frame.locator('#body-note');
  }

  get openInEditorButton(): Locator {
    return this.frame.locator('vscode-button#open-body');
  }

  get status(): Locator {
    return this.frame.locator('#status');
  }

  /** Time and size of the answer shown beside the status, e.g. "12 ms · 58 B". */
  get meta(): Locator {
    return this.frame.locator('#response-meta');
  }

  /** The timing breakdown's stacked bar. */
  get timingBar(): Locator {
    return this.frame.locator('#timings .timing-bar');
  }

  /** The response headers table's body: one row per header, name and value cells. */
  get responseHeaders(): Locator {
    return this.frame.locator('#response-headers');
  }

  /** The response headers as "name: value" lines, read from the table's cells. */
  async responseHeaderLines(): Promise<string[]> {
    const lines: string[] = [];
    for (const row of await this.responseHeaders.locator('tr').all()) {
      lines.push((await row.locator('td').allTextContents()).join(': '));
    }
    return lines;
  }

  get responseBody(): Locator {
    return this.frame.locator('#response-body');
  }

  /** Waits until the page's script ran: the URL box is a rendered web component with its inner input. */
  async waitLoaded(timeoutMs = 30_000): Promise<void> {
    await this.urlInput.waitFor({ state: 'visible', timeout: timeoutMs });
    await this.sendButton.waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /**
   * Clicks the URL box, selects what is there and types `url` over it, key by key, then reads the
   * box back. When the webview has just been (re)loaded, VS Code may still be moving the focus into
   * its frames and the first keys land elsewhere; like a person, select all and type it again.
   */
  async typeUrl(url: string, attempts = 3): Promise<void> {
    let shown = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await this.urlInput.click();
      await this.waitFocused(this.urlInput);
      await this.urlInput.press('ControlOrMeta+a');
      await this.urlInput.press('Backspace');
      await this.urlInput.pressSequentially(url, { delay: 10 });
      shown = await this.urlInput.inputValue();
      if (shown === url) {
        return;
      }
      this.log(`typing the URL again: the box showed "${shown}"`);
    }
    throw new Error(`The URL box shows "${shown}" after typing "${url}" ${attempts} times`);
  }

  /** Waits until `input` has the keyboard focus inside its frame. */
  private async waitFocused(input: Locator, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await input.evaluate((element) => Boolean(element.matches(':focus'))))) {
      if (Date.now() > deadline) {
        throw new Error('The URL box never got the keyboard focus');
      }
      await this.page.waitForTimeout(50);
    }
  }

  /** Types over the method box (free text, the standard methods suggested). */
  async typeMethod(method: string): Promise<void> {
    await this.methodInput.click();
    await this.methodInput.press('ControlOrMeta+a');
    await this.methodInput.pressSequentially(method, { delay: 10 });
  }

  /**
   * Adds a row to a table of the form with its Add button (`noun`: "Query parameter", "Header") and types its
   * name and value, as a person does.
   */
  async addRow(table: string, noun: string, name: string, value: string): Promise<void> {
    const before = await this.rows(table).count();
    await this.frame.getByRole('button', { name: `Add ${noun.toLowerCase()}` }).click();
    const row = this.rows(table).nth(before);
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    const nameInput = row.locator('td.name input').first();
    await nameInput.click();
    await nameInput.pressSequentially(name, { delay: 5 });
    // Close a name suggestion, if one opened, so it does not take the next keys.
    await nameInput.press('Escape').catch(() => undefined);
    const valueInput = row.locator('td.value input').first();
    await valueInput.click();
    await valueInput.pressSequentially(value, { delay: 5 });
  }

  /** Opens a vscode-single-select (`#body-mode`, `#auth-kind`) and picks the option shown as `label`. */
  async chooseOption(selector: string, label: string): Promise<void> {
    const select = this.frame.locator(selector);
    await select.click();
    await select.getByRole('option', { name: label, exact: true }).click();
    await select.filter({ hasText: label }).waitFor({ timeout: 10_000 });
  }

  async clickSend(): Promise<void> {
    await this.sendButton.click();
  }

  /** Presses Enter with the focus in the URL box. */
  async pressEnterInUrl(): Promise<void> {
    await this.urlInput.press('Enter');
  }

  /** Waits until the status line matches `pattern` and returns its text. */
  async waitForStatus(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const matching = this.status.filter({ hasText: pattern });
    try {
      await matching.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      const shown = await this.status.textContent({ timeout: 2_000 }).catch(() => null);
      throw new Error(`The status line never matched ${String(pattern)}; it shows "${shown ?? '(nothing)'}"`);
    }
    return ((await this.status.textContent()) ?? '').trim();
  }

  /** Waits until the response body contains `needle` and returns all of its text. */
  async waitForBody(needle: string, timeoutMs = 30_000): Promise<string> {
    try {
      await this.responseBody.filter({ hasText: needle }).waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      const shown = await this.responseBody.textContent({ timeout: 2_000 }).catch(() => null);
      throw new Error(`The response body never showed "${needle}"; it shows "${shown ?? '(nothing)'}"`);
    }
    return (await this.responseBody.textContent()) ?? '';
  }
}

/**
 * Records what the browser's console says while a scenario runs: the pages' own logs and
 * the browser's reports, among them Content-Security-Policy violations ("Refused to …").
 */
export class ConsoleWatch {
  readonly messages: ConsoleMessage[] = [];
  private readonly listener = (message: ConsoleMessage): void => {
    this.messages.push(message);
  };

  constructor(private readonly page: Page) {
    page.on('console', this.listener);
  }

  /** Messages that report a Content-Security-Policy violation. */
  cspViolations(): string[] {
    return this.messages
      .map((m) => `${m.type()}: ${m.text()} (${m.location().url})`)
      .filter((text) =>
        /Content[- ]Security[- ]Policy|Refused to (load|execute|apply|evaluate|connect|frame)/i.test(text),
      );
  }

  /**
   * Errors and warnings whose source is a webview (its URL names the webview host page), less
   * VS Code's own note about its sandbox attributes, which every webview gets.
   */
  webviewProblems(): string[] {
    return this.messages
      .filter((m) => m.type() === 'error' || m.type() === 'warning')
      .filter((m) => /webview|vscode-resource|vscode-cdn/i.test(m.location().url))
      .filter((m) => !/allow-scripts and allow-same-origin/.test(m.text()))
      .map((m) => `${m.type()}: ${m.text()} (${m.location().url})`);
  }

  stop(): void {
    this.page.off('console', this.listener);
  }
}
