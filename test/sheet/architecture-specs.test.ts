/**
 * Every valid spec works end to end: 40 seeded random specs (stride 2–3, numeric padding, blocks without a
 * pool, grey input, 4 blocks, odd sizes) built on the real local formula engine in all three modes. Every
 * activation sheet, the probabilities and the three losses equal src/core to 1e-9; each sheet's used size
 * equals what the Build model table estimates; one training step through the server equals one core step;
 * and for a sample of 5 specs, the .xlsx export recalculated by LibreOffice equals the engine to 1e-9.
 * Specs are kept small (inputs 4–11, at most 4 filters) so native mode stays quick.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  createOptimizerState,
  createRng,
  epochOrder,
  evaluate,
  forward,
  lossReadings,
  trainBatch,
} from '../../src/core';
import type { ConvBlockSpec, ModelSpec, Padding } from '../../src/core/types';
import { specWith, specProblems } from '../../src/core/architecture';
import type { ModelLayers } from '../../src/core/architecture';
import { fromChwTensor, toModelTensor } from '../../src/image/tensor';
import { createLocalHost } from '../../src/local/engine/local-host';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { writeXlsxFile } from '../../src/local/engine/xlsx-export';
import { createServer } from '../../src/server';
import { optimizerConfig } from '../../src/server/training-request';
import { bytesToBase64 } from '../../src/shared/pixels';
import type { FormulaMode } from '../../src/shared/api';
import { architectureReport } from '../../src/sheet/architecture-report';
import { GRID_ORIGIN } from '../../src/sheet/layout';
import { LOSS_READING_CELLS } from '../../src/sheet/loss-sheet';
import { readDataset } from '../../src/sheet/dataset-sheet';
import { readInputImage } from '../../src/sheet/input-picture-sheets';
import { readModel } from '../../src/sheet/whole-model';
import { trainingData } from '../../src/server/training-data';
import { LOGITS_SHEET, LOSS_SHEET, SOFTMAX_SHEET } from '../../src/sheet/sheet-names';
import { numberAt, recalculateWithLibreOffice } from '../helpers/libreoffice';
import { buildOnEngine, expectSheetsMatchCore, seededImage } from './model-fixture';
import { expectClose } from '../helpers/close';

const SPEC_COUNT = 40;
const MODES: FormulaMode[] = ['custom', 'native', 'values'];

/** A random valid spec: each block is drawn to fit the map the previous one leaves. */
function randomSpec(seed: number): ModelSpec {
  const rng = createRng(seed);
  const pick = (n: number): number => Math.floor(rng.next() * n);
  const channels = pick(3) === 0 ? 1 : 3;
  let size = 4 + pick(8);
  const input = { channels, height: size, width: size };
  const count = seed % 5 === 0 ? 4 : 1 + pick(4);
  const blocks: ConvBlockSpec[] = [];
  for (let i = 0; i < count; i++) {
    const kernel = 1 + pick(Math.min(4, size));
    const stride = 1 + pick(3);
    const kind = pick(3);
    const padding: Padding = kind === 0 ? 'valid' : kind === 1 ? 'same' : pick(kernel);
    const span = padding === 'valid' ? size - kernel : padding === 'same' ? -1 : size + 2 * padding - kernel;
    const out = padding === 'same' ? Math.ceil(size / stride) : Math.floor(span / stride) + 1;
    const poolSize = 1 + pick(Math.min(3, out));
    const pool = out >= 2 && pick(2) === 0 ? { size: poolSize, stride: 1 + pick(3) } : null;
    size = pool ? Math.floor((out - pool.size) / pool.stride) + 1 : out;
    blocks.push({ filters: 1 + pick(4), kernel, stride, padding, pool });
  }
  const classes = ['cat', 'dog', 'owl', 'bee'].slice(0, 2 + pick(3));
  return { input, inputScale: 1 / 255, blocks, classes };
}

const specs = Array.from({ length: SPEC_COUNT }, (_, i) => randomSpec(1000 + i));

test('the random specs are valid and cover the cases the editor offers', () => {
  for (const spec of specs) expect(specProblems(spec)).toEqual([]);
  const blocks = specs.flatMap((s) => s.blocks);
  expect(blocks.some((b) => b.stride === 2)).toBe(true);
  expect(blocks.some((b) => b.stride === 3)).toBe(true);
  expect(blocks.some((b) => typeof b.padding === 'number' && b.padding > 0)).toBe(true);
  expect(blocks.some((b) => b.pool === null)).toBe(true);
  expect(blocks.some((b) => b.pool !== null)).toBe(true);
  expect(specs.some((s) => s.input.channels === 1)).toBe(true);
  expect(specs.some((s) => s.blocks.length === 4)).toBe(true);
  expect(specs.some((s) => s.input.height % 2 === 1)).toBe(true);
});

