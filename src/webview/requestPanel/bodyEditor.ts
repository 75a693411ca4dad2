/**
 * The Body tab: a mode, and for each mode its editor. JSON is checked as it is typed (the error with its line and
 * column) and formatted on demand; GraphQL variables are checked the same way. Files (binary body, multipart parts)
 * are chosen through the host's file picker.
 */
import { button, field, h, select, show, textarea, textfield } from './dom';
import { checkJson, formatJson } from './jsonText';
import type { BodyDraft, BodyMode, MultipartRow } from './panelProtocol';
import { RowsTable, type TableRow } from './rowsTable';

const MODES: ReadonlyArray<readonly [BodyMode, string]> = [
  ['none', 'None'],
  ['json', 'JSON'],
  ['text', 'Text'],
  ['xml', 'XML'],
  ['form', 'Form (URL-encoded)'],
  ['multipart', 'Multipart form'],
  ['binary', 'Binary file'],
  ['graphql', 'GraphQL'],
];

export interface BodyEditorHooks {
  readonly onChange: () => void;
  readonly pickFile: (purpose: 'binary' | 'multipart', row?: number) => void;
}

function problemText(text: string): string {
  const problem = checkJson(text);
  return problem ? `Line ${problem.line}, column ${problem.column}: ${problem.message}` : '';
}

export class BodyEditor {
  readonly element: HTMLElement;
  private mode: BodyMode = 'none';
  private readonly modeSelect;
  private readonly text;
  private readonly textProblem = h('div', { class: 'problem', id: 'json-problem', role: 'status' });
  private readonly format;
  private readonly form: RowsTable;
  private readonly multipart: RowsTable;
  private readonly file;
  private readonly query;
  private readonly variables;
  private readonly variablesProblem = h('div', { class: 'problem', role: 'status' });
  private readonly panes: Record<'text' | 'form' | 'multipart' | 'binary' | 'graphql', HTMLElement>;
  private readonly none = h('p', { class: 'hint' }, 'This request has no body.');

  constructor(private readonly hooks: BodyEditorHooks) {
    const changed = (): void => {
      this.check();
      hooks.onChange();
    };
    this.modeSelect = select(MODES, 'Body type', (value) => {
      this.mode = MODES.find(([m]) => m === value)?.[0] ?? 'none';
      this.layout();
      hooks.onChange();
    });
    this.modeSelect.id = 'body-mode';
    this.text = textarea('Body', changed, { id: 'body-text', rows: '10' });
    this.format = button('Format', 'json', () => this.formatText(), { secondary: true, id: 'body-format' });
    this.form = new RowsTable({ noun: 'Field', id: 'body-form', onChange: () => hooks.onChange() });
    this.multipart = new RowsTable({
      noun: 'Part',
      id: 'body-multipart',
      onPickFile: (row) => hooks.pickFile('multipart', row),
      onChange: () => hooks.onChange(),
    });
    this.file = textfield('Path of the file to send', () => hooks.onChange(), {
      id: 'body-file',
      placeholder: '/path/to/file',
    });
    this.query = textarea('GraphQL query', changed, { id: 'graphql-query', rows: '8' });
    this.variables = textarea('GraphQL variables (JSON)', changed, { id: 'graphql-variables', rows: '4' });
    this.panes = {
      text: h('div', {}, this.text, h('div', { class: 'toolbar' }, this.textProblem, this.format)),
      form: this.form.element,
      multipart: this.multipart.element,
      binary: h(
        'div',
        { class: 'line' },
        this.file,
        button('Choose file…', 'folder-opened', () => hooks.pickFile('binary'), { secondary: true }),
      ),
      graphql: h(
        'div',
        {},
        field('Query', this.query),
        field('Variables (JSON)', this.variables),
        this.variablesProblem,
      ),
    };
    this.element = h(
      'div',
      { class: 'body-editor' },
      h('div', { class: 'line' }, h('vscode-label', {}, 'Type'), this.modeSelect),
      this.none,
      ...Object.values(this.panes),
    );
    this.layout();
  }

  get(): BodyDraft {
    return {
      mode: this.mode,
      text: this.text.value,
      form: this.form.current.map(({ enabled, name, value }) => ({ enabled, name, value })),
      multipart: this.multipart.current.map(({ enabled, name, value, kind }): MultipartRow => ({
        enabled,
        name,
        value,
        kind: kind ?? 'text',
      })),
      file: this.file.value,
      graphql: { query: this.query.value, variables: this.variables.value },
    };
  }

  set(body: BodyDraft): void {
    this.mode = body.mode;
    this.modeSelect.value = body.mode;
    this.text.value = body.text;
    this.form.setRows(body.form.map((row): TableRow => ({ ...row })));
    this.multipart.setRows(body.multipart.map((row): TableRow => ({ ...row })));
    this.file.value = body.file;
    this.query.value = body.graphql.query;
    this.variables.value = body.graphql.variables;
    this.layout();
  }

  filePicked(purpose: 'binary' | 'multipart', row: number | undefined, path: string): void {
    if (purpose === 'binary') {
      this.file.value = path;
      this.hooks.onChange();
    } else if (row !== undefined) {
      this.multipart.setValue(row, path);
    }
  }

  private layout(): void {
    const m = this.mode;
    show(this.none, m === 'none');
    show(this.panes.text, m === 'json' || m === 'text' || m === 'xml');
    show(this.format, m === 'json');
    show(this.panes.form, m === 'form');
    show(this.panes.multipart, m === 'multipart');
    show(this.panes.binary, m === 'binary');
    show(this.panes.graphql, m === 'graphql');
    this.text.setAttribute('aria-label', `Body (${MODES.find(([mode]) => mode === m)?.[1] ?? m})`);
    this.check();
  }

  private check(): void {
    this.textProblem.textContent = this.mode === 'json' ? problemText(this.text.value) : '';
    this.variablesProblem.textContent = this.mode === 'graphql' ? problemText(this.variables.value) : '';
  }

  private formatText(): void {
    if (checkJson(this.text.value)) {
      this.check();
      return;
    }
    this.text.value = formatJson(this.text.value);
    this.hooks.onChange();
  }
}
