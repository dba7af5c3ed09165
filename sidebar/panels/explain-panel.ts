/**
 * Explain panel: how the selected cell is computed. While the panel is open and "Follow the selection" is
 * on, it asks the server every POLL_MS for the selected cell (a light call: the explanation comes back only
 * when the selection changed); the button asks afresh. "Show its inputs" selects, in the sheet, the cells the
 * explanation reads. Everything is set as text, never parsed as HTML.
 */
import type { CellExplanation, ExplainWindow } from '../../src/shared/explanation';
import { explanationText } from '../../src/shared/explain-text';
import { INPUT_SHEET, pictureSheets } from '../../src/sheet/sheet-names';
import { byId, clearMessage, el, errorText, showMessage } from '../dom';
import { call } from '../rpc';

/** How often an open panel asks which cell is selected. */
export const POLL_MS = 1500;

/** Numbers in windows and tables: up to 4 significant digits (the cell's own value is shown whole). */
function num(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs >= 1e-3 && abs < 1e5 ? String(Number(value.toPrecision(4))) : value.toExponential(2);
}

function windowFigure(w: ExplainWindow, captionText: string): HTMLElement {
  const rows = w.values.map((row, i) =>
    el(
      'tr',
      {},
      row.map((value, j) => {
        const weight = w.weights?.[i]?.[j];
        const td = el('td', {
          text: value === null ? '0' : num(value),
          attrs: { title: value === null ? 'zero padding' : String(value) },
        });
        if (value === null) td.classList.add('cordon');
        if (w.max && w.max.row === i && w.max.col === j) td.classList.add('max');
        if (weight !== undefined)
          td.appendChild(
            el('span', { className: 'weight', text: `×${num(weight)}`, attrs: { title: String(weight) } }),
          );
        return td;
      }),
    ),
  );
  const caption = el('figcaption', {
    text: captionText,
    attrs: { title: [w.source ?? 'all padding', w.weightSource ?? ''].join(' ').trim() },
  });
  return el('figure', { className: 'window' }, [caption, el('table', {}, [el('tbody', {}, rows)])]);
}

function termsTable(e: CellExplanation): HTMLElement[] {
  const head = el(
    'tr',
    {},
    ['Evidence', 'Value', '× weight', '= product'].map((text) => el('th', { text, attrs: { scope: 'col' } })),
  );
  const rows = e.terms.map((t) =>
    el('tr', {}, [
      el('td', { text: t.label, attrs: { title: t.input.source } }),
      el('td', { text: num(t.input.value), attrs: { title: String(t.input.value) } }),
      el('td', { text: num(t.weight.value), attrs: { title: `${t.weight.source} = ${t.weight.value}` } }),
      el('td', { text: num(t.product), attrs: { title: String(t.product) } }),
    ]),
  );
  if (e.otherTerms)
    rows.push(
      el('tr', {}, [
        el('td', { text: `${e.otherTerms.count} others` }),
        el('td'),
        el('td'),
        el('td', { text: num(e.otherTerms.sum) }),
      ]),
    );
  if (e.bias)
    rows.push(
      el('tr', {}, [
        el('td', { text: 'bias', attrs: { title: e.bias.source } }),
        el('td'),
        el('td'),
        el('td', { text: num(e.bias.value) }),
      ]),
    );
  return [el('thead', {}, [head]), el('tbody', {}, rows)];
}

export interface ExplainPanel {
  /** Starts following the selection when the panel is shown, stops when it is hidden. */
  setVisible(visible: boolean): void;
}

export function setUpExplainPanel(): ExplainPanel {
  const button = byId('explain-button', HTMLButtonElement);
  const show = byId('explain-show', HTMLButtonElement);
  const follow = byId('explain-follow', HTMLInputElement);
  const message = byId('explain-message', HTMLDivElement);
  const box = byId('explanation', HTMLDivElement);
  const title = byId('explain-title', HTMLHeadingElement);
  const cell = byId('explain-cell', HTMLSpanElement);
  const value = byId('explain-value', HTMLSpanElement);
  const equation = byId('explain-equation', HTMLParagraphElement);
  const lines = byId('explain-lines', HTMLDivElement);
  const windows = byId('explain-windows', HTMLDivElement);
  const terms = byId('explain-terms', HTMLTableElement);

  let shownKey = '';
  let current: CellExplanation | null = null;
  let visible = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let asking = false;

  const render = (e: CellExplanation): void => {
    current = e;
    const text = explanationText(e);
    title.textContent = text.title;
    cell.textContent = `${e.sheet}!${e.cell}`;
    value.textContent = String(e.value);
    equation.textContent = text.equation;
    equation.hidden = text.equation === '';
    lines.replaceChildren(...text.lines.map((line) => el('p', { text: line })));
    const facts = e.facts;
    const captionOf = (i: number): string =>
      facts.kind === 'conv'
        ? `${facts.inputSheet === INPUT_SHEET ? pictureSheets(e.windows.length)[i] : `${facts.inputSheet} map ${i + 1}`} × filter ${facts.map + 1}, channel ${i + 1}`
        : facts.kind === 'pool'
          ? `${facts.inputSheet} map ${facts.map + 1}`
          : '';
    windows.replaceChildren(...e.windows.map((w, i) => windowFigure(w, captionOf(i))));
    terms.hidden = e.kind !== 'logit';
    terms.replaceChildren(...(e.kind === 'logit' ? termsTable(e) : []));
    show.disabled = e.highlight === null;
    show.textContent =
      e.kind.endsWith('Weight') || e.kind.endsWith('Bias') || e.kind === 'pixel'
        ? 'Show the cells it feeds'
        : 'Show its inputs';
    box.hidden = false;
  };

  const ask = async (fresh: boolean): Promise<void> => {
    if (asking) return;
    asking = true;
    try {
      const answer = await call('explainSelection', fresh ? '' : shownKey);
      shownKey = answer.key;
      if (answer.key === '') {
        showMessage(message, 'info', 'No cell is selected: click a number in the sheet.');
      } else if (answer.error !== undefined) {
        box.hidden = true;
        showMessage(message, 'error', answer.error);
      } else if (answer.explanation !== null) {
        clearMessage(message);
        render(answer.explanation);
      }
    } catch (error) {
      showMessage(message, 'error', `Could not explain the cell: ${errorText(error)}`);
    } finally {
      asking = false;
    }
  };

  const schedule = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!visible || !follow.checked) return;
    timer = setTimeout(() => {
      void ask(false).then(schedule);
    }, POLL_MS);
  };

  button.addEventListener('click', () => void ask(true));
  follow.addEventListener('change', schedule);
  show.addEventListener('click', () => {
    const target = current?.highlight;
    if (!target) return;
    void call('showCells', target)
      .then((key) => {
        // The selection moved to the shown cells; the explanation on screen stays.
        shownKey = key;
      })
      .catch((error: unknown) => showMessage(message, 'error', `Could not select the cells: ${errorText(error)}`));
  });

  return {
    setVisible(now: boolean): void {
      const opened = now && !visible;
      visible = now;
      if (opened) void ask(false).then(schedule);
      else schedule();
    },
  };
}
