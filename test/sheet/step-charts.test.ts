/**
 * The Softmax and Training log charts: the confidence curve's cells on the real formula engine against
 * Math.exp and src/core's logits in every mode (and after an edit), and the charts through GoogleWorkbook on
 * the SpreadsheetApp fake's chart builder: type, ranges, position, options, and no second copy when the
 * model is rebuilt, the forward pass re-run or training logs more rows.
 */
import { GoogleWorkbook } from '../../src/addon/google-workbook';
import { forward, initParams, layerShapes, smallSpec, tensor } from '../../src/core';
import type { FormulaMode } from '../../src/shared/api';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { a1Range } from '../../src/sheet/a1-notation';
import { denseBiasRange } from '../../src/sheet/layout';
import { buildModel, runForward } from '../../src/sheet/whole-model';
import { DENSE_SHEET, LOGITS_SHEET, SOFTMAX_SHEET } from '../../src/sheet/sheet-names';
import { CURVE_POINTS, curveBlock, softmaxCharts } from '../../src/sheet/step-charts';
import { LOG_FIRST_ROW, TRAINING_LOG_SHEET, writeLogEntries } from '../../src/sheet/training-log-sheet';
import type { TrainingLogEntry } from '../../src/sheet/training-log-sheet';
import { createFakeAppsScript } from '../helpers/apps-script-fakes';
import type { FakeEmbeddedChart } from '../helpers/apps-script-fakes';
import { buildOnEngine, readColumn } from './model-fixture';

const spec = smallSpec();
const classes = spec.classes.length;

/** The curve block's values below its header: [x, e^x, e^logit] rows. */
function curveValues(workbook: LocalWorkbook): (number | string | boolean)[][] {
  const block = curveBlock(classes);
  return workbook.readValues(SOFTMAX_SHEET, { ...block, row: block.row + 1, rows: block.rows - 1 });
}

function expectCurveFollows(workbook: LocalWorkbook, logits: readonly number[]): void {
  const rows = curveValues(workbook);
  const low = Math.min(...logits) - 1;
  const high = Math.max(...logits) + 1;
  rows.slice(0, CURVE_POINTS).forEach(([x, y, mark], i) => {
    expect(Math.abs((x as number) - (low + ((high - low) * i) / (CURVE_POINTS - 1)))).toBeLessThanOrEqual(1e-12);
    expect(Math.abs((y as number) - Math.exp(x as number))).toBeLessThanOrEqual(1e-12 * Math.exp(x as number));
    expect(mark).toBe('');
  });
  rows.slice(CURVE_POINTS).forEach(([x, y, mark], k) => {
    expect(Math.abs((x as number) - logits[k])).toBeLessThanOrEqual(1e-12);
    expect(y).toBe('');
    expect(Math.abs((mark as number) - Math.exp(logits[k]))).toBeLessThanOrEqual(1e-12 * Math.exp(logits[k]));
  });
}

describe.each(['custom', 'native', 'values'] as FormulaMode[])('confidence curve, %s mode', (mode) => {
  test('spans the logits ± 1 with e^x and marks each logit at e^logit; the charts are kept as data', () => {
    const { workbook, params, image } = buildOnEngine(spec, mode);
    expectCurveFollows(workbook, Array.from(forward(spec, params, image).logits.data));
    expect(workbook.snapshot(SOFTMAX_SHEET).charts).toEqual(softmaxCharts(classes));
  });
});

test('an edited dense bias moves the marked logits and the curve with them', () => {
  const { workbook, params, image } = buildOnEngine(spec, 'native');
  const before = Array.from(forward(spec, params, image).logits.data);
  const bias = denseBiasRange(layerShapes(spec).flat[0], classes);
  workbook.writeCells(DENSE_SHEET, bias.row, bias.col, [[5]]);
  const logits = Array.from(readColumn(workbook, LOGITS_SHEET, classes).data);
  expect(logits[0]).not.toBeCloseTo(before[0], 3);
  expectCurveFollows(workbook, logits);
});

test("values mode: the forward pass rewrites the curve's numbers for an edited bias", () => {
  const { workbook, params, image } = buildOnEngine(spec, 'values');
  const before = Array.from(forward(spec, params, image).logits.data);
  const bias = denseBiasRange(layerShapes(spec).flat[0], classes);
  workbook.writeCells(DENSE_SHEET, bias.row, bias.col, [[5]]);
  const { activations } = runForward(workbook);
  const logits = Array.from(activations.logits.data);
  expect(logits[0]).not.toBeCloseTo(before[0], 3);
  expect(Array.from(readColumn(workbook, LOGITS_SHEET, classes).data)).toEqual(logits);
  expectCurveFollows(workbook, logits);
});

/** A chart as plain data: type, A1 ranges, anchor, options. */
function describeChart(chart: FakeEmbeddedChart) {
  return {
    type: chart.type,
    ranges: chart
      .getRanges()
      .map((r) =>
        a1Range(null, { row: r.getRow(), col: r.getColumn(), rows: r.getNumRows(), cols: r.getNumColumns() }),
      ),
    anchor: chart.anchor,
    title: chart.getOptions().get('title'),
    size: [chart.getOptions().get('width'), chart.getOptions().get('height')],
    series: chart.getOptions().get('series'),
  };
}

