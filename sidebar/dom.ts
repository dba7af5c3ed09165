/** Small DOM helpers. Text always goes in through textContent: file names and typed names are never parsed as HTML. */

/** The element with this id, checked to be of the expected kind (a missing id is a bug in index.html). */
export function byId<T extends HTMLElement>(id: string, kind: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof kind)) throw new Error(`The page is missing #${id} (${kind.name}).`);
  return found;
}

interface ElementOptions {
  readonly className?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

/** Creates an element with optional class, text (as textContent) and attributes, and appends children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: readonly Node[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className !== undefined) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) element.appendChild(child);
  return element;
}

export type MessageKind = 'error' | 'warning' | 'info' | 'success';

/** Replaces the content of a message area with one line of text styled by kind. */
export function showMessage(area: HTMLElement, kind: MessageKind, text: string): void {
  area.textContent = text;
  area.className = `message ${kind}`;
  area.hidden = false;
}

export function clearMessage(area: HTMLElement): void {
  area.textContent = '';
  area.hidden = true;
}

/** Adds further lines (e.g. one per skipped file) under a message. */
export function appendMessageLines(area: HTMLElement, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const list = el(
    'ul',
    { className: 'message-list' },
    lines.map((line) => el('li', { text: line })),
  );
  area.appendChild(list);
  area.hidden = false;
}

/** The message of anything thrown or rejected. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Disables the buttons while an action runs, so a double click cannot send it twice; re-enables them after. */
export async function whileBusy<T>(buttons: readonly HTMLButtonElement[], action: () => Promise<T>): Promise<T> {
  const before = buttons.map((b) => b.disabled);
  buttons.forEach((b) => {
    b.disabled = true;
  });
  try {
    return await action();
  } finally {
    buttons.forEach((b, i) => {
      b.disabled = before[i];
    });
  }
}

/**
 * Lets `zone` take drops: it carries the 'dragging' class while something is dragged over it, and `onDrop`
 * gets what was dropped (null when the browser passed no data).
 */
export function acceptDrops(zone: HTMLElement, onDrop: (transfer: DataTransfer | null) => void): void {
  zone.addEventListener('dragover', (event) => {
    // Without preventDefault the browser refuses the drop (or opens the file itself).
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    onDrop(event.dataTransfer);
  });
}

/** Reads a number input, throwing a message that names the field when it is empty or out of range. */
export function readNumber(input: HTMLInputElement, label: string, min: number, max: number, integer: boolean): number {
  const value = Number(input.value);
  if (input.value.trim() === '' || !Number.isFinite(value)) throw new Error(`${label}: enter a number.`);
  if (integer && !Number.isInteger(value)) throw new Error(`${label}: enter a whole number (got ${input.value}).`);
  if (value < min || value > max)
    throw new Error(`${label}: enter a value from ${min} to ${max} (got ${input.value}).`);
  return value;
}

/** Percent with one decimal, e.g. "83.2%". */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
