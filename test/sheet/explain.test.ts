/**
 * "Explain this cell" against the real local formula engine: for random cells of every step sheet and every
 * weight sheet, of the default model and of a seeded random architecture, in all three formula modes, the
 * explanation's value is the sheet's, every number it quotes is what its named cell holds, and its terms
 * recombine (Σ products + bias, max, e^x ÷ Σ, −ln p…) to the cell's value within 1e-12.
 */
import { createRng, defaultSpec, initParams, layerShapes, smallSpec } from '../../src/core';
import { presetLayers, specWith } from '../../src/core/architecture';
import type { ModelSpec, Padding } from '../../src/core/types';
import type { FormulaMode } from '../../src/shared/api';
import type { CellExplanation, SourcedNumber } from '../../src/shared/explanation';
import { LocalWorkbook } from '../../src/local/engine/local-workbook';
import { explainCell } from '../../src/sheet/explain';
import { explanationText, windowProducts } from '../../src/shared/explain-text';
import { TOP_TERMS } from '../../src/sheet/explain-head';
import { GRID_ORIGIN, columnRange, denseBiasRange, filterBiasRange, filterCell, mapCell } from '../../src/sheet/layout';
import { a1Cell, parseA1Range } from '../../src/sheet/a1-notation';
import { LOSS_READING_CELLS } from '../../src/sheet/loss-sheet';
import { writeGradients } from '../../src/sheet/weight-sheets';
import {
  DENSE_GRADIENTS_SHEET,
  DENSE_SHEET,
  FLATTEN_SHEET,
  INPUT_SHEET,
  LOGITS_SHEET,
  LOSS_SHEET,
  SOFTMAX_SHEET,
  blockInputSheet,
  convSheet,
  filterGradientsSheet,
  filtersSheet,
  pictureSheets,
  poolSheet,
  reluSheet,
} from '../../src/sheet/sheet-names';
import { buildOnEngine, LABEL } from './model-fixture';
import { expectClose } from '../helpers/close';

const MODES: readonly FormulaMode[] = ['custom', 'native', 'values'];
const TOLERANCE = 1e-12;

/** "'Conv1 filters'!C5" → the sheet and the block, read independently of the code under test's reader. */
function parseRef(ref: string): { sheet: string; range: NonNullable<ReturnType<typeof parseA1Range>> } {
  const bang = ref.lastIndexOf('!');
  const rawSheet = ref.slice(0, bang);
  const sheet = rawSheet.startsWith("'") ? rawSheet.slice(1, -1).replace(/''/g, "'") : rawSheet;
  const range = parseA1Range(ref.slice(bang + 1));
  if (range === null) throw new Error(`not an A1 reference: ${ref}`);
  return { sheet, range };
}

function valueAt(workbook: LocalWorkbook, ref: string): unknown {
  const { sheet, range } = parseRef(ref);
  expect(range.rows * range.cols).toBe(1);
  return workbook.readValues(sheet, range)[0][0];
}

/** Every quoted number is what its cell holds, exactly. */
function expectSourcesHold(workbook: LocalWorkbook, numbers: readonly SourcedNumber[]): void {
  for (const n of numbers)
    expect({ ref: n.source, value: valueAt(workbook, n.source) }).toEqual({ ref: n.source, value: n.value });
}

function sheetOf(ref: string): string {
  return parseRef(ref).sheet;
}

