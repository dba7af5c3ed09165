/**
 * The Model sheet: the one place the class names, the chosen label, the formula mode, the seed and the spec
 * live. Other sheets show class names through formulas pointing here, so a rename shows everywhere.
 */
import type { ModelSpec } from '../core/types';
import { assertLabelChoice, blockInputChannels, defaultSpec, findClass, layerShapes, validateSpec } from '../core/spec';
import { layersOf, specName } from '../core/architecture';
import { kernelPath } from '../core/simd/kernels';
import type { CustomFunctionStatus, FormulaMode, ModelInfo } from '../shared/api';
import { PROBE_ANSWER } from '../shared/version';
import type { CellInput, CellValue, Workbook } from './workbook';
import { textCell } from './workbook';
import { a1Cell, a1Range, columnLetter } from './a1-notation';
import { denseBiasRange, denseWeightsRange, filterBiasRange, filtersRange, mapRange } from './layout';
import { MODEL_SHEET, DENSE_SHEET, filtersSheet, pictureSheets } from './sheet-names';
import { writeStepSheet } from './step-sheet';
import { TEXT_FONTS, columnWidthFor } from './font-metrics';
import { scaleText } from './steps';
import type { PlacedText } from './step-sheet';

export const FORMULA_MODES: readonly FormulaMode[] = ['custom', 'native', 'values'];

/** Fixed cells of the Model sheet (1-based). */
export const LABEL_CELL = { row: 4, col: 2 } as const;
const MODE_CELL = { row: 5, col: 2 } as const;
const SEED_CELL = { row: 6, col: 2 } as const;
const SPEC_CELL = { row: 7, col: 2 } as const;
/** In custom mode, =SHEETCNN_VERSION(): whether Sheets runs the custom functions in this document. */
export const PROBE_CELL = { row: 8, col: 2 } as const;
/** "on" or "off" (blank in sheets built before the option: off). */
const SHERLOCK_CELL = { row: 9, col: 2 } as const;
/** Class k's name is in column B from this row on, one per row, ending at the first blank cell. */
export const FIRST_CLASS_ROW = 10;
const SUMMARY_COL = 4;

export interface ModelSettings {
  readonly mode: FormulaMode;
  readonly seed: number;
  /** Class index of the chosen label, or -1 for none. */
  readonly label: number;
  /** Sherlock mode (sherlock.ts): rebuilds keep it. */
  readonly sherlock: boolean;
}

export interface ModelSheetContents extends ModelSettings {
  readonly spec: ModelSpec;
  readonly classes: string[];
  /** The custom-function probe cell's value (see customFunctionStatus). */
  readonly probe: CellValue;
}

/**
 * The Model sheet's settings and layer summary, from the label to the last possible class row: one read of
 * it tells whether anything the sidebar shows could have changed (label, mode, seed, spec, classes, and
 * through the checksum every pixel and weight).
 */
export function modelStampRange(maxClasses: number): { row: number; col: number; rows: number; cols: number } {
  return {
    ...LABEL_CELL,
    rows: FIRST_CLASS_ROW + maxClasses - LABEL_CELL.row,
    cols: SUMMARY_COL + 1 - LABEL_CELL.col + 1,
  };
}

/**
 * Where the checksum is: in the layer summary (columns D–E), on the row after its last line. The summary
 * has one line per block, so this stays within the rows modelStampRange reads.
 */
function checksumCell(spec: ModelSpec): { row: number; col: number } {
  return { row: LABEL_CELL.row + spec.blocks.length + 4, col: SUMMARY_COL + 1 };
}

/** The Model sheet's last row: the last class name or the checksum, whichever is lower down. */
export function modelSheetLastRow(spec: ModelSpec): number {
  return Math.max(FIRST_CLASS_ROW + spec.classes.length - 1, checksumCell(spec).row);
}

/**
 * =SUM(…)+SUMSQ(…) over the pixels and every weight and bias block: a change to any of them changes it
 * (SUMSQ catches changes that keep the sum). Text in a cell is skipped, as the checks report it.
 */
function checksumFormula(spec: ModelSpec): string {
  const { height, width } = spec.input;
  const ranges = pictureSheets(spec.input.channels).map((sheet) => a1Range(sheet, mapRange(1, height, width)));
  spec.blocks.forEach((block, i) => {
    const channels = blockInputChannels(spec, i);
    ranges.push(a1Range(filtersSheet(i), filtersRange(block.filters, channels, block.kernel)));
    ranges.push(a1Range(filtersSheet(i), filterBiasRange(block.filters, channels, block.kernel)));
  });
  const [inputs] = layerShapes(spec).flat;
  ranges.push(
    a1Range(DENSE_SHEET, denseWeightsRange(inputs, spec.classes.length)),
    a1Range(DENSE_SHEET, denseBiasRange(inputs, spec.classes.length)),
  );
  const list = ranges.join(',');
  return `=SUM(${list})+SUMSQ(${list})`;
}

