/**
 * The selection of the spreadsheet the user is looking at, through SpreadsheetApp (passed in, so the tests run
 * it against the recording fake). Spreadsheet.getCurrentCell gives the cell the cursor is on; a sidebar's
 * google.script.run call sees the selection of the user who made it.
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getCurrentCell()
 * Showing cells activates their sheet, then selects the blocks as one RangeList.
 * https://developers.google.com/apps-script/reference/spreadsheet/range-list#activate()
 * Which cell becomes current after a RangeList is activated is not documented, so the caller reads it back.
 */
import type { SelectedCell, Selection } from '../server/host';

interface SelectionRange {
  getSheet(): { getName(): string };
  getRow(): number;
  getColumn(): number;
}

interface SelectionSheet {
  activate(): unknown;
  getRangeList(a1Notations: string[]): { activate(): unknown };
}

export interface SelectionSpreadsheet {
  getCurrentCell(): SelectionRange | null;
  getSheetByName(name: string): SelectionSheet | null;
}

export function googleSelection(spreadsheet: SelectionSpreadsheet): Selection {
  return {
    current(): SelectedCell | null {
      const cell = spreadsheet.getCurrentCell();
      return cell === null ? null : { sheet: cell.getSheet().getName(), row: cell.getRow(), col: cell.getColumn() };
    },
    select(sheet, ranges): void {
      const target = spreadsheet.getSheetByName(sheet);
      if (target === null) throw new Error(`There is no sheet named "${sheet}".`);
      target.activate();
      target.getRangeList([...ranges]).activate();
    },
  };
}