describe.each(specs.map((spec, i) => [i, spec] as const))('random spec %i', (_, spec) => {
  test.each(MODES)('%s mode: sheets equal src/core, and their sizes equal the table', (mode) => {
    const built = buildOnEngine(spec, mode, 1);
    expectSheetsMatchCore(built.workbook, spec, forward(spec, built.params, built.image), 1);
    const report = architectureReport(spec, mode);
    expect(report.problems).toEqual([]);
    const written = built.workbook.sheetNames().map((name) => ({ name, ...built.workbook.usedSize(name) }));
    expect(written).toEqual(report.sheets);
    expect(report.totals!.usedCells).toBe(written.reduce((sum, s) => sum + s.rows * s.cols, 0));
  });

  test('through the server: one training step equals one core step; forward pass, training and Evaluate work', () => {
    const host = createLocalHost(new LocalWorkbook(), { userName: 'Ada' });
    const api = createServer(host);
    const layers: ModelLayers = { input: spec.input, inputScale: spec.inputScale, blocks: spec.blocks };
    api.buildModel({ layers, mode: 'values', seed: 5, classes: [...spec.classes] });
    const before = readModel(host.workbook);
    const { height, width } = spec.input;
    const colour = specWith(layers, spec.classes);
    const pictures = spec.classes.flatMap((label, k) =>
      [0, 1].map((n) => {
        const rgb = fromChwTensor(seededImage({ ...colour, input: { channels: 3, height, width } }, 77 + k * 10 + n));
        return { label, k, name: `${label}-${n}`, rgb };
      }),
    );
    for (const label of spec.classes) {
      const own = pictures.filter((p) => p.label === label);
      api.addPictures({
        label,
        pictures: own.map((p) => ({ name: p.name, width, height, rgbBase64: bytesToBase64(p.rgb.data) })),
      });
    }
    api.splitDataset(0, 1);
    const req = { epochs: 1, batchSize: 4, learningRate: 0.05, optimizer: 'sgd' as const };
    api.stepOnce(req);
    const examples = pictures.map((p) => ({
      image: toModelTensor(p.rgb, spec.input.channels === 1 ? 1 : 3, width, height),
      label: p.k,
    }));
    const order = epochOrder(before.seed, 0, examples.length).slice(0, req.batchSize);
    const config = optimizerConfig({ kind: 'sgd', learningRate: req.learningRate });
    const params = before.params;
    trainBatch(
      before.spec,
      params,
      order.map((j) => examples[j]),
      config,
      createOptimizerState(config, params),
    );
    const after = readModel(host.workbook).params;
    after.conv.forEach((c, i) =>
      expectClose(c.weights.data, params.conv[i].weights.data, 1e-9, `conv ${i + 1} weights`),
    );
    expectClose(after.dense.weights.data, params.dense.weights.data, 1e-9, 'dense weights');

    // Run forward pass on the picture in the sheets, then a whole training run and Evaluate on a test split.
    const model = readModel(host.workbook);
    const shown = api.runForwardPass();
    expectClose(
      shown.probabilities,
      forward(model.spec, model.params, readInputImage(host.workbook, model.spec)).probabilities.data,
      1e-9,
      'forward pass',
    );
    api.splitDataset(0.5, 3);
    expect(api.trainBatch({ ...req, epochs: 2 }).status).toBe('done');
    const trained = readModel(host.workbook);
    const { test: held } = trainingData(readDataset(host.workbook), trained.spec);
    const result = api.evaluate();
    const reference = evaluate(trained.spec, trained.params, held);
    expect({ count: result.count, accuracy: result.accuracy, confusion: result.confusion }).toEqual({
      count: reference.count,
      accuracy: reference.accuracy,
      confusion: reference.confusion,
    });
  });
});

describe('LibreOffice recalculates the native-mode export of a sample of specs to the engine', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'sheet-cnn-specs-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const sample = [0, 5, 11, 22, 33].map((i) => [i, specs[i]] as const);

  test.each(sample)(
    'random spec %i',
    async (i, spec) => {
      const built = buildOnEngine(spec, 'native', 1);
      const file = path.join(scratch, `spec-${i}.xlsx`);
      await writeXlsxFile(built.workbook, file);
      const { sheets } = await recalculateWithLibreOffice(file);
      const acts = forward(spec, built.params, built.image);
      const classes = spec.classes.length;
      const column = (sheet: string): number[] =>
        Array.from({ length: classes }, (_, k) => numberAt(sheets, sheet, GRID_ORIGIN.row + k, GRID_ORIGIN.col));
      expectClose(column(LOGITS_SHEET), acts.logits.data, 1e-9, 'LibreOffice logits');
      expectClose(column(SOFTMAX_SHEET), acts.probabilities.data, 1e-9, 'LibreOffice probabilities');
      const loss = lossReadings(acts.probabilities, 1);
      const cell = (at: { row: number; col: number }): number => numberAt(sheets, LOSS_SHEET, at.row, at.col);
      expectClose(
        [
          cell(LOSS_READING_CELLS.distance),
          cell(LOSS_READING_CELLS.crossEntropy),
          cell(LOSS_READING_CELLS.klDivergence),
        ],
        [loss.distance, loss.crossEntropy, loss.klDivergence],
        1e-9,
        'LibreOffice losses',
      );
    },
    300_000,
  );
});
