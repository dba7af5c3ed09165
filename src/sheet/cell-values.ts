/**
 * What a cell read from a sheet or passed to a custom function holds, as checks and messages name it.
 */

/** A blank cell: '' as a sheet reads it, or null / undefined. */
export function isBlank(value: unknown): boolean {
  return value === '' || value === null || value === undefined;
}

/** A cell's content as a message shows it: text "abc", TRUE, NaN, a date. */
export function describeCell(value: unknown): string {
  if (typeof value === 'string') return `text "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'not a number (NaN)' : `${value}`;
  if (typeof value === 'boolean') return `the logical value ${value ? 'TRUE' : 'FALSE'}`;
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'an invalid date' : `the date ${value.toISOString().slice(0, 10)}`;
  return `a value of type ${typeof value}`;
}

/** Throws unless a count given to a layout or reading function is a whole number ≥ 1. */
export function assertCount(value: number, fnName: string, argName: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${fnName}: ${argName} must be a whole number ≥ 1, got ${describeCell(value)}`);
  }
}
