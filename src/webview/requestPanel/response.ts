/**
 * The response: status with its text (coloured by class), time and size, the timing chart, and tabs for the body
 * (Pretty / Raw / Preview, search, Copy, Save, Open in Editor), the headers and the redirects. Everything here came
 * from the network: it is set as text or as element properties, never parsed as markup. Preview shows an image
 * from its `data:` URI; anything else, HTML included, previews as text.
 */
import { button, clear, h, show, textfield } from './dom';
import { formatBytes, formatMs, statusClass } from './format';
import type { ResponseView } from './panelProtocol';
import { BodySearch } from './search';
import { drawTimings } from './timingChart';

type View = 'pretty' | 'raw' | 'preview';

export interface ResponseHooks {
  readonly open: () => void;
  readonly save: () => void;
  readonly copy: () => void;
}

export class ResponsePane {
  readonly element: HTMLElement;
  private readonly status = h('div', { id: 'status', class: 'status', role: 'status' });
  private readonly meta = h('div', { id: 'response-meta', class: 'meta' });
  private readonly timings = h('div', { id: 'timings', class: 'timings' });
  private readonly details: HTMLElement;
  private readonly note = h('div', { id: 'body-note', class: 'note', hidden: true });
  private readonly body = h('pre', {
    id: 'response-body',
    class: 'body',
    tabindex: '0',
    'aria-label': 'Response body',
  });
  private readonly image = h('img', {
    id: 'response-image',
    class: 'preview-image',
    alt: 'Response image',
    hidden: true,
  });
  private readonly headers = h('tbody', { id: 'response-headers' });
  private readonly redirects = h('ol', { id: 'redirects', class: 'redirects' });
  private readonly redirectsTab = h('vscode-tab-header', { slot: 'header', 'data-tab': 'redirects' }, 'Redirects');
  private readonly headersTab = h('vscode-tab-header', { slot: 'header', 'data-tab': 'response-headers' }, 'Headers');
  private readonly viewGroup;
  private readonly search: BodySearch;
  private readonly searchBox;
  private response: ResponseView | undefined;
  private view: View = 'pretty';

  constructor(hooks: ResponseHooks) {
    const count = h('span', { id: 'search-count', class: 'search-count', 'aria-live': 'polite' });
    this.search = new BodySearch(this.body, count);
    this.searchBox = textfield('Search the body', (query) => this.search.find(query), {
      id: 'body-search',
      placeholder: 'Search',
    });
    this.searchBox.addEventListener('keydown', (event) => {
      const key = event as KeyboardEvent;
      if (key.key !== 'Enter') return;
      event.preventDefault();
      if (key.shiftKey) this.search.previous();
      else this.search.next();
    });
    this.viewGroup = h('vscode-radio-group', { id: 'body-view', 'aria-label': 'Show the body' });
    for (const [value, label] of [
      ['pretty', 'Pretty'],
      ['raw', 'Raw'],
      ['preview', 'Preview'],
    ] as const) {
      const radio = h('vscode-radio', { name: 'body-view', value, label, checked: value === 'pretty' }, label);
      radio.addEventListener('change', () => {
        if (radio.checked) this.setView(value);
      });
      this.viewGroup.appendChild(radio);
    }
    const bodyTools = h(
      'div',
      { class: 'toolbar' },
      this.viewGroup,
      h('span', { class: 'spacer' }),
      this.searchBox,
      count,
      button('Previous match', 'arrow-up', () => this.search.previous(), { secondary: true, iconOnly: true }),
      button('Next match', 'arrow-down', () => this.search.next(), { secondary: true, iconOnly: true }),
      button('Copy', 'copy', hooks.copy, { secondary: true, id: 'copy-body', title: 'Copy the body' }),
      button('Save', 'save', hooks.save, { secondary: true, id: 'save-body', title: 'Save the body to a file' }),
      button('Open in Editor', 'go-to-file', hooks.open, {
        secondary: true,
        id: 'open-body',
        title: 'Open the whole body in an editor',
      }),
    );
    this.details = h(
      'vscode-tabs',
      { id: 'response-tabs', hidden: true },
      h('vscode-tab-header', { slot: 'header', 'data-tab': 'response-body' }, 'Body'),
      h('vscode-tab-panel', {}, bodyTools, this.note, this.body, this.image),
      this.headersTab,
      h(
        'vscode-tab-panel',
        {},
        h(
          'table',
          { class: 'headers-table' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Value'))),
          this.headers,
        ),
      ),
      this.redirectsTab,
      h('vscode-tab-panel', {}, this.redirects),
    );
    this.element = h(
      'section',
      { class: 'response', 'aria-label': 'Response' },
      h('div', { class: 'line summary' }, this.status, this.meta),
      this.timings,
      this.details,
    );
  }

  sending(): void {
    this.setStatus('Sending… (Escape cancels)', 'pending');
  }

  failed(code: string, message: string): void {
    this.response = undefined;
    this.setStatus(`${message} (${code})`, 'error');
    clear(this.meta);
    clear(this.timings);
    show(this.details, false);
  }

  show(response: ResponseView): void {
    this.response = response;
    this.setStatus(`${response.status} ${response.statusText}`.trim(), statusClass(response.status));
    const wire =
      response.encoding && response.wireSize !== response.size
        ? ` (${formatBytes(response.wireSize)} ${response.encoding} on the wire)`
        : '';
    this.meta.textContent = `${formatMs(response.timings.totalMs)} · ${formatBytes(response.size)}${wire}${response.truncated ? ' · cut by the size limit' : ''}`;
    drawTimings(this.timings, response.timings);
    clear(this.headers);
    for (const [name, value] of response.headers) {
      this.headers.appendChild(h('tr', {}, h('td', { class: 'header-name' }, name), h('td', {}, value)));
    }
    this.headersTab.textContent = `Headers (${response.headers.length})`;
    clear(this.redirects);
    for (const hop of response.redirects) {
      this.redirects.appendChild(h('li', {}, h('span', { class: 'hop-status' }, String(hop.status)), ' ', hop.url));
    }
    this.redirectsTab.textContent = `Redirects (${response.redirects.length})`;
    show(this.redirectsTab, response.redirects.length > 0);
    const cut = response.bodyCut;
    this.note.textContent = cut
      ? `Showing the first ${formatBytes(cut.shownBytes)} of ${formatBytes(cut.totalBytes)}: Open in Editor or Save has all of it.`
      : '';
    show(this.note, cut !== undefined);
    show(this.details, true);
    this.drawBody();
  }

  private setStatus(text: string, kind: string): void {
    this.status.textContent = text;
    this.status.className = `status ${kind}`;
  }

  private setView(view: View): void {
    this.view = view;
    this.drawBody();
  }

  private drawBody(): void {
    const r = this.response;
    if (!r) return;
    const image = this.view === 'preview' && r.image !== undefined && r.image.startsWith('data:image/');
    // An image from the network is only ever an <img> source: it cannot run script.
    if (image) this.image.src = r.image ?? '';
    else this.image.removeAttribute('src');
    show(this.image, image);
    show(this.body, !image);
    this.search.setText(this.view === 'pretty' ? r.pretty : r.raw);
  }
}