/** A1 reference of class k's name cell, for formulas on other sheets (e.g. Model!B11). */
export function classNameRef(k: number): string {
  return a1Range(MODEL_SHEET, { row: FIRST_CLASS_ROW + k, col: 2, rows: 1, cols: 1 });
}

/** A1 reference of the label cell, absolute so it can be copied (Model!$B$4). */
export function labelRef(): string {
  return `${MODEL_SHEET}!$${columnLetter(LABEL_CELL.col)}$${LABEL_CELL.row}`;
}

function padding(block: ModelSpec['blocks'][number]): string {
  return typeof block.padding === 'number' ? `${block.padding}` : block.padding;
}

/** The spec as rows a person reads: one line per layer with its hyper-parameters and output shape. */
function summaryRows(spec: ModelSpec): [string, string][] {
  const shapes = layerShapes(spec);
  const { channels, height, width } = spec.input;
  const rows: [string, string][] = [
    [
      'Input',
      `${height} × ${width} × ${channels} (${pictureSheets(channels).join(', ')}), pixels 0–255 × ${scaleText(spec.inputScale)}`,
    ],
  ];
  let total = 0;
  spec.blocks.forEach((block, i) => {
    const [f, h, w] = shapes.blocks[i].pool;
    total += block.filters * (blockInputChannels(spec, i) * block.kernel * block.kernel + 1);
    const pool = block.pool ? ` → max pool ${block.pool.size}×${block.pool.size}, stride ${block.pool.stride}` : '';
    rows.push([
      `Block ${i + 1}`,
      `conv ${block.filters} filters ${block.kernel}×${block.kernel}, stride ${block.stride}, padding ${padding(block)} → ReLU${pool} → ${f} × ${h} × ${w}`,
    ]);
  });
  const [flat] = shapes.flat;
  const classes = spec.classes.length;
  total += (flat + 1) * classes;
  rows.push(['Flatten', `${flat} values`]);
  rows.push(['Dense', `${flat} × ${classes} weights + ${classes} biases → ${classes} logits → softmax → loss`]);
  rows.push(['Parameters', `${total} numbers in all`]);
  return rows;
}

