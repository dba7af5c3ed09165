/**
 * Arguments as Google Sheets hands them to a custom function: a range arrives as a 2-D array, a single cell as
 * a scalar, a blank cell as '', an omitted optional argument as undefined. These helpers turn them into what
 * the maths needs, or throw a message naming the function, the argument and what was expected.
 */
import type { Padding } from '../core/types';
import { describeCell } from '../sheet/cell-values';
import type { GridSize } from '../sheet/layout';
import type { FunctionDeclaration, ParameterDeclaration } from './declarations';

export type SheetScalar = number | string | boolean;
/** One argument of a custom function call. */
export type SheetGrid = readonly (readonly SheetScalar[])[];
export type SheetArg = SheetScalar | SheetGrid | null | undefined;
/** What a custom function returns: a 2-D array spills; a scalar fills one cell; '' is a blank cell. */
export type SheetResult = SheetScalar | (number | string)[][];

/** Largest range one argument may hold or one result may fill: far beyond any model, well inside 30 s. */
export const MAX_CELLS = 2_000_000;

export function isMissing(value: SheetArg): value is '' | null | undefined {
  return value === undefined || value === null || value === '';
}

/** A range argument as a 2-D array (a single cell becomes 1×1), refusing missing, empty and huge ranges. */
export function toCells(value: SheetArg, fnName: string, argName: string): SheetGrid {
  if (value === undefined || value === null)
    throw new Error(`${fnName}: ${argName} is missing; select the range that holds it`);
  if (!Array.isArray(value)) return [[value as SheetScalar]];
  const rows = value.length;
  if (rows === 0 || !Array.isArray(value[0]) || value[0].length === 0) {
    throw new Error(`${fnName}: ${argName} is empty; select the range that holds it`);
  }
  const cells = rows * value[0].length;
  if (cells > MAX_CELLS) {
    throw new Error(
      `${fnName}: ${argName} has ${cells.toLocaleString('en-US')} cells; the limit is ${MAX_CELLS.toLocaleString('en-US')} ` +
        'cells per argument (select a smaller range)',
    );
  }
  return value;
}

/** Refuses a result too large to spill, before computing it. */
export function assertResultSize(rows: number, cols: number, fnName: string): void {
  if (rows * cols > MAX_CELLS) {
    throw new Error(
      `${fnName}: the result would be ${rows}×${cols} = ${(rows * cols).toLocaleString('en-US')} cells; ` +
        `the limit is ${MAX_CELLS.toLocaleString('en-US')} (use smaller maps or fewer filters)`,
    );
  }
}

/** The declared parameter `name` of `fn`, of the given kind. */
function declared<K extends ParameterDeclaration['kind']>(
  fn: FunctionDeclaration,
  name: string,
  kind: K,
): Extract<ParameterDeclaration, { kind: K }> {
  const parameter = fn.parameters.find((p) => p.name === name);
  if (parameter?.kind !== kind) throw new Error(`${fn.name} declares no ${kind} parameter ${name}`);
  return parameter as Extract<ParameterDeclaration, { kind: K }>;
}

/**
 * The whole-number parameter `name` of `fn`, checked against its declared minimum. Blank or omitted gives its
 * declared default (a number, or the value of the earlier parameter it equals, from `earlier`); without a
 * default the argument is required.
 */
export function toWholeNumber(
  value: SheetArg,
  fn: FunctionDeclaration,
  name: string,
  earlier: Readonly<Record<string, number>> = {},
): number {
  const { min, meaning, default: fallback } = declared(fn, name, 'integer');
  if (isMissing(value)) {
    if (fallback !== undefined) return typeof fallback === 'number' ? fallback : earlier[fallback.sameAs];
    throw new Error(`${fn.name}: ${name} is missing; expected a whole number ≥ ${min} (${meaning})`);
  }
  if (Array.isArray(value)) {
    throw new Error(
      `${fn.name}: ${name} is a ${value.length}-row range; expected one whole number ≥ ${min} (${meaning})`,
    );
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Error(`${fn.name}: ${name} is ${describeCell(value)}; expected a whole number ≥ ${min} (${meaning})`);
  }
  return value;
}

/** 'valid', 'same' (any case) or a whole number of zero cells per side; blank or omitted gives the declared default. */
export function toPadding(value: SheetArg, fn: FunctionDeclaration, name: string): Padding {
  const { default: fallback } = declared(fn, name, 'padding');
  const expected =
    'expected "valid" (no padding), "same" (output as large as input ÷ stride) or a whole number of zero cells ≥ 0';
  if (isMissing(value)) return fallback;
  if (Array.isArray(value)) throw new Error(`${fn.name}: ${name} is a range; ${expected}`);
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (word === 'valid' || word === 'same') return word;
    throw new Error(`${fn.name}: ${name} "${value}" is not known; ${expected}`);
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`${fn.name}: ${name} is ${describeCell(value)}; ${expected}`);
  }
  return value;
}

/** Transposes a row-vector grid into a column or back: results keep the orientation of their input. */
export function orient(column: number[][], asRow: boolean): number[][] {
  return asRow ? [column.map((cell) => cell[0])] : column;
}

/**
 * What the local engine knows about an argument when a formula is entered (before anything is computed):
 * its size, and its value when it is a literal or one cell. Result-size rules use it to reserve spill space.
 */
export interface ArgShape {
  readonly rows: number;
  readonly cols: number;
  readonly value?: SheetArg;
}

/** Size of a function's result from its arguments' shapes; throws when the arguments cannot give a result. */
export type ResultSizeRule = (args: readonly (ArgShape | undefined)[]) => GridSize;

/** Cell count of a one-row or one-column argument. */
export function vectorLength(arg: ArgShape | undefined, fnName: string, argName: string): number {
  if (arg === undefined) throw new Error(`${fnName}: ${argName} is missing; select the range that holds it`);
  if (arg.rows > 1 && arg.cols > 1) {
    throw new Error(
      `${fnName}: ${argName} is ${arg.rows}×${arg.cols}; expected a single column (or a single row) of numbers`,
    );
  }
  return arg.rows * arg.cols;
}

/** The shape of an argument as the function received it (undefined when omitted). */
export function argShape(value: SheetArg): ArgShape | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return { rows: 1, cols: 1, value };
  return { rows: value.length, cols: value.length > 0 ? value[0].length : 0, value };
}

/** The size of a required range argument. */
export function rangeSize(arg: ArgShape | undefined, fnName: string, argName: string): GridSize {
  if (arg === undefined) throw new Error(`${fnName}: ${argName} is missing; select the range that holds it`);
  if (arg.rows === 0 || arg.cols === 0)
    throw new Error(`${fnName}: ${argName} is empty; select the range that holds it`);
  return { rows: arg.rows, cols: arg.cols };
}

/**
 * Refuses a result holding NaN or ±∞, which finite arguments give when their products or sums overflow. Names the
 * function, the first such cell (`cellName`, 0-based row and column), what overflowed and how to avoid it.
 */
export function assertFiniteGrid(
  grid: readonly (readonly (number | string)[])[],
  fnName: string,
  overflowing: string,
  fix: string,
  cellName = (row: number, col: number): string => `the result cell (row ${row + 1}, col ${col + 1})`,
): void {
  grid.forEach((cells, row) =>
    cells.forEach((v, col) => {
      if (typeof v === 'number' && v - v !== 0) {
        throw new Error(
          `${fnName}: ${cellName(row, col)} is ${v}: ${overflowing} exceeds the largest number a cell can hold (±1.8e308); ${fix}`,
        );
      }
    }),
  );
}
