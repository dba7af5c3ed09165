/**
 * The Explain panel's endpoints: the explanation of the cell selected in the spreadsheet (the sidebar polls
 * lightly and gets the whole explanation only when the selection changed), and selecting the cells an
 * explanation points at. Both only read the model, so they take no lock.
 */
import type { ActiveCellExplanation, SheetRanges } from '../shared/explanation';
import type { ServerApi } from '../shared/api';
import { a1Cell, parseA1Range } from '../sheet/a1-notation';
import { explainCell } from '../sheet/explain';
import type { Host, SelectedCell, Selection } from './host';
import { requireArray, requireRecord } from './validate';

export type ExplainEndpoints = Pick<ServerApi, 'explainSelection' | 'showCells'>;

/** Longest key or sheet name accepted (a sheet name has at most 100 characters, an A1 address a dozen). */
const MAX_KEY_LENGTH = 200;
/** Most blocks one "Show in sheet" selects (a convolution over 64 maps needs 64). */
export const MAX_SHOWN_RANGES = 512;

function keyOf(cell: SelectedCell | null): string {
  return cell === null ? '' : `${cell.sheet}!${a1Cell(cell.row, cell.col)}`;
}

function requireSelection(host: Host): Selection {
  if (host.selection === undefined)
    throw new Error('There is no spreadsheet on screen here, so there is no selected cell to explain.');
  return host.selection;
}

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length > MAX_KEY_LENGTH)
    throw new Error(`${what} must be text of at most ${MAX_KEY_LENGTH} characters.`);
  return value;
}

function parseShowRequest(value: unknown, sheets: readonly string[]): SheetRanges {
  const fields = requireRecord(value, 'The cells to show');
  const sheet = requireText(fields.sheet, 'The sheet');
  if (!sheets.includes(sheet))
    throw new Error(`There is no sheet named "${sheet.slice(0, 100)}"; run the explanation again.`);
  const ranges = requireArray(fields.ranges, 'The blocks to show', 1, MAX_SHOWN_RANGES).map((r, i) => {
    const text = requireText(r, `Block ${i + 1}`);
    if (parseA1Range(text) === null)
      throw new Error(`Block ${i + 1} ("${text.slice(0, 30)}") is not an A1 block such as B4 or B4:D6.`);
    return text;
  });
  return { sheet, ranges };
}

export function createExplainEndpoints(host: Host): ExplainEndpoints {
  return {
    explainSelection(previousKey): ActiveCellExplanation {
      const known = requireText(previousKey, 'The cell shown so far');
      const cell = requireSelection(host).current();
      const key = keyOf(cell);
      if (cell === null || key === known) return { key, explanation: null };
      try {
        return { key, explanation: explainCell(host.workbook, cell.sheet, cell) };
      } catch (error) {
        // The sidebar keeps polling: an explanation that cannot be made is an answer for this cell, not a failed call.
        return { key, explanation: null, error: error instanceof Error ? error.message : String(error) };
      }
    },

    showCells(request): string {
      const selection = requireSelection(host);
      const { sheet, ranges } = parseShowRequest(request, host.workbook.sheetNames());
      selection.select(sheet, ranges);
      return keyOf(selection.current());
    },
  };
}