/** Checks one explanation against the sheet; returns its kind so callers can see every kind was covered. */
function check(
  workbook: LocalWorkbook,
  spec: ModelSpec,
  sheet: string,
  pos: { row: number; col: number },
): CellExplanation {
  const e = explainCell(workbook, sheet, pos);
  const own = workbook.readValues(sheet, { ...pos, rows: 1, cols: 1 })[0][0];
  const what = `${sheet} row ${pos.row} col ${pos.col} (${e.kind})`;
  expect(e.value).toEqual(own);
  expectSourcesHold(workbook, e.inputs);
  expectSourcesHold(
    workbook,
    e.terms.flatMap((t) => [t.input, t.weight]),
  );
  if (e.bias) expectSourcesHold(workbook, [e.bias]);
  const value = own as number;
  // The words the sidebar shows end in the cell's own value, to the last digit.
  const text = explanationText(e);
  expect(text.title).not.toBe('');
  if (e.kind !== 'pixel')
    expect({ what, equation: text.equation.endsWith(` ${String(own)}`) }).toEqual({ what, equation: true });
  switch (e.kind) {
    case 'conv': {
      const block = spec.blocks.findIndex((_, i) => convSheet(i) === sheet);
      // One window per input channel: its cells inside the map and its weights are what their named blocks hold.
      expect(e.windows).toHaveLength(block === 0 ? spec.input.channels : spec.blocks[block - 1].filters);
      for (const w of e.windows) {
        const weights = parseRef(w.weightSource as string);
        expect(weights.sheet).toBe(filtersSheet(block));
        expect(workbook.readValues(weights.sheet, weights.range)).toEqual(w.weights);
        const inside = w.values.flat().filter((v) => v !== null);
        if (w.source === null) {
          expect(inside).toEqual([]);
          continue;
        }
        const cells = parseRef(w.source);
        expect(cells.sheet).toBe(blockInputSheet(spec, block));
        expect(workbook.readValues(cells.sheet, cells.range).flat()).toEqual(inside);
      }
      expectClose(
        windowProducts(e).reduce((s, p) => s + p, 0) + (e.bias as SourcedNumber).value,
        value,
        TOLERANCE,
        what,
      );
      break;
    }
    case 'relu':
      expect(sheetOf(e.inputs[0].source)).toBe(convSheet(spec.blocks.findIndex((_, i) => reluSheet(i) === sheet)));
      expectClose(Math.max(0, e.inputs[0].value), value, TOLERANCE, what);
      break;
    case 'pool': {
      const block = spec.blocks.findIndex((_, i) => poolSheet(i) === sheet);
      const size = spec.blocks[block].pool?.size ?? 0;
      expect(e.inputs).toHaveLength(size * size);
      expect(e.inputs.every((n) => sheetOf(n.source) === reluSheet(block))).toBe(true);
      expectClose(Math.max(...e.inputs.map((n) => n.value)), value, TOLERANCE, what);
      break;
    }
    case 'flatten':
    case 'input':
      expectClose(e.kind === 'input' ? e.inputs[0].value * spec.inputScale : e.inputs[0].value, value, TOLERANCE, what);
      break;
    case 'logit': {
      const listed = e.terms.reduce((s, t) => s + t.product, 0);
      for (const t of e.terms) expect(t.product).toBe(t.input.value * t.weight.value);
      expect(e.terms.length).toBe(Math.min(TOP_TERMS, e.inputs.length));
      expect(e.terms.length + (e.otherTerms?.count ?? 0)).toBe(e.inputs.length);
      expectClose(listed + (e.otherTerms?.sum ?? 0) + (e.bias as SourcedNumber).value, value, TOLERANCE, what);
      expect(
        e.terms.every((t) => sheetOf(t.input.source) === FLATTEN_SHEET && sheetOf(t.weight.source) === DENSE_SHEET),
      ).toBe(true);
      // The listed terms are the largest: no input × weight left out is larger.
      const smallestListed = Math.min(...e.terms.map((t) => Math.abs(t.product)));
      const listedSources = new Set(e.terms.map((t) => t.input.source));
      expect(
        e.inputs.every(
          (n) =>
            listedSources.has(n.source) ||
            Math.abs(
              n.value *
                (valueAt(
                  workbook,
                  n.source
                    .replace(FLATTEN_SHEET, `'${DENSE_SHEET}'`)
                    .replace(/![A-Z]+/, `!${String.fromCharCode(65 + GRID_ORIGIN.col + (e.classIndex as number) - 1)}`),
                ) as number),
            ) <= smallestListed,
        ),
      ).toBe(true);
      break;
    }
    case 'softmax': {
      const exps = e.inputs.map((n) => Math.exp(n.value));
      expect(e.inputs.every((n) => sheetOf(n.source) === LOGITS_SHEET)).toBe(true);
      expectClose(exps[e.classIndex as number] / exps.reduce((s, x) => s + x, 0), value, TOLERANCE, what);
      break;
    }
    case 'loss': {
      const p = e.inputs.map((n) => n.value);
      const label = e.classIndex as number;
      if (pos.col === LOSS_READING_CELLS.crossEntropy.col || pos.col === LOSS_READING_CELLS.klDivergence.col)
        expectClose(-Math.log(p[label]), value, TOLERANCE, what);
      if (pos.col === LOSS_READING_CELLS.distance.col)
        expectClose(
          Math.sqrt(p.reduce((s, pk, k) => s + ((k === label ? 1 : 0) - pk) ** 2, 0)),
          value,
          TOLERANCE,
          what,
        );
      break;
    }
    case 'pixel': {
      const target = e.highlight as { sheet: string; ranges: string[] };
      expect(target.sheet).toBe(INPUT_SHEET);
      const fed = workbook.readValues(
        INPUT_SHEET,
        parseA1Range(target.ranges[0]) as NonNullable<ReturnType<typeof parseA1Range>>,
      )[0][0] as number;
      expectClose(value * spec.inputScale, fed, TOLERANCE, what);
      break;
    }
    case 'convWeight':
    case 'convBias':
    case 'denseWeight':
    case 'denseBias':
      expect(e.touches).toBeGreaterThan(0);
      expect(e.highlight).not.toBeNull();
      break;
    default:
      throw new Error(`${what}: expected an explanation of a number`);
  }
  return e;
}

