/**
 * Makes our custom functions (src/functions) callable in HyperFormula formulas, behaving as in Google Sheets:
 * ranges arrive as 2-D arrays, one cell as a scalar, blanks as ''; array results spill; a thrown message
 * becomes a #ERROR! cell whose message the workbook can read.
 *
 * HyperFormula reserves a formula's spill area when the formula is entered, before anything is computed, so
 * each function's result-size rule runs on the arguments' shapes then. Arguments that set the size (channels,
 * stride, ...) are read as literals or from the cell they reference at that moment.
 */
import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
} from 'hyperformula';
import type { ImplementedFunctions } from 'hyperformula';
import { CUSTOM_FUNCTIONS, CUSTOM_FUNCTION_SIGNATURES } from '../../functions';
import type { ArgShape, CustomFunctionName, SheetArg, SheetResult, SheetScalar } from '../../functions';
import type { GridSize } from '../../sheet/layout';

/** The parts of HyperFormula's (unexported) AST and interpreter state this plugin reads. */
interface CallAst {
  readonly procedureName: string;
  readonly args: readonly { readonly type: string }[];
}
interface EvaluationState {
  readonly formulaAddress: { readonly sheet: number; readonly row: number; readonly col: number };
}
type EngineScalar = unknown;
/** HyperFormula's (unexported) map of spilled results by their top-left cell. */
interface SpilledArrays {
  getArrayByCorner(address: unknown): { readonly array?: { readonly error?: unknown } } | undefined;
}

/** Argument nodes that denote a block of cells (their size is known without computing anything). */
const BLOCK_NODES = new Set(['CELL_RANGE', 'COLUMN_RANGE', 'ROW_RANGE', 'FUNCTION_CALL', 'ARRAY']);

const NAMES = Object.keys(CUSTOM_FUNCTIONS) as CustomFunctionName[];

