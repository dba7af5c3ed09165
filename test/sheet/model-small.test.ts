/**
 * The article's small worked example (5×5×3 → 2 filters 3×3, stride 2, padding 1 → dense → 3 classes) built
 * into the real local formula engine in each mode: the engine's numbers must equal src/core's, edits must
 * recompute, and the weights read back must be the ones written.
 */
import { cloneParams, forward, smallSpec, tensor } from '../../src/core';
import type { FormulaMode } from '../../src/shared/api';
import type { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { filterCell, denseWeightsRange, mapCell } from '../../src/sheet/layout';
import { readModel, runForward } from '../../src/sheet/whole-model';
import { readInputImage } from '../../src/sheet/input-picture-sheets';
import { readModelInfo } from '../../src/sheet/model-sheet';
import { CHANNEL_SHEETS, DENSE_SHEET, filtersSheet } from '../../src/sheet/sheet-names';
import { CURVE_COL } from '../../src/sheet/step-charts';
import { LABEL, SEED, buildOnEngine, expectSheetsMatchCore, readColumn } from './model-fixture';
import { expectClose } from '../helpers/close';

const spec = smallSpec();
const MODES: FormulaMode[] = ['custom', 'native', 'values'];

describe.each(MODES)('small model, %s mode', (mode) => {
  test('every step sheet and the three losses equal src/core', () => {
    const built = buildOnEngine(spec, mode);
    expectSheetsMatchCore(built.workbook, spec, forward(spec, built.params, built.image), LABEL);
  });

  test('readModel returns exactly the weights, label, mode, seed and classes written', () => {
    const { workbook, params } = buildOnEngine(spec, mode);
    const model = readModel(workbook);
    expect(model.params).toEqual(params);
    expect(model.spec).toEqual(spec);
    expect({ mode: model.mode, seed: model.seed, label: model.label, classes: model.classes }).toEqual({
      mode,
      seed: SEED,
      label: LABEL,
      classes: [...spec.classes],
    });
    expect(readModelInfo(workbook)).toEqual({
      exists: true,
      specName: 'small',
      layers: { input: spec.input, inputScale: spec.inputScale, blocks: spec.blocks },
      mode,
      inputWidth: 5,
      inputHeight: 5,
      classes: [...spec.classes],
      label: LABEL,
      seed: SEED,
      sherlock: false,
      // The engine runs the custom functions, so the Model sheet's probe shows the version.
      customFunctions: mode === 'custom' ? 'active' : 'not used',
      // Node runs the SIMD kernels (kernel-path.test.ts), so the server trains on them.
      trainingKernels: 'wasm-simd',
    });
  });
});

describe.each(['custom', 'native'] as FormulaMode[])('small model, %s mode, after edits', (mode) => {
  test('editing a filter weight, a dense weight and a pixel recomputes to a fresh core forward pass', () => {
    const { workbook, params, image } = buildOnEngine(spec, mode);
    const edited = cloneParams(params);
    const picture = tensor(image.shape, Float64Array.from(image.data));

    // Filter 2, input channel G, kernel row 3, column 1.
    const before = readColumn(workbook, 'Softmax', 3).data;
    const weightCell = filterCell(3, 1, 1, 2, 0);
    workbook.writeCells(filtersSheet(0), weightCell.row, weightCell.col, [[0.75]]);
    edited.conv[0].weights.data[((1 * 3 + 1) * 3 + 2) * 3 + 0] = 0.75;
    // The edit must move the prediction, or the comparison below would prove nothing.
    expect(
      Math.max(...Array.from(before, (p, k) => Math.abs(p - readColumn(workbook, 'Softmax', 3).data[k]))),
    ).toBeGreaterThan(1e-6);
    expectClose(
      readColumn(workbook, 'Softmax', 3).data,
      forward(spec, edited, picture).probabilities.data,
      1e-9,
      'probabilities after a filter edit',
    );

    // Flattened value 5's weight for class 3.
    const dense = denseWeightsRange(18, 3);
    workbook.writeCells(DENSE_SHEET, dense.row + 4, dense.col + 2, [[-1.25]]);
    edited.dense.weights.data[4 * 3 + 2] = -1.25;
    expectClose(
      readColumn(workbook, 'Softmax', 3).data,
      forward(spec, edited, picture).probabilities.data,
      1e-9,
      'probabilities after a dense edit',
    );

    // Blue channel, row 4, column 2.
    const pixel = mapCell(1, 5, 5, 0, 3, 1);
    workbook.writeCells(CHANNEL_SHEETS[2], pixel.row, pixel.col, [[201]]);
    picture.data[2 * 25 + 3 * 5 + 1] = 201;
    const acts = forward(spec, edited, picture);
    expectSheetsMatchCore(workbook, spec, acts, LABEL);

    expect(readModel(workbook).params).toEqual(edited);
    expect(readInputImage(workbook, spec)).toEqual(picture);
    expectClose(
      runForward(workbook).prediction.probabilities,
      acts.probabilities.data,
      1e-9,
      'runForward probabilities',
    );
  });
});

test('values mode: runForward rewrites every step sheet from the edited weights', () => {
  const { workbook, params, image } = buildOnEngine(spec, 'values');
  const edited = cloneParams(params);
  const weightCell = filterCell(3, 0, 2, 1, 1);
  workbook.writeCells(filtersSheet(0), weightCell.row, weightCell.col, [[-2]]);
  edited.conv[0].weights.data[(0 * 3 + 2) * 9 + 1 * 3 + 1] = -2;
  const acts = forward(spec, edited, image);
  const result = runForward(workbook);
  expectSheetsMatchCore(workbook, spec, acts, LABEL);
  expectClose(result.prediction.probabilities, acts.probabilities.data, 1e-9, 'prediction');
  expect(result.prediction.label).toBe(LABEL);
  expect(result.prediction.loss?.crossEntropy).toBeCloseTo(-Math.log(acts.probabilities.data[LABEL]), 12);
});

describe('formulas by mode', () => {
  const stepSheets = ['Input', 'Conv1', 'ReLU1', 'Flatten', 'Logits', 'Softmax', 'Loss'];
  const workbooks = new Map<FormulaMode, LocalWorkbook>();
  const formulasOf = (mode: FormulaMode, sheet: string): string[] => {
    if (!workbooks.has(mode)) workbooks.set(mode, buildOnEngine(spec, mode).workbook);
    const workbook = workbooks.get(mode) as LocalWorkbook;
    const { rows, cols } = workbook.usedSize(sheet);
    // From row 3: the checks of typed-in blocks, and their gathering on Logits, sit there. The Softmax sheet's
    // confidence curve (plain EXP formulas beside the step, numbers in values mode) is tested in step-charts.test.ts.
    const width = sheet === 'Softmax' && mode === 'custom' ? CURVE_COL - 2 : cols;
    return workbook
      .readFormulas(sheet, { row: 3, col: 2, rows: rows - 2, cols: width })
      .flat()
      .filter((f) => f !== '');
  };

  test('custom mode: one spilling custom-function formula per layer', () => {
    const expected: Record<string, RegExp> = {
      Conv1: /^=CONV2D\(Input!B4:L14,'Conv1 filters'!B4:L10,'Conv1 filters'!N4:N5,1,"valid"\)$/,
      ReLU1: /^=RELU\(Conv1!B4:H6\)$/,
      Flatten: /^=FLATTENMAPS\(ReLU1!B4:H6,2\)$/,
      Logits: /^=DENSE\(Flatten!B4:B21,'Dense weights'!B4:D21,'Dense weights'!B23:D23\)$/,
      Softmax: /^=SOFTMAX\(Logits!B4:B6\)$/,
    };
    for (const [sheet, pattern] of Object.entries(expected)) {
      const formulas = formulasOf('custom', sheet);
      expect({ sheet, formulas: formulas.length }).toEqual({ sheet, formulas: 1 });
      expect(formulas[0]).toMatch(pattern);
    }
  });

  test('native mode uses only functions that Excel and LibreOffice have', () => {
    const standard = new Set([
      'SUMPRODUCT',
      'MAX',
      'MIN',
      'EXP',
      'LN',
      'SUM',
      'SQRT',
      'IF',
      'OR',
      'TRIM',
      'COUNT',
      'COUNTA',
      'INDEX',
      'MATCH',
    ]);
    for (const sheet of [...stepSheets, 'R', 'Conv1 filters', 'Dense weights']) {
      const used = new Set(formulasOf('native', sheet).flatMap((f) => f.match(/[A-Z][A-Z0-9.]*(?=\()/g) ?? []));
      expect({ sheet, nonStandard: [...used].filter((name) => !standard.has(name)) }).toEqual({
        sheet,
        nonStandard: [],
      });
    }
    // One formula per number: 3 maps of 5×5 inputs, 2 maps of 3×3 after conv and ReLU.
    expect(formulasOf('native', 'Input')).toHaveLength(75);
    expect(formulasOf('native', 'Conv1')).toHaveLength(18);
    expect(formulasOf('native', 'ReLU1')).toHaveLength(18);
  });

  test('values mode writes numbers, not formulas, in the step sheets', () => {
    for (const sheet of stepSheets)
      expect({ sheet, formulas: formulasOf('values', sheet) }).toEqual({ sheet, formulas: [] });
  });
});
