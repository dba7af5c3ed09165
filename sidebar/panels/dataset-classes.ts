/**
 * The Dataset panel's class table: training and test pictures per class, and adding, renaming and removing
 * classes (the Classes sheet stays the one place names live).
 */
import type { DatasetSummary, ModelInfo } from '../../src/shared/api';
import { datasetAdvice } from '../../src/shared/dataset-advice';
import { byId, el, errorText, showMessage, whileBusy } from '../dom';
import type { ModelStore } from '../model-store';
import { call } from '../rpc';

export interface ClassTable {
  /** Draws the table again from the model's classes and the last counts. */
  render(): void;
  /** Keeps new counts from the server for the next render. */
  setCounts(summary: DatasetSummary): void;
}

export function setUpClassTable(store: ModelStore): ClassTable {
  const rows = byId('dataset-rows', HTMLTableSectionElement);
  const trainTotal = byId('dataset-train-total', HTMLTableCellElement);
  const testTotal = byId('dataset-test-total', HTMLTableCellElement);
  const newClass = byId('new-class', HTMLInputElement);
  const addClassButton = byId('add-class-button', HTMLButtonElement);
  const classMessage = byId('class-message', HTMLDivElement);
  const advice = byId('dataset-advice', HTMLDivElement);

  let summary: DatasetSummary = { total: 0, classes: [] };

  const render = (): void => {
    const classes = store.get()?.classes ?? [];
    const countOf = (name: string): { train: number; test: number } =>
      summary.classes.find((c) => c.name === name) ?? { train: 0, test: 0 };
    // Pictures whose label is no longer a class still count; list them too so nothing is hidden.
    const names = [...classes, ...summary.classes.map((c) => c.name).filter((name) => !classes.includes(name))];
    rows.replaceChildren(
      ...names.map((name) => {
        const index = classes.indexOf(name);
        const counts = countOf(name);
        return el('tr', {}, [
          el('th', { className: 'class-name', text: name, attrs: { scope: 'row' } }),
          el('td', { text: String(counts.train) }),
          el('td', { text: String(counts.test) }),
          el('td', { className: 'row-actions' }, index < 0 ? [] : classActions(index, name)),
        ]);
      }),
    );
    trainTotal.textContent = String(summary.classes.reduce((sum, c) => sum + c.train, 0));
    testTotal.textContent = String(summary.classes.reduce((sum, c) => sum + c.test, 0));
    const findings = datasetAdvice(summary);
    advice.replaceChildren(...findings.map((text) => el('p', { text })));
    advice.hidden = findings.length === 0;
  };

  const classCall = async (action: () => Promise<ModelInfo>, done: string): Promise<void> => {
    try {
      const info = await action();
      // Renaming relabels pictures; the counts are read again so the table matches the sheet.
      summary = await call('getDataset');
      store.set(info);
      showMessage(classMessage, 'success', done);
    } catch (error) {
      render(); // back to plain rows (no half-open rename or "Sure?")
      showMessage(classMessage, 'error', errorText(error));
    }
  };

  /**
   * Rename (inline text field) and Remove (asks once more on the same button) for one class. Classes are
   * named by index, so a second send before the table is redrawn would rename or remove the class that
   * moved into that place: both buttons are disabled, and Enter ignored, while a call runs.
   */
  function classActions(index: number, name: string): HTMLElement[] {
    const rename = el('button', { text: 'Rename', attrs: { type: 'button', 'aria-label': `Rename ${name}` } });
    const remove = el('button', { text: 'Remove', attrs: { type: 'button', 'aria-label': `Remove ${name}` } });
    let sending = false;
    const send = (action: () => Promise<ModelInfo>, done: string): void => {
      if (sending) return;
      sending = true;
      void whileBusy([rename, remove], () => classCall(action, done));
    };
    rename.addEventListener('click', () => {
      const cell = rename.closest('tr')?.querySelector('th');
      if (!cell) return;
      const input = el('input', { attrs: { type: 'text', maxlength: '60', 'aria-label': `New name for ${name}` } });
      input.value = name;
      cell.replaceChildren(input);
      input.focus();
      input.select();
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') render();
        if (event.key !== 'Enter') return;
        const next = input.value.trim();
        if (next === '' || next === name) {
          render();
          return;
        }
        send(() => call('renameClass', index, next), `Renamed ${name} to ${next}.`);
      });
      input.addEventListener('blur', () => render());
    });
    remove.addEventListener('click', () => {
      if (remove.dataset.confirm !== 'yes') {
        remove.dataset.confirm = 'yes';
        remove.textContent = 'Sure?';
        remove.setAttribute('aria-label', `Press again to remove ${name} and its pictures`);
        return;
      }
      send(() => call('removeClass', index), `Removed ${name}.`);
    });
    return [rename, remove];
  }

  addClassButton.addEventListener('click', () => {
    const name = newClass.value.trim();
    if (name === '') {
      showMessage(classMessage, 'error', 'Type a name for the new class first.');
      return;
    }
    void whileBusy([addClassButton], async () => {
      await classCall(() => call('addClass', name), `Added the class ${name}.`);
      newClass.value = '';
    });
  });
  newClass.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') addClassButton.click();
  });

  return {
    render,
    setCounts(next) {
      summary = next;
    },
  };
}
