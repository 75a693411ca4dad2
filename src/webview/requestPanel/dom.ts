/**
 * Building the page with DOM calls only: text goes in as text nodes and attributes as attributes, so nothing from the
 * draft or the network is ever parsed as markup. No innerHTML anywhere in the page.
 */
export type Attrs = Readonly<Record<string, string | boolean | undefined>>;
export type Child = Node | string | undefined;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === undefined) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Removes every child of `element`. */
export function clear(element: Node): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

export function show(element: HTMLElement, visible: boolean): void {
  element.hidden = !visible;
}

/** A button with a codicon and a label (or only the icon, then `label` is its accessible name and tooltip). */
export function button(
  label: string,
  icon: string,
  onClick: () => void,
  options: {
    readonly secondary?: boolean;
    readonly iconOnly?: boolean;
    readonly id?: string;
    readonly title?: string;
  } = {},
): HTMLElementTagNameMap['vscode-button'] {
  const element = h('vscode-button', {
    id: options.id,
    icon,
    secondary: options.secondary,
    title: options.title ?? label,
    'aria-label': options.iconOnly ? label : undefined,
  });
  if (!options.iconOnly) element.textContent = label;
  element.addEventListener('click', onClick);
  return element;
}

/** A single-select of fixed choices: `[value, label]` pairs. */
export function select(
  choices: ReadonlyArray<readonly [string, string]>,
  label: string,
  onChange: (value: string) => void,
): HTMLElementTagNameMap['vscode-single-select'] {
  const element = h('vscode-single-select', { 'aria-label': label, title: label });
  for (const [value, text] of choices) element.appendChild(h('vscode-option', { value }, text));
  element.addEventListener('change', () => onChange(element.value));
  return element;
}

export function textfield(
  label: string,
  onInput: (value: string) => void,
  attrs: Attrs = {},
): HTMLElementTagNameMap['vscode-textfield'] {
  const element = h('vscode-textfield', { 'aria-label': label, ...attrs });
  element.addEventListener('input', () => onInput(element.value));
  return element;
}

export function textarea(
  label: string,
  onInput: (value: string) => void,
  attrs: Attrs = {},
): HTMLElementTagNameMap['vscode-textarea'] {
  const element = h('vscode-textarea', { 'aria-label': label, monospace: true, resize: 'vertical', ...attrs });
  element.addEventListener('input', () => onInput(element.value));
  return element;
}

export function checkbox(
  label: string,
  onChange: (checked: boolean) => void,
  visibleLabel = false,
): HTMLElementTagNameMap['vscode-checkbox'] {
  const element = h('vscode-checkbox', { 'aria-label': label, title: label });
  if (visibleLabel) element.textContent = label;
  element.addEventListener('change', () => onChange(element.checked));
  return element;
}

/** A labelled field: a caption above its control. */
export function field(caption: string, control: HTMLElement, hint?: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('vscode-label', {}, caption), control, hint);
}
