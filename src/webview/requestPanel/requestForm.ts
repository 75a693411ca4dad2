/**
 * The request as a form: the request line over five tabs (Params, Headers, Body, Auth, Options). The URL is the
 * truth for the query: the params table is worked out from it as it is typed, and editing a row writes the URL
 * again. A disabled param is not in the URL; the page keeps it (in its saved state) until it is enabled again.
 */
import { AuthTab } from './auth';
import { BodyEditor } from './bodyEditor';
import { h } from './dom';
import { COMMON_HEADERS } from './headerNames';
import { OptionsTab } from './optionsTab';
import type { PanelContext, RequestDraft, SecretField } from './panelProtocol';
import { parseQuery, withQuery } from './queryParams';
import { RequestLine, type RequestLineHooks } from './requestLine';
import { RowsTable, type TableRow } from './rowsTable';

export interface RequestFormHooks extends Omit<RequestLineHooks, 'onMethod' | 'onUrl'> {
  readonly onChange: () => void;
  readonly storeSecret: (field: SecretField, value: string) => void;
  readonly pickFile: (purpose: 'binary' | 'multipart', row?: number) => void;
}

export class RequestForm {
  readonly element: HTMLElement;
  readonly line: RequestLine;
  readonly body: BodyEditor;
  readonly auth: AuthTab;
  private readonly params: RowsTable;
  private readonly headers: RowsTable;
  private readonly options: OptionsTab;
  private readonly tabLabels: Record<'params' | 'headers', HTMLElement>;
  private disabledParams: TableRow[] = [];
  private id = '';

  constructor(private readonly hooks: RequestFormHooks) {
    this.line = new RequestLine({
      ...hooks,
      onMethod: () => hooks.onChange(),
      onUrl: (url) => {
        this.paramsFromUrl(url);
        hooks.onChange();
      },
    });
    this.params = new RowsTable({
      noun: 'Query parameter',
      id: 'params',
      onChange: (rows) => this.paramsEdited(rows),
    });
    this.headers = new RowsTable({
      noun: 'Header',
      id: 'headers',
      completions: COMMON_HEADERS,
      onChange: () => {
        this.countTabs();
        hooks.onChange();
      },
    });
    this.body = new BodyEditor({ onChange: () => hooks.onChange(), pickFile: hooks.pickFile });
    this.auth = new AuthTab({ onChange: () => hooks.onChange(), storeSecret: hooks.storeSecret });
    this.options = new OptionsTab(() => hooks.onChange());
    this.tabLabels = { params: h('span', {}, 'Params'), headers: h('span', {}, 'Headers') };
    const tab = (label: HTMLElement | string, id: string): HTMLElement =>
      h('vscode-tab-header', { slot: 'header', 'data-tab': id }, label);
    const panel = (content: HTMLElement): HTMLElement => h('vscode-tab-panel', {}, content);
    this.element = h(
      'section',
      { class: 'request', 'aria-label': 'Request' },
      this.line.element,
      h(
        'vscode-tabs',
        { id: 'request-tabs' },
        tab(this.tabLabels.params, 'params'),
        panel(this.params.element),
        tab(this.tabLabels.headers, 'headers'),
        panel(this.headers.element),
        tab('Body', 'body'),
        panel(this.body.element),
        tab('Auth', 'auth'),
        panel(this.auth.element),
        tab('Options', 'options'),
        panel(this.options.element),
      ),
    );
  }

  get(): RequestDraft {
    return {
      id: this.id,
      method: this.line.getMethod(),
      url: this.line.url.value,
      headers: this.headers.current.map(({ enabled, name, value }) => ({ enabled, name, value })),
      body: this.body.get(),
      auth: this.auth.get(),
      options: this.options.get(),
    };
  }

  set(draft: RequestDraft, disabledParams: readonly TableRow[] = []): void {
    this.id = draft.id;
    this.line.setMethod(draft.method);
    this.line.setUrl(draft.url);
    this.disabledParams = disabledParams.map((row) => ({ ...row, enabled: false }));
    this.paramsFromUrl(draft.url);
    this.headers.setRows(draft.headers.map((row) => ({ ...row })));
    this.body.set(draft.body);
    this.auth.set(draft.auth);
    this.options.set(draft.options);
    this.countTabs();
  }

  setContext(context: PanelContext): void {
    this.line.setContext(context);
    this.auth.setSecretsSet(context.secretsSet);
  }

  /** Params switched off: page state only, the URL does not carry them. */
  get keptParams(): readonly TableRow[] {
    return this.disabledParams;
  }

  private paramsFromUrl(url: string): void {
    const fromUrl = parseQuery(url).map((row): TableRow => ({ enabled: true, ...row }));
    this.params.setRows([...fromUrl, ...this.disabledParams]);
    this.countTabs();
  }

  private paramsEdited(rows: readonly TableRow[]): void {
    this.disabledParams = rows.filter((row) => !row.enabled).map((row) => ({ ...row }));
    this.line.setUrl(
      withQuery(
        this.line.url.value,
        rows.filter((row) => row.enabled),
      ),
    );
    this.countTabs();
    this.hooks.onChange();
  }

  private countTabs(): void {
    const count = (rows: readonly TableRow[]): string => {
      const on = rows.filter((row) => row.enabled && row.name !== '').length;
      return on === 0 ? '' : ` (${on})`;
    };
    this.tabLabels.params.textContent = `Params${count(this.params.current)}`;
    this.tabLabels.headers.textContent = `Headers${count(this.headers.current)}`;
  }
}
