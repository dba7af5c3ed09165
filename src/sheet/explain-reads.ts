/**
 * What every explanation needs: the model as the Model sheet describes it, whole-block reads, and numbers
 * checked as they are read, with a message naming the cell when one is not a number.
 */
import type { ModelSpec } from '../core/types';
import type { LayerShapes } from '../core/spec';
import { layerShapes } from '../core/spec';
import type { SourcedNumber } from '../shared/explanation';
import type { CellPosition } from './layout';
import { a1Cell, a1Range } from './a1-notation';
import { describeCell } from './cell-values';
import type { ModelSheetContents } from './model-sheet';
import type { CellRange, CellValue, Workbook } from './workbook';

export interface ExplainContext {
  readonly workbook: Workbook;
  readonly model: ModelSheetContents;
  readonly spec: ModelSpec;
  readonly shapes: LayerShapes;
  /** The selected cell. */
  readonly sheet: string;
  readonly pos: CellPosition;
  /** Its value as the sheet holds it. */
  readonly value: CellValue;
}

export function explainContext(
  workbook: Workbook,
  model: ModelSheetContents,
  sheet: string,
  pos: CellPosition,
  value: CellValue,
): ExplainContext {
  return { workbook, model, spec: model.spec, shapes: layerShapes(model.spec), sheet, pos, value };
}

/** A block read in one call, with its cells addressed by sheet position. */
export interface ReadBlock {
  readonly sheet: string;
  readonly range: CellRange;
  at(pos: CellPosition): CellValue;
  /** The number at `pos`; a clear error when the cell holds anything else. */
  number(pos: CellPosition): SourcedNumber;
}

export function readBlock(workbook: Workbook, sheet: string, range: CellRange): ReadBlock {
  const values = workbook.readValues(sheet, range);
  const at = (pos: CellPosition): CellValue => values[pos.row - range.row]?.[pos.col - range.col] ?? '';
  return {
    sheet,
    range,
    at,
    number(pos) {
      const value = at(pos);
      const source = a1Range(sheet, { ...pos, rows: 1, cols: 1 });
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        const found =
          value === ''
            ? 'is blank'
            : `holds ${typeof value === 'string' && value.startsWith('#') ? `the error ${value}` : describeCell(value)}`;
        throw new Error(`${source} ${found}; type a number there (or run the forward pass) to explain this cell.`);
      }
      return { source, value };
    },
  };
}

/** One cell's A1 address with its sheet. */
export function cellRef(sheet: string, pos: CellPosition): string {
  return a1Range(sheet, { ...pos, rows: 1, cols: 1 });
}

/** A1 of a block without the sheet. */
export function rangeRef(range: CellRange): string {
  return a1Range(null, range);
}

export function cellName(pos: CellPosition): string {
  return a1Cell(pos.row, pos.col);
}
