/** The model's sheets a call needs, and the message that says how to get them back when one is gone. */
import type { Workbook } from './workbook';

export function missingSheetError(name: string): Error {
  return new Error(`The sheet "${name}" is missing; run Build model to create the model sheets again.`);
}

/** Throws the "run Build model" message for the first of `names` that the workbook lacks (one call). */
export function requireSheets(workbook: Workbook, names: readonly string[]): void {
  const existing = new Set(workbook.sheetNames());
  const missing = names.find((name) => !existing.has(name));
  if (missing !== undefined) throw missingSheetError(missing);
}
