/**
 * The playground's workbook view: sheets as tabs, cells coloured by their colour rules, the exact value on
 * hover and in the cell bar, numbers editable through the cell bar. It asks the local server for the sheets
 * and re-reads the current one whenever the workbook changes (the sidebar beside it imports, computes and
 * trains). Every value, name and note is set as text, never parsed as HTML.
 */
import { byId, el, errorText } from '../sidebar/dom';
import { a1Cell, columnLetter, parseA1Range } from '../src/sheet/a1-notation';
import type { SheetRanges } from '../src/shared/explanation';
import type { CellDetail, SheetSummary, SheetView } from '../src/shared/sheet-view';
import { DEFAULT_COLUMN_WIDTH, DEFAULT_ROW_HEIGHT } from '../src/shared/sheet-view';
import { chartSvg } from './sheet-chart';

/** How often the view asks whether the workbook changed. */
const POLL_MS = 700;
/** Below this zoom the cells show only their colours; the value stays in the hover text and the cell bar. */
const NUMBERS_FROM_ZOOM = 0.7;

interface SheetList {
  readonly revision: number;
  readonly sheets: SheetSummary[];
  /** What is selected (a click here, or the sidebar's "Show its inputs"). */
  readonly selection: SheetRanges | null;
}

interface EditAnswer {
  readonly revision: number;
  readonly cell: CellDetail;
}

const grid = byId('grid', HTMLTableElement);
const chartLayer = byId('charts', HTMLDivElement);
const scroller = byId('grid-scroll', HTMLDivElement);
const tabs = byId('tabs', HTMLElement);
const cellName = byId('cell-name', HTMLSpanElement);
const cellInput = byId('cell-input', HTMLInputElement);
const zoom = byId('zoom', HTMLInputElement);
const status = byId('status', HTMLDivElement);
const download = byId('download', HTMLButtonElement);

let revision = -1;
let sheets: SheetSummary[] = [];
let current = '';
let view: SheetView | null = null;
let selected: { row: number; col: number } | null = null;
let selectedDetail: CellDetail | null = null;
/** The selection last shown, as JSON, so a poll that brings the same one changes nothing. */
let shownSelection = 'null';
let highlighted: SheetRanges | null = null;

function showStatus(kind: 'error' | 'success' | '', text: string): void {
  status.textContent = text;
  status.className = `status ${kind}`;
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = (await response.json().catch(() => null)) as { error?: string } | null;
  if (!response.ok || body === null) throw new Error(body?.error ?? `The local server answered ${response.status}.`);
  return body as T;
}

function renderTabs(): void {
  tabs.replaceChildren(
    ...sheets.map((sheet) => {
      const tab = el('button', {
        text: sheet.name,
        attrs: { type: 'button', role: 'tab', 'aria-selected': String(sheet.name === current) },
      });
      tab.addEventListener('click', () => void openSheet(sheet.name));
      return tab;
    }),
  );
}

function cellAt(row: number, col: number): HTMLTableCellElement | null {
  return grid.querySelector(`td[data-row="${row}"][data-col="${col}"]`);
}

function renderGrid(sheet: SheetView): void {
  const z = Number(zoom.value) / 100;
  const notes = new Map(sheet.notes.map((n) => [`${n.row},${n.col}`, n.note]));
  const column = (px: number): HTMLTableColElement => {
    const col = el('col');
    col.style.width = `${px}px`;
    return col;
  };
  const colgroup = el('colgroup', {}, [column(40), ...sheet.widths.map((w) => column(Math.round(w * z)))]);
  const head = el('tr', {}, [
    el('th', { className: 'corner' }),
    ...sheet.widths.map((_, c) => el('th', { text: columnLetter(c + 1), attrs: { scope: 'col' } })),
  ]);
  const rowHeight = 21 * z;
  const body = sheet.values.map((values, r) => {
    const cells = values.map((value, c) => {
      const td = el('td', { text: sheet.text[r][c], attrs: { 'data-row': String(r + 1), 'data-col': String(c + 1) } });
      const color = sheet.colors[r][c];
      if (color !== '') td.style.backgroundColor = color;
      if (sheet.textColors[r][c] !== '') td.style.color = sheet.textColors[r][c];
      if (typeof value === 'number') td.classList.add('number');
      // Text runs on over empty cells to its right, as in a spreadsheet.
      else if (typeof value === 'string' && value !== '' && (values[c + 1] ?? '') === '' && !sheet.wrapped[r][c])
        td.classList.add('spill');
      if (sheet.formulas[r][c]) td.classList.add('formula');
      if (sheet.wrapped[r][c]) td.classList.add('wrap');
      const note = notes.get(`${r + 1},${c + 1}`);
      if (note !== undefined) td.classList.add('noted');
      if (r < sheet.frozenRows) {
        td.classList.add('frozen');
        td.style.top = `${(r + 1) * rowHeight}px`;
      }
      const where = a1Cell(r + 1, c + 1);
      td.title =
        value === ''
          ? (note ?? '')
          : `${where} = ${String(value).slice(0, 2000)}${note !== undefined ? `\n${note}` : ''}`;
      return td;
    });
    const tr = el('tr', {}, [
      el('th', { className: 'row-head', text: String(r + 1), attrs: { scope: 'row' } }),
      ...cells,
    ]);
    // Rows the sheet sized (a picture's pixels) are drawn that high; the others follow the zoom's default.
    const height = sheet.heights[r];
    if (height !== undefined && height !== 21) {
      for (const cell of Array.from(tr.children) as HTMLElement[]) {
        cell.style.height = `${height * z}px`;
        // A row too low for a line of text (a picture's stripe) hides its row number rather than growing.
        if (height < 14) cell.style.fontSize = '0';
      }
    }
    return tr;
  });
  grid.replaceChildren(colgroup, el('thead', {}, [head]), el('tbody', {}, body));
  // Which sheet the cells are from, for anything that reads the grid after a tab change.
  grid.dataset.sheet = sheet.name;
  markHighlighted();
  // A fixed table layout (columns as wide as the sheet says, whatever they hold) needs an explicit width.
  grid.style.width = `${40 + sheet.widths.reduce((sum, w) => sum + Math.round(w * z), 0)}px`;
  grid.classList.toggle('tiny', z < NUMBERS_FROM_ZOOM);
  renderCharts(sheet, z);
}