/** Random cells of every step and weight sheet of a built model, with the sheet each belongs to. */
function sampleCells(
  spec: ModelSpec,
  seed: number,
  perSheet: number,
): { sheet: string; pos: { row: number; col: number } }[] {
  const rng = createRng(seed);
  const shapes = layerShapes(spec);
  const out: { sheet: string; pos: { row: number; col: number } }[] = [];
  const maps = (sheet: string, [c, h, w]: readonly number[]): void => {
    for (let n = 0; n < perSheet; n++) {
      out.push({
        sheet,
        pos: mapCell(c, h, w, Math.floor(rng.next() * c), Math.floor(rng.next() * h), Math.floor(rng.next() * w)),
      });
    }
  };
  const [channels, height, width] = shapes.input;
  for (const s of pictureSheets(channels)) maps(s, [1, height, width]);
  maps(INPUT_SHEET, shapes.input);
  spec.blocks.forEach((block, i) => {
    maps(convSheet(i), shapes.blocks[i].conv);
    maps(reluSheet(i), shapes.blocks[i].conv);
    if (block.pool) maps(poolSheet(i), shapes.blocks[i].pool);
    const inChannels = i === 0 ? channels : shapes.blocks[i - 1].pool[0];
    for (let n = 0; n < perSheet; n++) {
      const f = Math.floor(rng.next() * block.filters);
      out.push({
        sheet: filtersSheet(i),
        pos: filterCell(
          block.kernel,
          f,
          Math.floor(rng.next() * inChannels),
          Math.floor(rng.next() * block.kernel),
          Math.floor(rng.next() * block.kernel),
        ),
      });
    }
    const bias = filterBiasRange(block.filters, inChannels, block.kernel);
    out.push({ sheet: filtersSheet(i), pos: { row: bias.row + block.filters - 1, col: bias.col } });
  });
  const [inputs] = shapes.flat;
  const classes = spec.classes.length;
  for (let n = 0; n < perSheet; n++)
    out.push({
      sheet: FLATTEN_SHEET,
      pos: { row: GRID_ORIGIN.row + Math.floor(rng.next() * inputs), col: GRID_ORIGIN.col },
    });
  for (let n = 0; n < perSheet; n++) {
    out.push({
      sheet: DENSE_SHEET,
      pos: {
        row: GRID_ORIGIN.row + Math.floor(rng.next() * inputs),
        col: GRID_ORIGIN.col + Math.floor(rng.next() * classes),
      },
    });
  }
  out.push({ sheet: DENSE_SHEET, pos: { ...denseBiasRange(inputs, classes), col: GRID_ORIGIN.col + classes - 1 } });
  for (const sheet of [LOGITS_SHEET, SOFTMAX_SHEET]) {
    for (let k = 0; k < classes; k++) out.push({ sheet, pos: { ...columnRange(classes), row: GRID_ORIGIN.row + k } });
  }
  for (const cell of [LOSS_READING_CELLS.distance, LOSS_READING_CELLS.crossEntropy, LOSS_READING_CELLS.klDivergence])
    out.push({ sheet: LOSS_SHEET, pos: cell });
  return out;
}