/** Writes the whole Model sheet. */
export function writeModelSheet(workbook: Workbook, spec: ModelSpec, settings: ModelSettings): void {
  validateSpec(spec);
  const classes = spec.classes.length;
  assertLabelChoice('writeModelSheet', settings.label, classes);
  const summary = summaryRows(spec);
  const { input, inputScale, blocks } = spec;
  const lastRow = modelSheetLastRow(spec);
  const data: CellInput[][] = Array.from({ length: lastRow - LABEL_CELL.row + 1 }, () => ['', '', '', '']);
  const put = (row: number, col: number, value: CellInput): void => {
    data[row - LABEL_CELL.row][col - 2] = value;
  };
  put(LABEL_CELL.row, 2, settings.label >= 0 ? textCell(spec.classes[settings.label]) : '');
  put(MODE_CELL.row, 2, settings.mode);
  put(SEED_CELL.row, 2, settings.seed);
  put(SPEC_CELL.row, 2, JSON.stringify({ input, inputScale, blocks }));
  put(PROBE_CELL.row, 2, settings.mode === 'custom' ? PROBE_FORMULA : textCell(`not used (${settings.mode} mode)`));
  put(SHERLOCK_CELL.row, 2, settings.sherlock ? 'on' : 'off');
  spec.classes.forEach((name, k) => put(FIRST_CLASS_ROW + k, 2, textCell(name)));
  const checksum = checksumCell(spec);
  put(checksum.row, SUMMARY_COL, 'Checksum');
  put(checksum.row, checksum.col, checksumFormula(spec));
  summary.forEach(([layer, text], i) => {
    put(LABEL_CELL.row + i, SUMMARY_COL, layer);
    put(LABEL_CELL.row + i, SUMMARY_COL + 1, text);
  });
  const rowLabels: PlacedText[] = [
    { row: LABEL_CELL.row, col: 1, text: 'Label' },
    { row: MODE_CELL.row, col: 1, text: 'Mode' },
    { row: SEED_CELL.row, col: 1, text: 'Seed' },
    { row: SPEC_CELL.row, col: 1, text: 'Spec (JSON)' },
    { row: PROBE_CELL.row, col: 1, text: 'Custom functions' },
    { row: SHERLOCK_CELL.row, col: 1, text: 'Sherlock story' },
    ...spec.classes.map((_, k) => ({ row: FIRST_CLASS_ROW + k, col: 1, text: `Class ${k + 1}` })),
  ];
  writeStepSheet(workbook, {
    name: MODEL_SHEET,
    title: 'Model — the classes, the label being scored, and the settings the sheets were built with',
    reading:
      `Type a class name in ${a1Cell(LABEL_CELL.row, LABEL_CELL.col)} to score the picture against it (blank: no label); ` +
      'rename a class in column B. Changing the spec, mode or seed needs Build model again.',
    columnLabels: [
      { row: 3, col: 1, text: 'Setting' },
      { row: 3, col: 2, text: 'Value' },
      { row: 3, col: SUMMARY_COL, text: 'Layer' },
      { row: 3, col: SUMMARY_COL + 1, text: 'Shape and hyper-parameters' },
    ],
    rowLabels,
    data,
    numberFormats: [{ range: { ...SEED_CELL, rows: 1, cols: 1 }, format: '0' }],
    widths: [
      { firstCol: 2, count: 1, px: 200 },
      {
        firstCol: SUMMARY_COL,
        count: 1,
        px: columnWidthFor(
          summary.map(([layer]) => layer),
          TEXT_FONTS,
        ),
      },
      {
        firstCol: SUMMARY_COL + 1,
        count: 1,
        px: columnWidthFor(
          summary.map(([, text]) => text),
          TEXT_FONTS,
        ),
      },
    ],
    // The spec is one long line of JSON: it wraps inside column B instead of running under the summary.
    wrap: [{ ...SPEC_CELL, rows: 1, cols: 1 }],
    notes: [
      {
        ...LABEL_CELL,
        text: 'The true class of the picture in R, G, B: type one of the class names below, or leave blank.',
      },
      {
        ...MODE_CELL,
        text: 'custom: one custom-function formula per layer; native: plain per-cell formulas; values: numbers written by the add-on.',
      },
      {
        ...SHERLOCK_CELL,
        text: 'on: each step sheet also tells the Sherlock Holmes story of its step (Build model sets it; rebuilds keep it).',
      },
      {
        ...SPEC_CELL,
        text: 'The layers the sheets were built from. Build model rewrites it; editing it here does not rebuild the sheets.',
      },
      {
        ...PROBE_CELL,
        text:
          `Shows "${PROBE_ANSWER}" when this document runs Sheet CNN's custom functions. #NAME? means it does not (a test ` +
          'deployment, or the add-on not yet enabled here): rebuild in native or values mode from the sidebar.',
      },
      {
        ...checksumCell(spec),
        text: 'Sum of every pixel and weight and of their squares: it changes whenever one of them does, which is how the sidebar notices edits.',
      },
    ],
    colorRules: [],
  });
}

const PROBE_FORMULA = '=SHEETCNN_VERSION()';

/**
 * Whether the custom functions run, from the probe cell's value: 'active' when it shows the answer,
 * 'inactive' on #NAME? (Sheets does not know the function), 'checking' otherwise (still loading, or another
 * error that a recalculation may clear; the sidebar asks again), 'not used' outside custom mode.
 */
export function customFunctionStatus(mode: FormulaMode, probe: CellValue): CustomFunctionStatus {
  if (mode !== 'custom') return 'not used';
  if (probe === PROBE_ANSWER) return 'active';
  if (probe === '#NAME?') return 'inactive';
  return 'checking';
}

/** Where a problem with the Model sheet is, and how to fix it. */
function modelError(cell: { row: number; col: number }, problem: string, fix: string): Error {
  return new Error(`${MODEL_SHEET}!${a1Cell(cell.row, cell.col)} ${problem}; ${fix}`);
}

function cellAt(values: CellValue[][], row: number, col: number): CellValue {
  return values[row - 1]?.[col - 1] ?? '';
}

function parseMode(value: CellValue): FormulaMode {
  const mode = FORMULA_MODES.find((m) => m === String(value).trim().toLowerCase());
  if (mode === undefined) {
    throw modelError(
      MODE_CELL,
      `holds "${String(value)}", which is not a formula mode`,
      'type custom, native or values',
    );
  }
  return mode;
}