/** The sheet's charts over the grid, each with its top-left corner on its anchor cell, scaled with the zoom. */
function renderCharts(sheet: SheetView, z: number): void {
  const sum = (sizes: readonly number[], count: number, fallback: number): number =>
    Array.from({ length: count }, (_, i) => sizes[i] ?? fallback).reduce((a, b) => a + b, 0);
  chartLayer.replaceChildren(
    ...sheet.charts.map((chart) => {
      const box = el('figure', { className: 'sheet-chart-box', attrs: { 'data-title': chart.title } }, [
        chartSvg(chart),
      ]);
      box.style.left = `${40 + sum(sheet.widths, chart.anchor.col - 1, DEFAULT_COLUMN_WIDTH) * z}px`;
      box.style.top = `${(DEFAULT_ROW_HEIGHT + sum(sheet.heights, chart.anchor.row - 1, DEFAULT_ROW_HEIGHT)) * z}px`;
      box.style.transform = `scale(${z})`;
      return box;
    }),
  );
}

/** Outlines the selected blocks (the cells an explanation reads) when they are on the sheet shown. */
function markHighlighted(): void {
  grid.querySelectorAll('td.highlighted').forEach((td) => td.classList.remove('highlighted'));
  if (highlighted === null || highlighted.sheet !== current) return;
  for (const text of highlighted.ranges) {
    const range = parseA1Range(text);
    if (range === null) continue;
    for (let r = range.row; r < range.row + range.rows; r++)
      for (let c = range.col; c < range.col + range.cols; c++) cellAt(r, c)?.classList.add('highlighted');
  }
}

/** Shows a selection made elsewhere: its sheet, its blocks outlined, its first cell selected. */
async function applySelection(selection: SheetRanges | null): Promise<void> {
  const text = JSON.stringify(selection);
  if (text === shownSelection) return;
  shownSelection = text;
  highlighted = selection;
  if (selection === null) return;
  if (selection.sheet !== current) await openSheet(selection.sheet);
  markHighlighted();
  const first = parseA1Range(selection.ranges[0]);
  if (first !== null && (selected?.row !== first.row || selected.col !== first.col))
    await select(first.row, first.col, false);
}

/**
 * Sheet loads begun so far. Only the latest load's answer is drawn: a tab clicked while a poll was loading the
 * sheet before would otherwise be drawn over when that older answer arrives last, and stay so until the next change.
 */
let loads = 0;

async function loadSheet(): Promise<void> {
  const load = ++loads;
  const top = scroller.scrollTop;
  const left = scroller.scrollLeft;
  const answer = await request<SheetView>(`/workbook/sheet?name=${encodeURIComponent(current)}`);
  if (load !== loads) return;
  view = answer;
  renderGrid(view);
  scroller.scrollTop = top;
  scroller.scrollLeft = left;
  if (selected) await select(selected.row, selected.col, false);
}

async function openSheet(name: string): Promise<void> {
  if (name !== current) showStatus('', '');
  current = name;
  selected = null;
  selectedDetail = null;
  cellName.textContent = '–';
  cellInput.value = '';
  cellInput.disabled = true;
  renderTabs();
  scroller.scrollTop = 0;
  scroller.scrollLeft = 0;
  try {
    await loadSheet();
  } catch (error) {
    showStatus('error', errorText(error));
  }
}