/** A seeded random network that fits its input (grey or colour): 1–2 blocks, any kernel/stride/padding, pooling or not. */
function randomSpec(seed: number, channels: number): ModelSpec {
  const rng = createRng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rng.next() * (hi - lo + 1));
  for (;;) {
    const paddings: Padding[] = ['valid', 'same', int(0, 2)];
    const blocks = Array.from({ length: int(1, 2) }, () => ({
      filters: int(1, 5),
      kernel: int(1, 3),
      stride: int(1, 2),
      padding: paddings[int(0, 2)],
      pool: rng.next() < 0.6 ? { size: int(2, 3), stride: int(1, 2) } : null,
    }));
    const spec: ModelSpec = {
      input: { channels, height: int(5, 9), width: int(5, 9) },
      inputScale: 1 / 255,
      blocks,
      classes: ['cat', 'dog', 'owl', 'fox'].slice(0, int(2, 4)),
    };
    try {
      layerShapes(spec);
      return spec;
    } catch {
      // Does not fit its input (a pool larger than the map, …): draw again.
    }
  }
}

function explainEverything(spec: ModelSpec, mode: FormulaMode, seed: number, perSheet: number): Set<string> {
  const { workbook } = buildOnEngine(spec, mode);
  const kinds = new Set<string>();
  for (const { sheet, pos } of sampleCells(spec, seed, perSheet)) kinds.add(check(workbook, spec, sheet, pos).kind);
  return kinds;
}

const ALL_KINDS = [
  'pixel',
  'input',
  'conv',
  'relu',
  'pool',
  'flatten',
  'logit',
  'softmax',
  'loss',
  'convWeight',
  'convBias',
  'denseWeight',
  'denseBias',
];

describe.each(MODES)('%s mode', (mode) => {
  test("the default model: random cells of every sheet are explained with the sheet's own numbers", () => {
    expect([...explainEverything(defaultSpec(), mode, 11, 4)].sort()).toEqual([...ALL_KINDS].sort());
    // Building the default model in native mode (about 62,000 formulas) is the slow part.
  }, 300_000);

  test('a random architecture (seeded): the same', () => {
    for (const [seed, channels] of [
      [3, 1],
      [8, 3],
    ]) {
      const spec = randomSpec(seed, channels);
      const kinds = explainEverything(spec, mode, seed, 5);
      expect(kinds.has('conv') && kinds.has('logit') && kinds.has('softmax')).toBe(true);
    }
  });
});

test('the worked example with same padding: a conv cell at the corner names the zero-padding cells and sums the rest', () => {
  const spec = specWith(presetLayers('small-same'), smallSpec().classes);
  const { workbook } = buildOnEngine(spec, 'native');
  // Output (0, 0) with padding 1: the window's first row and column lie in the cordon.
  const e = check(workbook, spec, convSheet(0), mapCell(2, 5, 5, 1, 0, 0));
  expect(e.windows).toHaveLength(3);
  for (const w of e.windows) {
    expect(w.values[0]).toEqual([null, null, null]);
    expect(w.values.map((row) => row[0])).toEqual([null, null, null]);
    expect(w.source?.startsWith('Input!')).toBe(true);
  }
  expect(windowProducts(e)).toHaveLength(3 * 4);
  expect(explanationText(e).lines.some((line) => /^15 window cells lie outside Input/.test(line))).toBe(true);
  expect(e.highlight).toEqual({ sheet: 'Input', ranges: ['B4:C5', 'H4:I5', 'B10:C11'] });
});

