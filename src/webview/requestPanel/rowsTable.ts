/**
 * An editable table of name/value rows, each with a checkbox that enables it: the params, headers, form and multipart
 * tables. Typing updates the rows in place (the focus stays where it is); adding or removing a row draws the table
 * again. A multipart table also has a text/file choice per row and a button that asks the host for a file.
 */
import { append, button, checkbox, clear, h, select, textfield } from './dom';

export interface TableRow {
  enabled: boolean;
  name: string;
  value: string;
  kind?: 'text' | 'file';
  /** The row's text as it stood in the URL (params only), kept so an unchanged row is written back as it was. */
  raw?: string;
}

export interface RowsTableOptions {
  /** What the rows are, for labels: "Query parameter", "Header", "Field", "Part". */
  readonly noun: string;
  readonly id: string;
  /** Names offered as the user types a name (common headers). */
  readonly completions?: readonly string[];
  /** Multipart: a text/file choice per row, and the host's file picker for a file row. */
  readonly onPickFile?: (row: number) => void;
  readonly onChange: (rows: readonly TableRow[]) => void;
}

export class RowsTable {
  readonly element: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private rows: TableRow[] = [];

  constructor(private readonly options: RowsTableOptions) {
    const listId = `${options.id}-names`;
    const datalist = options.completions
      ? h('datalist', { id: listId }, ...options.completions.map((name) => h('option', { value: name })))
      : undefined;
    this.body = h('tbody');
    const head = h(
      'tr',
      {},
      h('th', { class: 'toggle' }, h('span', { class: 'sr-only' }, 'Enabled')),
      h('th', {}, 'Name'),
      options.onPickFile ? h('th', { class: 'kind' }, 'Kind') : undefined,
      h('th', {}, 'Value'),
      h('th', { class: 'actions' }, h('span', { class: 'sr-only' }, 'Remove')),
    );
    const add = button(`Add ${options.noun.toLowerCase()}`, 'add', () => this.addRow(), { secondary: true });
    this.element = h(
      'div',
      { class: 'rows-table', id: options.id },
      h('table', {}, h('thead', {}, head), this.body),
      add,
      datalist,
    );
  }

  get current(): readonly TableRow[] {
    return this.rows;
  }

  setRows(rows: readonly TableRow[]): void {
    this.rows = rows.map((row) => ({ ...row }));
    this.draw();
  }

  setValue(index: number, value: string): void {
    const row = this.rows[index];
    if (!row) return;
    row.value = value;
    this.draw();
    this.options.onChange(this.rows);
  }

  private addRow(): void {
    this.rows.push({ enabled: true, name: '', value: '', kind: this.options.onPickFile ? 'text' : undefined });
    this.draw();
    this.options.onChange(this.rows);
    const inputs = this.body.querySelectorAll<HTMLElement>('.name-cell');
    inputs[inputs.length - 1]?.focus();
  }

  private removeRow(index: number): void {
    this.rows.splice(index, 1);
    this.draw();
    this.options.onChange(this.rows);
  }

  private changed(): void {
    this.options.onChange(this.rows);
  }

  private draw(): void {
    clear(this.body);
    this.element.classList.toggle('empty', this.rows.length === 0);
    this.rows.forEach((row, index) => this.body.appendChild(this.drawRow(row, index)));
  }

  private drawRow(row: TableRow, index: number): HTMLTableRowElement {
    const noun = this.options.noun;
    const tr = h('tr', { class: row.enabled ? undefined : 'disabled' });
    const enabled = checkbox(`Send this ${noun.toLowerCase()}`, (checked) => {
      row.enabled = checked;
      tr.classList.toggle('disabled', !checked);
      this.changed();
    });
    enabled.checked = row.enabled;
    const name = this.nameInput(row, index);
    const value = textfield(`${noun} ${index + 1} value`, (text) => {
      row.value = text;
      this.changed();
    });
    value.classList.add('value-cell');
    value.value = row.value;
    const valueLine = h('div', { class: 'cell-line' }, value);
    const valueCell = h('td', { class: 'value' }, valueLine);
    let kindCell: HTMLTableCellElement | undefined;
    if (this.options.onPickFile) {
      const pick = this.options.onPickFile;
      const kind = select(
        [
          ['text', 'Text'],
          ['file', 'File'],
        ],
        `${noun} ${index + 1} kind`,
        (chosen) => {
          row.kind = chosen === 'file' ? 'file' : 'text';
          this.draw();
          this.changed();
        },
      );
      kind.value = row.kind ?? 'text';
      kindCell = h('td', { class: 'kind' }, kind);
      if (row.kind === 'file') {
        value.setAttribute('placeholder', 'Path of the file');
        valueLine.appendChild(
          button('Choose file…', 'folder-opened', () => pick(index), { secondary: true, iconOnly: true }),
        );
      }
    }
    const remove = button(`Remove ${noun.toLowerCase()} ${index + 1}`, 'trash', () => this.removeRow(index), {
      secondary: true,
      iconOnly: true,
    });
    append(
      tr,
      h('td', { class: 'toggle' }, enabled),
      h('td', { class: 'name' }, name),
      kindCell,
      valueCell,
      h('td', { class: 'actions' }, remove),
    );
    return tr;
  }

  /** A name box; with completions, a plain input tied to the table's datalist (a datalist cannot reach into a shadow root). */
  private nameInput(row: TableRow, index: number): HTMLElement {
    const label = `${this.options.noun} ${index + 1} name`;
    const onInput = (text: string): void => {
      row.name = text;
      this.changed();
    };
    if (!this.options.completions) {
      const name = textfield(label, onInput);
      name.classList.add('name-cell');
      name.value = row.name;
      return name;
    }
    const input = h('input', {
      class: 'name-cell native-input',
      type: 'text',
      list: `${this.options.id}-names`,
      'aria-label': label,
      spellcheck: 'false',
      autocomplete: 'off',
    });
    input.value = row.name;
    input.addEventListener('input', () => onInput(input.value));
    return input;
  }
}