/** Selects a cell and shows its formula (read-only) or its number (editable) in the cell bar. */
async function select(row: number, col: number, focusInput: boolean): Promise<void> {
  if (view === null || row < 1 || col < 1 || row > view.rows || col > view.cols) return;
  grid.querySelector('td.selected')?.classList.remove('selected');
  const td = cellAt(row, col);
  td?.classList.add('selected');
  td?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  selected = { row, col };
  const detail = await request<CellDetail>(`/workbook/cell?sheet=${encodeURIComponent(current)}&row=${row}&col=${col}`);
  if (selected.row !== row || selected.col !== col) return;
  selectedDetail = detail;
  cellName.textContent = `${detail.sheet}!${detail.cell}`;
  // A refresh while someone is typing keeps what they typed.
  if (document.activeElement !== cellInput || focusInput)
    cellInput.value = detail.formula !== '' ? detail.formula : String(detail.value);
  cellInput.disabled = false;
  cellInput.readOnly = !detail.editable;
  if (focusInput && detail.editable) {
    cellInput.focus();
    cellInput.select();
  }
}

async function commitEdit(): Promise<void> {
  const detail = selectedDetail;
  if (detail === null || !detail.editable || selected === null) return;
  const text = cellInput.value.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    showStatus('error', `"${text}" is not a number; type a number such as 0.25 or -1.5e-3.`);
    return;
  }
  try {
    const answer = await request<EditAnswer>('/workbook/edit', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sheet: current, row: selected.row, col: selected.col, value }),
    });
    showStatus(
      'success',
      `${answer.cell.sheet}!${answer.cell.cell} = ${String(answer.cell.value)}; the steps that use it are recomputed.`,
    );
    await refresh();
    scroller.focus();
  } catch (error) {
    showStatus('error', errorText(error));
  }
}

async function refresh(): Promise<void> {
  const list = await request<SheetList>('/workbook/sheets');
  if (list.revision === revision) {
    await applySelection(list.selection);
    return;
  }
  revision = list.revision;
  sheets = list.sheets;
  if (!sheets.some((s) => s.name === current)) {
    const first = sheets.find((s) => s.name === 'Conv1 filters') ?? sheets[0];
    if (first === undefined) {
      current = '';
      renderTabs();
      grid.replaceChildren();
      showStatus('', 'The workbook is empty: import a picture or build the model in the sidebar.');
      return;
    }
    await openSheet(first.name);
    return;
  }
  renderTabs();
  await loadSheet();
  await applySelection(list.selection);
}

/** A click selects the cell here and on the server, so the sidebar's Explain panel explains it. */
async function click(row: number, col: number): Promise<void> {
  await select(row, col, false);
  try {
    const answer = await request<{ selection: SheetRanges | null }>('/workbook/select', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sheet: current, row, col }),
    });
    shownSelection = JSON.stringify(answer.selection);
    highlighted = answer.selection;
    markHighlighted();
  } catch (error) {
    showStatus('error', errorText(error));
  }
}

grid.addEventListener('click', (event) => {
  const td = (event.target as HTMLElement).closest('td');
  if (td) void click(Number(td.dataset.row), Number(td.dataset.col));
});
grid.addEventListener('dblclick', (event) => {
  const td = (event.target as HTMLElement).closest('td');
  if (td) void select(Number(td.dataset.row), Number(td.dataset.col), true);
});
scroller.addEventListener('keydown', (event) => {
  if (selected === null) return;
  const moves: Record<string, [number, number]> = {
    ArrowUp: [-1, 0],
    ArrowDown: [1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
  };
  const move = moves[event.key];
  if (move) {
    event.preventDefault();
    void click(selected.row + move[0], selected.col + move[1]);
  } else if (event.key === 'Enter' || event.key === 'F2') {
    event.preventDefault();
    void select(selected.row, selected.col, true);
  }
});
cellInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    void commitEdit();
  } else if (event.key === 'Escape' && selected) {
    void select(selected.row, selected.col, false);
    scroller.focus();
  }
});
zoom.addEventListener('input', () => {
  document.documentElement.style.setProperty('--zoom', String(Number(zoom.value) / 100));
  if (view) renderGrid(view);
});
download.addEventListener('click', async () => {
  try {
    const response = await fetch('/workbook/export.xlsx');
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: string } | null;
      throw new Error(body?.error ?? `The local server answered ${response.status}.`);
    }
    const link = el('a', { attrs: { href: URL.createObjectURL(await response.blob()), download: 'sheet-cnn.xlsx' } });
    link.click();
    const converted = response.headers.get('X-Sheet-CNN-Converted') === 'native';
    showStatus(
      'success',
      converted
        ? 'Downloaded sheet-cnn.xlsx. Custom functions work only in Google Sheets, so the model now uses plain formulas (same weights): Excel and LibreOffice recompute them.'
        : 'Downloaded sheet-cnn.xlsx: Excel and LibreOffice recompute its formulas.',
    );
  } catch (error) {
    showStatus('error', errorText(error));
  }
});

async function poll(): Promise<void> {
  try {
    await refresh();
  } catch (error) {
    showStatus('error', errorText(error));
  }
  setTimeout(() => void poll(), POLL_MS);
}

void poll();