test('a grey (1-channel) model: a Grey pixel and an Input cell name the Grey sheet and the colour grey', () => {
  const spec = { ...smallSpec(), input: { ...smallSpec().input, channels: 1 } };
  const { workbook } = buildOnEngine(spec, 'custom');
  const [, height, width] = layerShapes(spec).input;
  const pixel = check(workbook, spec, 'Grey', mapCell(1, height, width, 0, 2, 1));
  expect(pixel.facts).toMatchObject({ kind: 'pixel', channel: 'Grey', colour: 'grey', y: 2, x: 1 });
  const input = check(workbook, spec, INPUT_SHEET, mapCell(1, height, width, 0, 2, 1));
  expect(input.facts).toMatchObject({ kind: 'input', channel: 'Grey', colour: 'grey' });
  expect(sheetOf(input.inputs[0].source)).toBe('Grey');
  expect(explanationText(pixel).lines[0]).toMatch(/How much grey the pixel/);
});

test('a weight names the map it feeds and, after a step, its gradient', () => {
  const spec = smallSpec();
  const { workbook } = buildOnEngine(spec, 'custom');
  const grads = initParams(spec, 99);
  writeGradients(workbook, spec, grads);
  const pos = filterCell(3, 1, 2, 0, 1);
  const e = explainCell(workbook, filtersSheet(0), pos);
  expect(e.kind).toBe('convWeight');
  expect(e.touches).toBe(9);
  expect(e.highlight).toEqual({ sheet: convSheet(0), ranges: ['F4:H6'] });
  expect(e.gradient?.value).toBe(grads.conv[0].weights.data[((1 * 3 + 2) * 3 + 0) * 3 + 1]);
  expect(e.gradient?.source).toBe(`'${filterGradientsSheet(0)}'!${e.cell}`);
  // Selecting the same cell on the gradients sheet explains the same weight.
  expect(explainCell(workbook, filterGradientsSheet(0), pos).gradient).toEqual(e.gradient);
  const dense = explainCell(workbook, DENSE_GRADIENTS_SHEET, { row: GRID_ORIGIN.row + 4, col: GRID_ORIGIN.col + 2 });
  expect(dense.kind).toBe('denseWeight');
  expect(dense.gradient?.value).toBe(grads.dense.weights.data[4 * 3 + 2]);
  expectSourcesHold(workbook, dense.inputs);
});

test('labels, gaps, the Model sheet and a missing model get a sentence saying what to select', () => {
  const spec = smallSpec();
  const { workbook } = buildOnEngine(spec, 'values', LABEL);
  expect(explainCell(workbook, convSheet(0), { row: 1, col: 1 }).kind).toBe('other');
  expect(explanationText(explainCell(workbook, convSheet(0), { row: 7, col: 2 })).lines[0]).toMatch(
    /blank: a gap between blocks/,
  );
  expect(explanationText(explainCell(workbook, 'Model', { row: 4, col: 2 })).lines[0]).toMatch(
    /settings and class names/,
  );
  const empty = new LocalWorkbook();
  empty.ensureSheet('Sheet1');
  expect(explanationText(explainCell(empty, 'Sheet1', { row: 4, col: 2 })).lines[0]).toMatch(/no model yet/);
  expect(() => explainCell(empty, 'Nope', { row: 4, col: 2 })).toThrow('There is no sheet named "Nope".');
});

test('a weight cell holding text: the conv explanation names the cell and says what to type', () => {
  const spec = smallSpec();
  const { workbook } = buildOnEngine(spec, 'values');
  const weight = filterCell(3, 0, 1, 1, 1);
  workbook.writeCells(filtersSheet(0), weight.row, weight.col, [['abc']]);
  expect(() => explainCell(workbook, convSheet(0), mapCell(2, 3, 3, 0, 1, 1))).toThrow(
    `'Conv1 filters'!${a1Cell(weight.row, weight.col)} holds text "abc"; type a number there (or run the forward pass) to explain this cell.`,
  );
});
