/**
 * Explanations of the cells of the map sheets: a pixel (R, G, B or Grey), the scaled input, a convolution's output
 * (every window cell × its weight, plus the bias), ReLU, max pooling, and a flattened value. Each reads the
 * blocks it needs in one call apiece.
 */
import { convOutputGeometry } from '../core/conv';
import type { CellExplanation, ExplainWindow, SourcedNumber } from '../shared/explanation';
import type { CellPosition } from './layout';
import { a1Range } from './a1-notation';
import { filterBiasRange, filterCell, mapCell, mapRange } from './layout';
import {
  INPUT_SHEET,
  blockInputSheet,
  blockOutputSheet,
  convSheet,
  filtersSheet,
  pictureChannelNames,
  pictureSheets,
  reluSheet,
} from './sheet-names';
import { paddingText } from './weight-sheets';
import { scaleText } from './steps';
import type { ExplainContext } from './explain-reads';
import { cellName, rangeRef, readBlock } from './explain-reads';

type Base = Pick<CellExplanation, 'sheet' | 'cell' | 'value' | 'inputs' | 'terms' | 'windows'>;

function base(ctx: ExplainContext): Base {
  return { sheet: ctx.sheet, cell: cellName(ctx.pos), value: ctx.value, inputs: [], terms: [], windows: [] };
}

/** A map cell's highlight: the one cell on its sheet. */
function single(sheet: string, pos: CellPosition): { sheet: string; ranges: string[] } {
  return { sheet, ranges: [rangeRef({ ...pos, rows: 1, cols: 1 })] };
}

/** A pixel of R, G, B or Grey: it becomes one cell of the Input sheet, scaled. */
export function explainPixel(ctx: ExplainContext, channel: number, y: number, x: number): CellExplanation {
  const [channels, height, width] = ctx.shapes.input;
  const target = mapCell(channels, height, width, channel, y, x);
  return {
    ...base(ctx),
    kind: 'pixel',
    facts: {
      kind: 'pixel',
      channel: pictureSheets(channels)[channel],
      colour: pictureChannelNames(channels)[channel],
      scale: scaleText(ctx.spec.inputScale),
      map: channel,
      y,
      x,
    },
    touches: 1,
    highlight: single(INPUT_SHEET, target),
  };
}

/** A cell computed from one other cell (Input, ReLU, Flatten): that cell is its input and its highlight. */
function fromOneCell(
  ctx: ExplainContext,
  facts: CellExplanation['facts'],
  sheet: string,
  pos: CellPosition,
): CellExplanation {
  return {
    ...base(ctx),
    kind: facts.kind,
    facts,
    inputs: [readBlock(ctx.workbook, sheet, { ...pos, rows: 1, cols: 1 }).number(pos)],
    highlight: single(sheet, pos),
  };
}

/** An Input cell: its pixel × the input scale. */
export function explainInput(ctx: ExplainContext, c: number, y: number, x: number): CellExplanation {
  const [channels, height, width] = ctx.shapes.input;
  const pixelSheet = pictureSheets(channels)[c];
  const facts = {
    kind: 'input',
    channel: pixelSheet,
    colour: pictureChannelNames(channels)[c],
    scale: scaleText(ctx.spec.inputScale),
    map: c,
    y,
    x,
  } as const;
  return fromOneCell(ctx, facts, pixelSheet, mapCell(1, height, width, 0, y, x));
}