function newSpreadsheet() {
  const local = new LocalWorkbook();
  local.ensureSheet('Sheet1');
  const fake = createFakeAppsScript({ backing: local });
  const serverCall = () => new GoogleWorkbook(fake.spreadsheetApp.getActiveSpreadsheet(), fake.spreadsheetApp);
  const charts = (sheet: string) =>
    fake.spreadsheetApp.getActiveSpreadsheet().getSheetByName(sheet)!.getCharts().map(describeChart);
  return { fake, serverCall, charts };
}

describe('charts through the SpreadsheetApp fake', () => {
  const SOFTMAX_CHARTS = [
    {
      type: 'COLUMN',
      ranges: ['A3:A6', 'B3:B6'],
      anchor: { row: 4, column: 10 },
      title: 'Probability of each class',
      size: [480, 300],
      series: null,
    },
    {
      type: 'SCATTER',
      ranges: ['F3:F31', 'G3:G31', 'H3:H31'],
      anchor: { row: 20, column: 10 },
      title: 'Confidence curve: e^x, with this picture’s logits marked',
      size: [480, 300],
      series: { 0: { lineWidth: 2, pointSize: 0 }, 1: { lineWidth: 0, pointSize: 7 } },
    },
  ];

  test('the Softmax sheet gets its two charts once, however often the model is built or run', () => {
    const { fake, serverCall, charts } = newSpreadsheet();
    const image = tensor([3, spec.input.height, spec.input.width]);
    buildModel(serverCall(), spec, initParams(spec, 3), image, { mode: 'custom', seed: 3, label: 0 });
    expect(charts(SOFTMAX_SHEET)).toEqual(SOFTMAX_CHARTS);
    const built = fake.recorder.calls.filter((c) => c.object === 'EmbeddedChartBuilder').map((c) => c.method);
    expect(built).toEqual([
      ...['asColumnChart', 'addRange', 'addRange', 'setPosition', 'setOption', 'setOption', 'setOption', 'build'],
      ...[
        'asScatterChart',
        'addRange',
        'addRange',
        'addRange',
        'setPosition',
        'setOption',
        'setOption',
        'setOption',
        'setOption',
        'build',
      ],
    ]);

    buildModel(serverCall(), spec, initParams(spec, 4), image, { mode: 'native', seed: 4, label: 1 });
    runForward(serverCall());
    expect(charts(SOFTMAX_SHEET)).toEqual(SOFTMAX_CHARTS);
  });

  test('a rebuild still replaces its charts if Google does not read back the title option (the anchor tells)', () => {
    const { fake, serverCall, charts } = newSpreadsheet();
    fake.behaviour.chartOptionsUnread = true;
    const image = tensor([3, spec.input.height, spec.input.width]);
    buildModel(serverCall(), spec, initParams(spec, 3), image, { mode: 'values', seed: 3, label: 0 });
    buildModel(serverCall(), spec, initParams(spec, 3), image, { mode: 'values', seed: 3, label: 0 });
    expect(charts(SOFTMAX_SHEET).map((c) => c.anchor)).toEqual([
      { row: 4, column: 10 },
      { row: 20, column: 10 },
    ]);
  });

  test('the Training log charts reach its last row and are replaced, not added, as rows come', () => {
    const { serverCall, charts } = newSpreadsheet();
    const entry = (epoch: number): TrainingLogEntry => ({
      epoch,
      step: 0,
      trainLoss: 1 / epoch,
      trainAccuracy: 0.5,
      testLoss: 1.5 / epoch,
      testAccuracy: 0.4,
      imagesPerSecond: 10,
      time: '2026-01-01 00:00:00 UTC',
      note: '',
    });
    writeLogEntries(serverCall(), LOG_FIRST_ROW, [entry(1), entry(2)]);
    writeLogEntries(serverCall(), LOG_FIRST_ROW + 2, [entry(3)]);
    expect(charts(TRAINING_LOG_SHEET)).toEqual([
      {
        type: 'LINE',
        ranges: ['A3:A6', 'C3:C6', 'E3:E6'],
        anchor: { row: 4, column: 11 },
        title: 'Loss by epoch',
        size: [480, 300],
        series: null,
      },
      {
        type: 'LINE',
        ranges: ['A3:A6', 'D3:D6', 'F3:F6'],
        anchor: { row: 20, column: 11 },
        title: 'Accuracy by epoch',
        size: [480, 300],
        series: null,
      },
    ]);
  });

  test('a chart whose series are not single columns over the same rows is refused with what it needs', () => {
    const { serverCall } = newSpreadsheet();
    const chart = {
      ...softmaxCharts(classes)[0],
      ranges: [
        { row: 3, col: 1, rows: 4, cols: 1 },
        { row: 3, col: 2, rows: 5, cols: 1 },
      ],
    };
    expect(() => serverCall().setChart('Sheet1', chart)).toThrow(
      /one column for the x axis and one per series, all over the same rows/,
    );
  });
});
