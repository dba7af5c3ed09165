/**
 * Explanations of the cells of the map sheets: a pixel (R, G, B), the scaled input, a convolution's output
 * (every window cell × its weight, plus the bias), ReLU, max pooling, and a flattened value. Each reads the
 * blocks it needs in one call apiece.
 */
import { convOutputGeometry } from '../core/conv';
import type { CellExplanation, ExplainTerm, ExplainWindow, SourcedNumber } from '../shared/explanation';
import type { CellPosition } from './layout';
import { a1Range, filterBiasRange, filterCell, mapCell, mapRange } from './layout';
import { CHANNEL_NAMES, CHANNEL_SHEETS, INPUT_SHEET, blockInputSheet, blockOutputSheet, convSheet, filtersSheet, reluSheet } from './sheet-names';
import { blockChannelName, paddingText } from './model-params';
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

/** A pixel of R, G or B: it becomes one cell of the Input sheet, scaled. */
export function explainPixel(ctx: ExplainContext, channel: number, y: number, x: number): CellExplanation {
  const [channels, height, width] = ctx.shapes.input;
  const target = mapCell(channels, height, width, channel, y, x);
  return {
    ...base(ctx),
    kind: 'pixel',
    facts: { kind: 'pixel', channel: CHANNEL_SHEETS[channel], colour: CHANNEL_NAMES[channel], scale: scaleText(ctx.spec.inputScale), map: channel, y, x },
    touches: 1,
    highlight: single(INPUT_SHEET, target),
  };
}

/** An Input cell: its pixel × the input scale. */
export function explainInput(ctx: ExplainContext, c: number, y: number, x: number): CellExplanation {
  const [, height, width] = ctx.shapes.input;
  const sourcePos = mapCell(1, height, width, 0, y, x);
  const sheet = CHANNEL_SHEETS[c];
  const pixel = readBlock(ctx.workbook, sheet, { ...sourcePos, rows: 1, cols: 1 }).number(sourcePos);
  return {
    ...base(ctx),
    kind: 'input',
    facts: { kind: 'input', channel: sheet, colour: CHANNEL_NAMES[c], scale: scaleText(ctx.spec.inputScale), map: c, y, x },
    inputs: [pixel],
    highlight: single(sheet, sourcePos),
  };
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
  const filter = readBlock(ctx.workbook, fSheet, { row: filterRow.row, col: filterRow.col, rows: kernel, cols: biasRange.col - filterRow.col - 1 });
  const biasPos = { row: biasRange.row + f, col: biasRange.col };
  const bias = readBlock(ctx.workbook, fSheet, { ...biasPos, rows: 1, cols: 1 }).number(biasPos);
  const channelName = blockChannelName(ctx.spec, block);

  const terms: ExplainTerm[] = [];
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
        const value = input.number(mapCell(channels, height, width, c, y, x));
        values[i].push(value.value);
        terms.push({ label: `${channelName(c)} row ${y + 1}, column ${x + 1}`, input: value, weight, product: value.value * weight.value });
      }
    }
    const y0 = Math.max(top, 0);
    const x0 = Math.max(left, 0);
    const y1 = Math.min(top + kernel, height);
    const x1 = Math.min(left + kernel, width);
    const range = y1 > y0 && x1 > x0 ? { ...mapCell(channels, height, width, c, y0, x0), rows: y1 - y0, cols: x1 - x0 } : null;
    if (range) inside.push(rangeRef(range));
    const weightStart = filterCell(kernel, f, c, 0, 0);
    windows.push({
      caption: `${channelName(c)} × filter ${f + 1}, channel ${c + 1}`,
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
    inputs: terms.map((t) => t.input),
    terms,
    bias,
    windows,
    highlight: inside.length > 0 ? { sheet: inSheet, ranges: inside } : null,
  };
}

/** ReLU: max(0, the conv cell at the same place). */
export function explainRelu(ctx: ExplainContext, block: number, c: number, y: number, x: number): CellExplanation {
  const [channels, height, width] = ctx.shapes.blocks[block].conv;
  const pos = mapCell(channels, height, width, c, y, x);
  const source = readBlock(ctx.workbook, convSheet(block), { ...pos, rows: 1, cols: 1 }).number(pos);
  return {
    ...base(ctx),
    kind: 'relu',
    facts: { kind: 'relu', sheet: reluSheet(block), map: c, y, x },
    inputs: [source],
    highlight: single(convSheet(block), pos),
  };
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
    facts: { kind: 'pool', sheet: ctx.sheet, inputSheet: sheet, size: pool.size, stride: pool.stride, map: c, y: oy, x: ox },
    inputs,
    windows: [{ caption: `${sheet} map ${c + 1}`, source: a1Range(sheet, range), values, max }],
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
  const pos = mapCell(channels, height, width, c, y, x);
  const source = readBlock(ctx.workbook, sheet, { ...pos, rows: 1, cols: 1 }).number(pos);
  return {
    ...base(ctx),
    kind: 'flatten',
    facts: { kind: 'flatten', index: n, inputSheet: sheet, height, width, map: c, y, x },
    inputs: [source],
    highlight: single(sheet, pos),
  };
}
