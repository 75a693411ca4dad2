/**
 * The request line: method (the standard ones, or any other typed in), URL, Send and Cancel; the environment picker
 * and the `{{variables}}` it leaves unresolved; Import cURL (pasted into the URL box or into its own box) and Copy as
 * cURL.
 */
import { button, clear, h, show, textarea, textfield } from './dom';
import { STANDARD_METHODS, type PanelContext } from './panelProtocol';

export interface RequestLineHooks {
  readonly onMethod: () => void;
  readonly onUrl: (url: string) => void;
  readonly send: () => void;
  readonly cancel: () => void;
  readonly importCurl: (text: string) => void;
  readonly copyCurl: () => void;
  readonly selectEnvironment: (name: string) => void;
}

function isCurl(text: string): boolean {
  return /^curl\s/.test(text.trimStart());
}

export class RequestLine {
  readonly element: HTMLElement;
  readonly url;
  private readonly method;
  private readonly sendButton;
  private readonly cancelButton;
  private readonly environment;
  private readonly unresolved = h('div', { id: 'unresolved', class: 'warning', role: 'status', hidden: true });
  private readonly curlBox;
  private readonly curlArea: HTMLElement;
  private readonly curlResult = h('div', { id: 'curl-result', class: 'note', role: 'status', hidden: true });
  private lastUrl = '';

  constructor(private readonly hooks: RequestLineHooks) {
    // A plain input with suggestions: any method can be typed, the standard ones are offered.
    this.method = h('input', {
      id: 'method',
      class: 'native-input',
      type: 'text',
      list: 'methods',
      'aria-label': 'Method',
      title: 'Method (pick one or type another)',
      spellcheck: 'false',
      autocomplete: 'off',
    });
    this.method.addEventListener('input', () => hooks.onMethod());
    const methods = h('datalist', { id: 'methods' }, ...STANDARD_METHODS.map((m) => h('option', { value: m })));
    this.url = textfield('URL', (value) => this.urlTyped(value), {
      id: 'url',
      class: 'url',
      placeholder: 'https://api.example.com/items?page=1 (or paste a curl command)',
      spellcheck: 'false',
    });
    this.url.addEventListener('keydown', (event) => {
      const key = event as KeyboardEvent;
      if (key.key !== 'Enter' || key.ctrlKey || key.metaKey) return;
      event.preventDefault();
      if (isCurl(this.url.value)) hooks.importCurl(this.url.value);
      else hooks.send();
    });
    this.sendButton = button('Send', 'send', () => hooks.send(), { id: 'send', title: 'Send (Ctrl+Enter)' });
    this.cancelButton = button('Cancel', 'debug-stop', () => hooks.cancel(), {
      id: 'cancel',
      secondary: true,
      title: 'Cancel (Escape)',
    });
    this.cancelButton.hidden = true;
    this.environment = h('vscode-single-select', {
      id: 'environment',
      'aria-label': 'Environment',
      title: 'Environment',
    });
    this.environment.addEventListener('change', () => hooks.selectEnvironment(this.environment.value));
    this.curlBox = textarea('cURL command', () => undefined, {
      id: 'curl-text',
      rows: '4',
      placeholder: "curl -X POST https://api.example.com/items -H 'Content-Type: application/json' -d '{\"a\":1}'",
    });
    this.curlArea = h(
      'div',
      { id: 'curl-area', class: 'curl-area', hidden: true },
      this.curlBox,
      h(
        'div',
        { class: 'line' },
        button('Import', 'check', () => hooks.importCurl(this.curlBox.value), { id: 'curl-import' }),
        button('Close', 'close', () => show(this.curlArea, false), { secondary: true }),
      ),
    );
    this.element = h(
      'div',
      { class: 'request-line' },
      h('div', { class: 'line' }, this.method, methods, this.url, this.sendButton, this.cancelButton),
      h(
        'div',
        { class: 'line secondary-line' },
        h('vscode-label', {}, 'Environment'),
        this.environment,
        h('span', { class: 'spacer' }),
        button('Import cURL', 'terminal', () => this.openCurl(), { secondary: true, id: 'open-curl' }),
        button('Copy as cURL', 'copy', () => hooks.copyCurl(), { secondary: true, id: 'copy-curl' }),
      ),
      this.unresolved,
      this.curlArea,
      this.curlResult,
    );
    this.setContext({ environments: [], environment: '', secretsSet: [] });
  }

  getMethod(): string {
    return this.method.value.trim().toUpperCase() || 'GET';
  }

  setMethod(method: string): void {
    this.method.value = method;
  }

  setUrl(url: string): void {
    this.lastUrl = url;
    this.url.value = url;
  }

  setSending(on: boolean): void {
    this.sendButton.disabled = on;
    this.cancelButton.hidden = !on;
  }

  setContext(context: PanelContext): void {
    clear(this.environment);
    this.environment.appendChild(h('vscode-option', { value: '' }, 'No environment'));
    for (const name of context.environments) this.environment.appendChild(h('vscode-option', { value: name }, name));
    this.environment.value = context.environment;
  }

  setUnresolved(names: readonly string[]): void {
    this.unresolved.textContent =
      names.length === 0 ? '' : `Not defined in the selected environment: ${names.map((n) => `{{${n}}}`).join(', ')}`;
    show(this.unresolved, names.length > 0);
  }

  curlImported(ignored: readonly string[]): void {
    show(this.curlArea, false);
    this.curlBox.value = '';
    this.curlResult.textContent =
      ignored.length === 0
        ? 'Imported the cURL command.'
        : `Imported the cURL command. Not understood, so left out: ${ignored.join(' ')}`;
    this.curlResult.className = ignored.length === 0 ? 'note' : 'note warning';
    show(this.curlResult, true);
  }

  curlFailed(message: string): void {
    // What was pasted stays where it was, to be mended.
    this.curlResult.textContent = `Could not import the cURL command: ${message}`;
    this.curlResult.className = 'note error';
    show(this.curlResult, true);
  }

  private openCurl(): void {
    show(this.curlArea, true);
    this.curlBox.focus();
  }

  /** A command pasted in one go (not typed key by key) is imported; anything else is the URL. */
  private urlTyped(value: string): void {
    const grewAtOnce = value.length - this.lastUrl.length > 1;
    this.lastUrl = value;
    if (grewAtOnce && isCurl(value)) {
      this.hooks.importCurl(value);
      return;
    }
    this.hooks.onUrl(value);
  }
}