/** A convolution output: Σ over channels and window cells of input × weight, plus the filter's bias. */
export function explainConv(ctx: ExplainContext, block: number, f: number, oy: number, ox: number): CellExplanation {
  const spec = ctx.spec.blocks[block];
  const inShape = block === 0 ? ctx.shapes.input : ctx.shapes.blocks[block - 1].pool;
  const [channels, height, width] = inShape;
  const { kernel, stride, padding } = spec;
  const inSheet = blockInputSheet(ctx.spec, block);
  const fSheet = filtersSheet(block);
  const top = oy * stride - convOutputGeometry(height, kernel, stride, padding).padBefore;
  const left = ox * stride - convOutputGeometry(width, kernel, stride, padding).padBefore;
  const input = readBlock(ctx.workbook, inSheet, mapRange(channels, height, width));
  const biasRange = filterBiasRange(spec.filters, channels, kernel);
  const filterRow = filterCell(kernel, f, 0, 0, 0);
  const filter = readBlock(ctx.workbook, fSheet, {
    row: filterRow.row,
    col: filterRow.col,
    rows: kernel,
    cols: biasRange.col - filterRow.col - 1,
  });
  const biasPos = { row: biasRange.row + f, col: biasRange.col };
  const bias = readBlock(ctx.workbook, fSheet, { ...biasPos, rows: 1, cols: 1 }).number(biasPos);

  const windows: ExplainWindow[] = [];
  const inside: string[] = [];
  let cordon = 0;
  for (let c = 0; c < channels; c++) {
    const values: (number | null)[][] = [];
    const weights: number[][] = [];
    for (let i = 0; i < kernel; i++) {
      values.push([]);
      weights.push([]);
      for (let j = 0; j < kernel; j++) {
        const weight = filter.number(filterCell(kernel, f, c, i, j));
        weights[i].push(weight.value);
        const y = top + i;
        const x = left + j;
        if (y < 0 || y >= height || x < 0 || x >= width) {
          values[i].push(null);
          cordon++;
          continue;
        }
        values[i].push(input.number(mapCell(channels, height, width, c, y, x)).value);
      }
    }
    const y0 = Math.max(top, 0);
    const x0 = Math.max(left, 0);
    const y1 = Math.min(top + kernel, height);
    const x1 = Math.min(left + kernel, width);
    const range =
      y1 > y0 && x1 > x0 ? { ...mapCell(channels, height, width, c, y0, x0), rows: y1 - y0, cols: x1 - x0 } : null;
    if (range) inside.push(rangeRef(range));
    const weightStart = filterCell(kernel, f, c, 0, 0);
    windows.push({
      source: range ? a1Range(inSheet, range) : null,
      values,
      weights,
      weightSource: a1Range(fSheet, { ...weightStart, rows: kernel, cols: kernel }),
    });
  }
  return {
    ...base(ctx),
    kind: 'conv',
    facts: {
      kind: 'conv',
      sheet: convSheet(block),
      inputSheet: inSheet,
      filtersSheet: fSheet,
      map: f,
      y: oy,
      x: ox,
      top,
      left,
      stride,
      padding: paddingText(padding),
      kernel,
      channels,
      cordon,
    },
    bias,
    windows,
    highlight: inside.length > 0 ? { sheet: inSheet, ranges: inside } : null,
  };
}

/** ReLU: max(0, the conv cell at the same place). */
export function explainRelu(ctx: ExplainContext, block: number, c: number, y: number, x: number): CellExplanation {
  const [channels, height, width] = ctx.shapes.blocks[block].conv;
  return fromOneCell(
    ctx,
    { kind: 'relu', sheet: reluSheet(block), map: c, y, x },
    convSheet(block),
    mapCell(channels, height, width, c, y, x),
  );
}

/** Max pooling: the largest value of the window on the ReLU sheet. */
export function explainPool(ctx: ExplainContext, block: number, c: number, oy: number, ox: number): CellExplanation {
  const pool = ctx.spec.blocks[block].pool;
  if (pool === null) throw new Error(`Block ${block + 1} has no pooling.`);
  const [channels, height, width] = ctx.shapes.blocks[block].conv;
  const start = mapCell(channels, height, width, c, oy * pool.stride, ox * pool.stride);
  const range = { ...start, rows: pool.size, cols: pool.size };
  const sheet = reluSheet(block);
  const window = readBlock(ctx.workbook, sheet, range);
  const inputs: SourcedNumber[] = [];
  const values: number[][] = [];
  let max = { row: 0, col: 0 };
  for (let i = 0; i < pool.size; i++) {
    values.push([]);
    for (let j = 0; j < pool.size; j++) {
      const n = window.number({ row: start.row + i, col: start.col + j });
      inputs.push(n);
      values[i].push(n.value);
      if (n.value > values[max.row][max.col]) max = { row: i, col: j };
    }
  }
  return {
    ...base(ctx),
    kind: 'pool',
    facts: {
      kind: 'pool',
      sheet: ctx.sheet,
      inputSheet: sheet,
      size: pool.size,
      stride: pool.stride,
      map: c,
      y: oy,
      x: ox,
    },
    inputs,
    windows: [{ source: a1Range(sheet, range), values, max }],
    highlight: { sheet, ranges: [rangeRef(range)] },
  };
}

/** A flattened value: one cell of the last block's maps, in map-by-map, row-by-row order. */
export function explainFlatten(ctx: ExplainContext, n: number): CellExplanation {
  const last = ctx.spec.blocks.length - 1;
  const [channels, height, width] = ctx.shapes.blocks[last].pool;
  const c = Math.floor(n / (height * width));
  const y = Math.floor(n / width) % height;
  const x = n % width;
  const sheet = blockOutputSheet(ctx.spec, last);
  return fromOneCell(
    ctx,
    { kind: 'flatten', index: n, inputSheet: sheet, height, width, map: c, y, x },
    sheet,
    mapCell(channels, height, width, c, y, x),
  );
}