/** An engine scalar as Google Sheets passes it: numbers as numbers (dates too), blank as '', errors kept. */
function toSheetScalar(value: EngineScalar): SheetScalar | CellError {
  if (value instanceof CellError) return value;
  if (value === EmptyValue || value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  // Formatted numbers (dates, currency, percent) carry their number in `val`.
  return (value as { val: number }).val;
}

/** A range of one cell arrives as a scalar, a larger range as a 2-D array; any error cell is the result. */
function toSheetArg(value: unknown): SheetArg | CellError {
  if (!(value instanceof SimpleRangeValue)) return toSheetScalar(value);
  const rows: SheetScalar[][] = [];
  for (const line of value.data) {
    const row: SheetScalar[] = [];
    for (const cell of line) {
      const converted = toSheetScalar(cell);
      if (converted instanceof CellError) return converted;
      row.push(converted);
    }
    rows.push(row);
  }
  return rows.length === 1 && rows[0].length === 1 ? rows[0][0] : rows;
}

/** A custom function's result as engine rows (blank cells as empty). */
function toEngineRows(result: SheetResult): unknown[][] {
  const rows = Array.isArray(result) ? result : [[result]];
  return rows.map((row) => row.map((cell) => (cell === '' ? EmptyValue : cell)));
}

function sizeKey(state: EvaluationState): string {
  const { sheet, row, col } = state.formulaAddress;
  return `${sheet}:${row}:${col}`;
}

class SheetCnnFunctionPlugin extends FunctionPlugin {
  /** Spill size reserved when each call was entered, by call node and formula cell, to catch a later change. */
  private readonly reserved = new WeakMap<object, Map<string, GridSize>>();

  /** Shared body of every custom function: convert the arguments, call, check the size, convert the result. */
  runCustom(name: CustomFunctionName, ast: CallAst, state: EvaluationState): unknown {
    const { requiredArgs, maxArgs } = CUSTOM_FUNCTION_SIGNATURES[name];
    const implementation = CUSTOM_FUNCTIONS[name];
    if (ast.args.length < requiredArgs || ast.args.length > maxArgs) {
      const count = requiredArgs === maxArgs ? `${requiredArgs}` : `${requiredArgs} to ${maxArgs}`;
      return new CellError(ErrorType.NA, `${name}: got ${ast.args.length} arguments; expected ${count}`);
    }
    const args: SheetArg[] = [];
    for (const node of ast.args) {
      if (node.type === 'EMPTY') {
        args.push('');
        continue;
      }
      const value = toSheetArg(this.evaluateArg(name, node, state));
      if (value instanceof CellError) return value;
      args.push(value);
    }
    let result: SheetResult;
    try {
      result = implementation(...args);
    } catch (error) {
      return new CellError(ErrorType.ERROR, error instanceof Error ? error.message : String(error));
    }
    const rows = toEngineRows(result);
    const reserved = this.reserved.get(ast)?.get(sizeKey(state));
    if (reserved !== undefined && (reserved.rows !== rows.length || reserved.cols !== rows[0].length)) {
      return new CellError(
        ErrorType.ERROR,
        `${name}: the result is now ${rows.length}×${rows[0].length} but ${reserved.rows}×${reserved.cols} cells were reserved ` +
          'when the formula was entered; an argument that sets the size changed, so enter the formula again',
      );
    }
    return rows.length === 1 && rows[0].length === 1 ? rows[0][0] : SimpleRangeValue.onlyValues(rows as never);
  }

  /**
   * An argument's value. HyperFormula 3.5 throws 'Unknown array' (instead of returning the error) when a
   * range is exactly another formula's spilled result and that result is an error, e.g. CONV2D rejecting a
   * text weight while RELU reads its output: the spilled error is the argument's value.
   */
  private evaluateArg(name: CustomFunctionName, node: { readonly type: string }, state: EvaluationState): unknown {
    try {
      return this.evaluateAst(node as never, state as never);
    } catch (error) {
      const start = (node as { start?: { toSimpleCellAddress?(base: unknown): unknown } }).start;
      const arrays = (this as unknown as { dependencyGraph: { arrayMapping?: SpilledArrays } }).dependencyGraph
        .arrayMapping;
      const spilled =
        start?.toSimpleCellAddress &&
        arrays?.getArrayByCorner(start.toSimpleCellAddress(state.formulaAddress))?.array?.error;
      return spilled instanceof CellError
        ? spilled
        : new CellError(ErrorType.ERROR, `${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Predicts the result size from the arguments' shapes; an invalid call reserves one cell for its error. */
  sizeCustom(name: CustomFunctionName, ast: CallAst, state: EvaluationState): ArraySize {
    const shapes: (ArgShape | undefined)[] = ast.args.map((node) => this.argShape(node, state));
    let size: GridSize;
    try {
      size = CUSTOM_FUNCTION_SIGNATURES[name].resultSize(shapes);
    } catch {
      size = { rows: 1, cols: 1 };
    }
    let byCell = this.reserved.get(ast);
    if (byCell === undefined) {
      byCell = new Map();
      this.reserved.set(ast, byCell);
    }
    byCell.set(sizeKey(state), size);
    return new ArraySize(size.cols, size.rows);
  }

  private argShape(node: { readonly type: string }, state: EvaluationState): ArgShape | undefined {
    if (node.type === 'EMPTY') return { rows: 1, cols: 1, value: '' };
    if (BLOCK_NODES.has(node.type)) {
      const size = this.arraySizeForAst(node as never, state as never);
      return { rows: size.height, cols: size.width };
    }
    try {
      const value = toSheetArg(this.evaluateAst(node as never, state as never));
      return { rows: 1, cols: 1, value: value instanceof CellError ? undefined : value };
    } catch {
      // A referenced formula cell not computed yet: its value is unknown until evaluation.
      return { rows: 1, cols: 1 };
    }
  }
}

function methodName(name: string): string {
  return `custom${name}`;
}

const implementedFunctions: ImplementedFunctions = {};
for (const name of NAMES) {
  const { requiredArgs, maxArgs } = CUSTOM_FUNCTION_SIGNATURES[name];
  implementedFunctions[name] = {
    method: methodName(name),
    sizeOfResultArrayMethod: `${methodName(name)}Size`,
    vectorizationForbidden: true,
    parameters: Array.from({ length: maxArgs }, (_, i) => ({
      argumentType: FunctionArgumentType.ANY,
      optionalArg: i >= requiredArgs,
    })),
  };
  const proto = SheetCnnFunctionPlugin.prototype as unknown as Record<string, unknown>;
  proto[methodName(name)] = function (this: SheetCnnFunctionPlugin, ast: CallAst, state: EvaluationState) {
    return this.runCustom(name, ast, state);
  };
  proto[`${methodName(name)}Size`] = function (this: SheetCnnFunctionPlugin, ast: CallAst, state: EvaluationState) {
    return this.sizeCustom(name, ast, state);
  };
}
SheetCnnFunctionPlugin.implementedFunctions = implementedFunctions;

/**
 * Registers the custom functions with HyperFormula (for engines built afterwards). Safe to call many times:
 * only the first call registers.
 */
export function registerCustomFunctions(): void {
  if (HyperFormula.getRegisteredFunctionNames('enGB').includes(NAMES[0])) return;
  const names = Object.fromEntries(NAMES.map((name) => [name, name]));
  HyperFormula.registerFunctionPlugin(SheetCnnFunctionPlugin, { enGB: names });
}