function parseSeed(value: CellValue): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw modelError(
      SEED_CELL,
      `holds "${String(value)}", which is not a whole number`,
      'type the seed the weights were drawn with, e.g. 42',
    );
  }
  return value;
}

function parseSpec(value: CellValue, classes: string[]): ModelSpec {
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(value));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw modelError(SPEC_CELL, 'does not hold a model spec in JSON', 'run Build model to write the spec again');
  }
  const spec = { ...(parsed as Omit<ModelSpec, 'classes'>), classes };
  try {
    validateSpec(spec);
  } catch (error) {
    throw modelError(
      SPEC_CELL,
      `holds a spec that does not work: ${(error as Error).message}`,
      'run Build model to write a working spec',
    );
  }
  return spec;
}

function parseClasses(values: CellValue[][]): string[] {
  const classes: string[] = [];
  for (let row = FIRST_CLASS_ROW; ; row++) {
    const value = cellAt(values, row, 2);
    if (value === '') break;
    classes.push(String(value).trim());
  }
  return classes;
}

/** Class index of the label cell's text (see findClass), -1 when blank. */
function parseLabel(value: CellValue, classes: readonly string[]): number {
  if (value === '') return -1;
  const text = String(value).trim();
  const k = findClass(text, classes);
  if (k >= 0) return k;
  throw modelError(
    LABEL_CELL,
    `holds "${text}", which is not one of the classes (${classes.join(', ')})`,
    'type one of them exactly, or clear the cell for no label',
  );
}

function parseSherlock(value: CellValue): boolean {
  const text = String(value).trim().toLowerCase();
  if (text === 'on' || text === 'off' || text === '') return text === 'on';
  throw modelError(SHERLOCK_CELL, `holds "${String(value)}", which is neither on nor off`, 'type on or off');
}

/** Reads the Model sheet (two calls: its size, then its cells). */
export function readModelSheet(workbook: Workbook): ModelSheetContents {
  const { rows, cols } = workbook.usedSize(MODEL_SHEET);
  const values = rows > 0 ? workbook.readValues(MODEL_SHEET, { row: 1, col: 1, rows, cols: Math.max(cols, 2) }) : [];
  const classes = parseClasses(values);
  const spec = parseSpec(cellAt(values, SPEC_CELL.row, SPEC_CELL.col), classes);
  return {
    spec,
    classes,
    mode: parseMode(cellAt(values, MODE_CELL.row, MODE_CELL.col)),
    seed: parseSeed(cellAt(values, SEED_CELL.row, SEED_CELL.col)),
    label: parseLabel(cellAt(values, LABEL_CELL.row, LABEL_CELL.col), classes),
    probe: cellAt(values, PROBE_CELL.row, PROBE_CELL.col),
    sherlock: parseSherlock(cellAt(values, SHERLOCK_CELL.row, SHERLOCK_CELL.col)),
  };
}

/** Sets the label being scored (-1: none); the Loss sheet follows in the formula modes. */
export function writeLabel(workbook: Workbook, classes: readonly string[], label: number): void {
  assertLabelChoice('writeLabel', label, classes.length);
  workbook.writeCells(MODEL_SHEET, LABEL_CELL.row, LABEL_CELL.col, [[label >= 0 ? textCell(classes[label]) : '']]);
}

/** What the sidebar shows about the model; `exists` is false (and the rest defaults) when none is built. */
export function readModelInfo(workbook: Workbook): ModelInfo {
  if (!workbook.sheetNames().includes(MODEL_SHEET)) {
    const spec = defaultSpec();
    return {
      exists: false,
      specName: 'default',
      layers: layersOf(spec),
      mode: 'custom',
      inputWidth: spec.input.width,
      inputHeight: spec.input.height,
      classes: [...spec.classes],
      label: -1,
      // The seed the Build model form and the command line start from, so the first model matches both.
      seed: 1,
      sherlock: false,
      customFunctions: 'not used',
      trainingKernels: kernelPath(),
    };
  }
  const model = readModelSheet(workbook);
  return {
    exists: true,
    specName: specName(model.spec),
    layers: layersOf(model.spec),
    mode: model.mode,
    inputWidth: model.spec.input.width,
    inputHeight: model.spec.input.height,
    classes: model.classes,
    label: model.label,
    seed: model.seed,
    sherlock: model.sherlock,
    customFunctions: customFunctionStatus(model.mode, model.probe),
    trainingKernels: kernelPath(),
  };
}
