/**
 * Explanations of the cells of the map sheets: a pixel (R, G, B), the scaled input, a convolution's output
 * (every window cell × its weight, plus the bias), ReLU, max pooling, and a flattened value. Each reads the
 * blocks it needs in one call apiece.
 */
import { convOutputGeometry } from '../core/conv';
import type { CellExplanation, ExplainTerm, ExplainWindow, SourcedNumber } from '../shared/explanation';
import type { CellPosition } from './layout';
import { a1Range, filterBiasRange, filterCell, mapCell, mapRange, plural } from './layout';
import { CHANNEL_NAMES, CHANNEL_SHEETS, INPUT_SHEET, blockInputSheet, blockOutputSheet, convSheet, filtersSheet, reluSheet } from './sheet-names';
import { blockChannelName, paddingText } from './model-params';
import { scaleText } from './steps';
import type { ExplainContext } from './explain-reads';
import { cellName, cellRef, rangeRef, readBlock, short, shownText } from './explain-reads';

type Base = Pick<CellExplanation, 'sheet' | 'cell' | 'value'>;

function base(ctx: ExplainContext): Base {
  return { sheet: ctx.sheet, cell: cellName(ctx.pos), value: ctx.value };
}

const where = (y: number, x: number): string => `row ${y + 1}, column ${x + 1}`;

/** A map cell's highlight: the one cell on its sheet. */
function single(sheet: string, pos: CellPosition): { sheet: string; ranges: string[] } {
  return { sheet, ranges: [rangeRef({ ...pos, rows: 1, cols: 1 })] };
}

/** A pixel of R, G or B: it becomes one cell of the Input sheet, scaled. */
export function explainPixel(ctx: ExplainContext, channel: number, y: number, x: number): CellExplanation {
  const [channels, height, width] = ctx.shapes.input;
  const target = mapCell(channels, height, width, channel, y, x);
  const scale = scaleText(ctx.spec.inputScale);
  return {
    ...base(ctx),
    kind: 'pixel',
    title: `${CHANNEL_SHEETS[channel]} · pixel ${where(y, x)}`,
    lines: [`The ${CHANNEL_NAMES[channel]} level of this pixel, 0–255; the network reads it × ${scale}.`],
    inputs: [],
    terms: [],
    windows: [],
    touches: { count: 1, where: single(INPUT_SHEET, target) },
    equation: `${cellRef(INPUT_SHEET, target)} = ${String(ctx.value)} × ${scale}`,
    highlight: single(INPUT_SHEET, target),
  };
}

/** An Input cell: its pixel × the input scale. */
export function explainInput(ctx: ExplainContext, c: number, y: number, x: number): CellExplanation {
  const [, height, width] = ctx.shapes.input;
  const sourcePos = mapCell(1, height, width, 0, y, x);
  const sheet = CHANNEL_SHEETS[c];
  const pixel = readBlock(ctx.workbook, sheet, { ...sourcePos, rows: 1, cols: 1 }).number(sourcePos);
  const scale = scaleText(ctx.spec.inputScale);
  return {
    ...base(ctx),
    kind: 'input',
    title: `Input · ${sheet} ${where(y, x)}`,
    lines: [`The ${CHANNEL_NAMES[c]} level of the pixel (${pixel.source}) × ${scale}.`],
    inputs: [pixel],
    terms: [],
    windows: [],
    equation: `${short(pixel.value)} × ${scale} = ${String(ctx.value)}`,
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
  const padTop = convOutputGeometry(height, kernel, stride, padding).padBefore;
  const padLeft = convOutputGeometry(width, kernel, stride, padding).padBefore;
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
  const top = oy * stride - padTop;
  const left = ox * stride - padLeft;
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
        terms.push({ label: `${channelName(c)} ${where(y, x)}`, input: value, weight, product: value.value * weight.value });
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
  const sum = terms.reduce((s, t) => s + t.product, 0);
  const lines = [
    `Filter ${f + 1} laid over ${inSheet} at ${where(top, left)} (stride ${stride}, padding ${paddingText(padding)}).`,
    `Each window cell × the weight over it (one ${kernel}×${kernel} block per channel); the ${plural(terms.length, 'product')} are added up.`,
  ];
  if (cordon > 0) {
    lines.push(`${plural(cordon, 'window cell')} lie outside ${inSheet}: zero padding, adding 0.`);
  }
  lines.push(`Σ products = ${short(sum)}; + bias ${short(bias.value)} (${bias.source}) = ${short(sum + bias.value)}.`, ...shownText(ctx));
  return {
    ...base(ctx),
    kind: 'conv',
    title: `${convSheet(block)} · map ${f + 1}, ${where(oy, ox)}`,
    lines,
    inputs: terms.map((t) => t.input),
    terms,
    bias,
    windows,
    equation: `Σ ${terms.length} products (${short(sum)}) + bias (${short(bias.value)}) = ${String(ctx.value)}`,
    highlight: inside.length > 0 ? { sheet: inSheet, ranges: inside } : null,
  };
}

/** ReLU: max(0, the conv cell at the same place). */
export function explainRelu(ctx: ExplainContext, block: number, c: number, y: number, x: number): CellExplanation {
  const [channels, height, width] = ctx.shapes.blocks[block].conv;
  const pos = mapCell(channels, height, width, c, y, x);
  const source = readBlock(ctx.workbook, convSheet(block), { ...pos, rows: 1, cols: 1 }).number(pos);
  const passes = source.value > 0;
  return {
    ...base(ctx),
    kind: 'relu',
    title: `${reluSheet(block)} · map ${c + 1}, ${where(y, x)}`,
    lines: [
      `max(0, x) of ${source.source}: ${passes ? 'positive, so it passes unchanged' : 'not positive, so it becomes 0'}.`,
      ...shownText(ctx),
    ],
    inputs: [source],
    terms: [],
    windows: [],
    equation: `max(0, ${short(source.value)}) = ${String(ctx.value)}`,
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
  const largest = values[max.row][max.col];
  return {
    ...base(ctx),
    kind: 'pool',
    title: `${ctx.sheet} · map ${c + 1}, ${where(oy, ox)}`,
    lines: [
      `The ${pool.size}×${pool.size} window of ${sheet} map ${c + 1} at ${where(oy * pool.stride, ox * pool.stride)} keeps its largest value, ` +
        `${short(largest)} (${cellRef(sheet, { row: start.row + max.row, col: start.col + max.col })}): the strongest evidence survives.`,
      ...shownText(ctx),
    ],
    inputs,
    terms: [],
    windows: [{ caption: `${sheet} map ${c + 1}`, source: a1Range(sheet, range), values, max }],
    equation: `max(${inputs.map((n) => short(n.value)).join(', ')}) = ${String(ctx.value)}`,
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
    title: `Flatten · value ${n + 1} of ${channels * height * width}`,
    lines: [
      `A copy of ${sheet} map ${c + 1}, ${where(y, x)}: maps are laid end to end, each row by row, ` +
        `so value ${n + 1} = ${c} × ${height * width} + ${y} × ${width} + ${x + 1}.`,
      ...shownText(ctx),
    ],
    inputs: [source],
    terms: [],
    windows: [],
    equation: `${source.source} = ${String(ctx.value)}`,
    highlight: single(sheet, pos),
  };
}
