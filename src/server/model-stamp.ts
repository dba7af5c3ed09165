/**
 * A cheap version stamp of everything the sidebar shows about the model: one read of the Model sheet's
 * settings column, whose checksum cell the spreadsheet recomputes on any pixel or weight edit. The sidebar
 * polls it and refreshes only when it changes, whoever made the change.
 */
import { modelStampRange } from '../sheet/model-sheet';
import { MODEL_SHEET } from '../sheet/sheet-names';
import type { Workbook } from '../sheet/workbook';
import { fnv1a } from '../shared/fnv1a';
import { MAX_CLASSES } from './model-state';

/** Two calls (the sheet list, one block read); 'none' while no model is built. */
export function readModelStamp(workbook: Workbook): string {
  if (!workbook.sheetNames().includes(MODEL_SHEET)) return 'none';
  const values = workbook.readValues(MODEL_SHEET, modelStampRange(MAX_CLASSES));
  return fnv1a(JSON.stringify(values)).toString(36);
}
