/** The model as the server last described it, shared by the panels (class lists, input size). */
import type { ModelInfo } from '../src/shared/api';

export interface ModelStore {
  get(): ModelInfo | null;
  set(info: ModelInfo): void;
  /** Called now (when known) and on every change. */
  subscribe(listener: (info: ModelInfo) => void): void;
}

export function createModelStore(): ModelStore {
  let current: ModelInfo | null = null;
  const listeners: ((info: ModelInfo) => void)[] = [];
  return {
    get: () => current,
    set(info: ModelInfo): void {
      current = info;
      listeners.forEach((listener) => listener(info));
    },
    subscribe(listener: (info: ModelInfo) => void): void {
      listeners.push(listener);
      if (current !== null) listener(current);
    },
  };
}

/** Fills a <select> with the classes, keeping the chosen value when it still exists; extra options go first. */
export function fillClassSelect(
  select: HTMLSelectElement,
  classes: readonly string[],
  first: readonly { value: string; text: string }[],
): void {
  const previous = select.value;
  select.replaceChildren();
  for (const option of [...first, ...classes.map((name, index) => ({ value: String(index), text: name }))]) {
    const element = document.createElement('option');
    element.value = option.value;
    element.textContent = option.text;
    select.appendChild(element);
  }
  if (Array.from(select.options).some((o) => o.value === previous)) select.value = previous;
  showChoiceWhole(select);
  if (select.dataset.titled === undefined) {
    select.dataset.titled = '';
    select.addEventListener('change', () => showChoiceWhole(select));
  }
}

/** A class name longer than the 300-px sidebar is cut in a closed select: its title shows it whole on hover. */
export function showChoiceWhole(select: HTMLSelectElement): void {
  select.title = select.selectedIndex >= 0 ? select.options[select.selectedIndex].text : '';
}
