/**
 * How a big block write is cut into calls. Sheets documents no size limit for one setValues, but its API
 * recommends "a 2 MB maximum payload" per request (https://developers.google.com/workspace/sheets/api/limits),
 * and requests of several megabytes are a known way to get "Service timed out" or argument-too-large errors.
 * A block above the budget goes in bands of whole rows (a row is never split, so a one-row record stays one
 * write), each within WRITE_BUDGET.
 *
 * The cost of a band is counted so that the number of calls depends only on the block's shape and text, never
 * on the numbers in it: every number and boolean counts as NUMBER_COST characters (the longest a double
 * prints, e.g. -2.2250738585072014e-308), every string as its length.
 */

/** Characters one setValues may carry: 10^6, at most 2 MB even at 2 bytes a character. */
export const WRITE_CHARACTER_BUDGET = 1_000_000;
/** Cells one setValues may carry. */
export const WRITE_CELL_BUDGET = 50_000;
/** Characters a number or boolean is counted as, whatever its value. */
export const NUMBER_COST = 24;

/** Characters a row of cells is counted as (see the header). */
export function rowCost(row: readonly unknown[]): number {
  let cost = 0;
  for (const cell of row) cost += typeof cell === 'string' ? cell.length : NUMBER_COST;
  return cost;
}

export interface WriteBand<T> {
  /** Index of the band's first row in the block. */
  readonly first: number;
  readonly rows: T[][];
}

/** The block as consecutive bands of whole rows, each within the character and cell budgets when a row fits. */
export function writeBands<T>(rows: T[][]): WriteBand<T>[] {
  const bands: WriteBand<T>[] = [];
  let first = 0;
  let characters = 0;
  let cells = 0;
  rows.forEach((row, i) => {
    const cost = rowCost(row);
    if (i > first && (characters + cost > WRITE_CHARACTER_BUDGET || cells + row.length > WRITE_CELL_BUDGET)) {
      bands.push({ first, rows: rows.slice(first, i) });
      first = i;
      characters = 0;
      cells = 0;
    }
    characters += cost;
    cells += row.length;
  });
  if (rows.length > first) bands.push({ first, rows: rows.slice(first) });
  return bands;
}
