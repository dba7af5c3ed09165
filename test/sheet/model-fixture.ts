/**
 * Shared steps of the sheet-model tests: a seeded picture, a model built on the real local formula engine,
 * and readers that turn what the engine computed back into numbers to compare with src/core.
 */
import type { Activations, ModelParams, ModelSpec, Tensor } from '../../src/core/types';
import { cloneParams, createRng, initParams, lossReadings, tensor } from '../../src/core';
import type { FormulaMode } from '../../src/shared/api';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { buildModel } from '../../src/sheet/whole-model';
import { CountingWorkbook } from '../../src/sheet/counting-workbook';
import { columnRange, mapRange } from '../../src/sheet/layout';
import { gridToTensor, gridToVector } from '../../src/sheet/grid-values';
import {
  FLATTEN_SHEET,
  INPUT_SHEET,
  LOGITS_SHEET,
  SOFTMAX_SHEET,
  convSheet,
  poolSheet,
  reluSheet,
} from '../../src/sheet/sheet-names';
import { LOSS_READING_CELLS } from '../../src/sheet/loss-sheet';
import { expectClose } from '../helpers/close';

export const SEED = 20240611;
export const LABEL = 2;

/** Pixels 0–255 drawn from a seeded generator (whole numbers, as a picture has). */
export function seededImage(spec: ModelSpec, seed: number): Tensor {
  const rng = createRng(seed);
  const image = tensor([spec.input.channels, spec.input.height, spec.input.width]);
  for (let i = 0; i < image.data.length; i++) image.data[i] = Math.floor(rng.next() * 256);
  return image;
}

/**
 * Seeded weights with seeded non-zero biases: initParams sets biases to 0, which would let a bias that
 * lands in the wrong place go unnoticed.
 */
export function seededParams(spec: ModelSpec, seed: number): ModelParams {
  const params = cloneParams(initParams(spec, seed));
  const rng = createRng(seed + 1);
  for (const t of [...params.conv.map((c) => c.bias), params.dense.bias]) {
    for (let i = 0; i < t.data.length; i++) t.data[i] = (rng.next() - 0.5) * 0.2;
  }
  return params;
}

export interface BuiltModel {
  readonly workbook: LocalWorkbook;
  readonly spec: ModelSpec;
  readonly params: ModelParams;
  readonly image: Tensor;
  readonly buildMs: number;
  /** The Workbook calls the build made. */
  readonly buildCalls: CountingWorkbook;
}

export function buildOnEngine(spec: ModelSpec, mode: FormulaMode, label = LABEL): BuiltModel {
  const params = seededParams(spec, SEED);
  const image = seededImage(spec, SEED + 7);
  const workbook = new LocalWorkbook();
  const buildCalls = new CountingWorkbook(workbook);
  const start = Date.now();
  buildModel(buildCalls, spec, params, image, { mode, seed: SEED, label });
  return { workbook, spec, params, image, buildMs: Date.now() - start, buildCalls };
}

/** A sheet's map grid, as the engine computed it, back into a tensor. */
export function readMaps(workbook: LocalWorkbook, sheet: string, shape: readonly number[]): Tensor {
  const [channels, height, width] = shape;
  return gridToTensor(workbook.readValues(sheet, mapRange(channels, height, width)), channels, sheet, 'grid');
}

export function readColumn(workbook: LocalWorkbook, sheet: string, length: number): Tensor {
  return gridToVector(workbook.readValues(sheet, columnRange(length)), sheet, 'column');
}

/** Compares every computed sheet and the three loss readings with a forward pass of src/core. */
export function expectSheetsMatchCore(
  workbook: LocalWorkbook,
  spec: ModelSpec,
  acts: Activations,
  label: number,
): void {
  expectClose(readMaps(workbook, INPUT_SHEET, acts.input.shape).data, acts.input.data, 1e-9, INPUT_SHEET);
  spec.blocks.forEach((block, i) => {
    const b = acts.blocks[i];
    expectClose(readMaps(workbook, convSheet(i), b.conv.shape).data, b.conv.data, 1e-9, convSheet(i));
    expectClose(readMaps(workbook, reluSheet(i), b.relu.shape).data, b.relu.data, 1e-9, reluSheet(i));
    if (block.pool) expectClose(readMaps(workbook, poolSheet(i), b.pool.shape).data, b.pool.data, 1e-9, poolSheet(i));
  });
  expectClose(readColumn(workbook, FLATTEN_SHEET, acts.flat.data.length).data, acts.flat.data, 1e-9, FLATTEN_SHEET);
  expectClose(readColumn(workbook, LOGITS_SHEET, acts.logits.data.length).data, acts.logits.data, 1e-9, LOGITS_SHEET);
  expectClose(
    readColumn(workbook, SOFTMAX_SHEET, acts.probabilities.data.length).data,
    acts.probabilities.data,
    1e-9,
    SOFTMAX_SHEET,
  );

  const cell = (c: { row: number; col: number }): unknown =>
    workbook.readValues('Loss', { ...c, rows: 1, cols: 1 })[0][0];
  const expected = lossReadings(acts.probabilities, label);
  expectClose(
    [
      cell(LOSS_READING_CELLS.distance),
      cell(LOSS_READING_CELLS.crossEntropy),
      cell(LOSS_READING_CELLS.klDivergence),
    ] as number[],
    [expected.distance, expected.crossEntropy, expected.klDivergence],
    1e-9,
    'Loss readings (distance, cross-entropy, KL)',
  );
  let best = 0;
  acts.probabilities.data.forEach((p, k) => {
    if (p > acts.probabilities.data[best]) best = k;
  });
  expect(cell(LOSS_READING_CELLS.predicted)).toBe(spec.classes[best]);
}
