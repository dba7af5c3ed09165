import type { SimdKernels } from './kernels';
import { allocate, f32, f64, i32 } from './wasm-heap';
import { filterGradientFromTransformed, padPlacement, tiling, winogradFilters } from '../winograd';
import type { Tiling } from '../winograd';

/*
 * A 3×3 stride-1 convolution layer for a whole batch in the kernels' memory, by Winograd F(2×2, 3×3) as in
 * src/core/winograd.ts: every image's tiles are transformed into one V[ξ] (channels × all tiles of the batch),
 * so each of the 16 products runs once per batch over the filters transformed once, and the output transform
 * adds the bias. The transformed inputs stay in memory for the filter gradient, which sums over every tile of
 * the batch in one product per ξ.
 * The transforms compute in float64. The products run in float64 for what the sheets show (results equal the
 * per-image path up to rounding), or in float32 for training (ProductPrecision).
 */

/**
 * 'float64': the transformed tiles and filters are kept as doubles and multiplied two at a time (mm_ab).
 * 'float32': they are rounded to float32 as they are written, multiplied and summed four at a time (mm_ab32), and
 * the sums come back as doubles; the filter gradient's tiles are always float32 (only training asks for it).
 */
export type ProductPrecision = 'float64' | 'float32';

const VALUE_BYTES: Readonly<Record<ProductPrecision, 4 | 8>> = { float64: 8, float32: 4 };
/** The product kernel's columns per register block (mm_ab 4, mm_ab32 8): n must be a multiple of it. */
const COLUMN_BLOCK: Readonly<Record<ProductPrecision, number>> = { float64: 4, float32: 8 };

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

/** The memory as values of `precision`'s size. */
const valuesView = (kernels: SimdKernels, precision: ProductPrecision): Float32Array | Float64Array =>
  precision === 'float32' ? f32(kernels) : f64(kernels);

/** Byte offset of `count` fresh values of `precision`'s size (allocate counts doubles). */
const allocateValues = (kernels: SimdKernels, count: number, precision: ProductPrecision): number =>
  allocate(kernels, Math.ceil((count * VALUE_BYTES[precision]) / 8));

/** Shapes of one layer: input [C, H, W] → output [F, OH, OW], zero-padded by padTop/padLeft. */
export interface WinogradLayer {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly filters: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** A batch's transformed maps V[ξ][row][column] in the kernels' memory; row r < channels is channel r. */
export interface TransformedBatch {
  /** Byte offset. */
  readonly at: number;
  /** How V's values are stored, and so which product kernel reads them. */
  readonly precision: ProductPrecision;
  /** Channel rows, padded to a multiple of 4; the padding rows are never summed and only reach dropped outputs. */
  readonly rows: number;
  /** Columns: tiles of all images, then zeros up to a multiple of 4, or 8 in float32 (at least one column of them). */
  readonly columns: number;
  readonly tiling: Tiling;
}

/**
 * Pads each map set [channels, height, width] (by padTop/padLeft, zeros up to the tiles' extent) and transforms
 * its 4×4 tiles into V, image after image along the columns.
 */
function transformBatch(
  kernels: SimdKernels,
  maps: readonly Float64Array[],
  channels: number,
  height: number,
  width: number,
  t: Tiling,
  padTop: number,
  padLeft: number,
  precision: ProductPrecision,
): TransformedBatch {
  const bytes = VALUE_BYTES[precision];
  const rows = roundUp(channels, 4);
  const used = maps.length * t.tiles;
  // At least one padding column: wino_in's last pair of an odd row of tiles may land there (cleared below), and
  // wino_out_pool2's may read M there.
  const columns = roundUp(used + 1, COLUMN_BLOCK[precision]);
  const at = allocateValues(kernels, 16 * rows * columns, precision);
  const place = padPlacement(height, width, t, padTop, padLeft);
  const { paddedHeight, paddedWidth } = place;
  // Two spare doubles: that pair's second tile reads two past the last row.
  const padded = allocate(kernels, channels * paddedHeight * paddedWidth + 2);
  const size = channels * height * width;
  const staged = allocate(kernels, size);
  const memory = f64(kernels);
  maps.forEach((x, image) => {
    // Copied in whole (a native copy), then padded by the kernels, which copy rows faster than a JavaScript loop.
    memory.set(x.subarray(0, size), staged / 8);
    kernels.pad_maps(
      staged,
      channels,
      height,
      width,
      padded,
      paddedHeight,
      paddedWidth,
      padTop,
      padLeft,
      place.firstRow,
      place.lastRow,
      place.firstCol,
      place.lastCol,
    );
    kernels.wino_in(
      padded,
      channels,
      paddedHeight,
      paddedWidth,
      t.tilesDown,
      t.tilesAcross,
      at + image * t.tiles * bytes,
      columns * bytes,
      rows * columns * bytes,
      precision === 'float32' ? 1 : 0,
    );
  });
  // The padding columns enter the filter gradient's sums: zeros there, one to eight a row, written in a plain
  // loop (a call to fill per row cost more than the writes).
  const values = valuesView(kernels, precision);
  for (let row = 0; row < 16 * rows; row++)
    for (let cell = at / bytes + row * columns + used, end = at / bytes + (row + 1) * columns; cell < end; cell++)
      values[cell] = 0;
  return { at, precision, rows, columns, tiling: t };
}

/**
 * Transformed filters in the layout mm_ab reads: [ξ][outCh padded to 4][inCh], the padding rows zero.
 * `forInputGradient` gives the rotated filters of the input gradient (outCh = channels, inCh = filters).
 */
function placeFilters(
  kernels: SimdKernels,
  w: Float64Array,
  filters: number,
  channels: number,
  forInputGradient: boolean,
  precision: ProductPrecision,
): { at: number; rows: number } {
  const u = winogradFilters(w, filters, channels, forInputGradient);
  const outCh = forInputGradient ? channels : filters;
  const inCh = forInputGradient ? filters : channels;
  const rows = roundUp(outCh, 4);
  const at = allocateValues(kernels, 16 * rows * inCh, precision);
  const memory = valuesView(kernels, precision);
  const plane = outCh * inCh;
  for (let xi = 0; xi < 16; xi++) {
    const to = at / VALUE_BYTES[precision] + xi * rows * inCh;
    memory.set(u.subarray(xi * plane, (xi + 1) * plane), to);
    memory.fill(0, to + plane, to + rows * inCh);
  }
  return { at, rows };
}

/**
 * M[ξ] = U[ξ] · V[ξ] for the 16 ξ in V's precision (U placed in it): [ξ][u.rows][v.columns] doubles at the
 * returned byte offset.
 */
function tileProducts(
  kernels: SimdKernels,
  u: { at: number; rows: number },
  inCh: number,
  v: TransformedBatch,
): number {
  const m = allocate(kernels, 16 * u.rows * v.columns);
  const product = v.precision === 'float32' ? kernels.mm_ab32 : kernels.mm_ab;
  const bytes = VALUE_BYTES[v.precision];
  for (let xi = 0; xi < 16; xi++) {
    product(
      u.rows,
      v.columns,
      inCh,
      u.at + xi * u.rows * inCh * bytes,
      v.at + xi * v.rows * v.columns * bytes,
      m + xi * u.rows * v.columns * 8,
    );
  }
  return m;
}

/** The forward pass's tile products for the batch, and the bias placed in the kernels' memory. */
interface ForwardProducts {
  readonly v: TransformedBatch;
  /** M's byte offset; image n's tiles start n · tiles doubles further. */
  readonly m: number;
  /** Bytes from one filter's row of M to the next, and from one ξ to the next. */
  readonly fStride: number;
  readonly xiStride: number;
  /** The bias's byte offset. */
  readonly bias: number;
}

function forwardProducts(
  kernels: SimdKernels,
  layer: WinogradLayer,
  inputs: readonly Float64Array[],
  w: Float64Array,
  b: Float64Array,
  precision: ProductPrecision,
): ForwardProducts {
  const { channels: C, height: H, width: W, filters: F, outHeight: OH, outWidth: OW } = layer;
  const v = transformBatch(kernels, inputs, C, H, W, tiling(OH, OW), layer.padTop, layer.padLeft, precision);
  const u = placeFilters(kernels, w, F, C, false, precision);
  const m = tileProducts(kernels, u, C, v);
  const bias = allocate(kernels, F);
  f64(kernels).set(b.subarray(0, F), bias / 8);
  return { v, m, fStride: v.columns * 8, xiStride: u.rows * v.columns * 8, bias };
}

/**
 * conv = bias + 3×3 stride-1 correlation for every image of the batch, handed to `receive` image by image as
 * [F, OH, OW] in the kernels' memory (valid until receive returns). Returns the transformed inputs, which stay
 * in the kernels' memory (until the caller releases it) for the filter gradient.
 */
export function winogradBatchForward(
  kernels: SimdKernels,
  layer: WinogradLayer,
  inputs: readonly Float64Array[],
  w: Float64Array,
  b: Float64Array,
  precision: ProductPrecision,
  receive: (conv: Float64Array, image: number) => void,
): TransformedBatch {
  const { filters: F, outHeight: OH, outWidth: OW } = layer;
  const { v, m, fStride, xiStride, bias } = forwardProducts(kernels, layer, inputs, w, b, precision);
  const t = v.tiling;
  const size = F * OH * OW;
  const conv = allocate(kernels, size);
  inputs.forEach((_, image) => {
    kernels.wino_out(m + image * t.tiles * 8, F, t.tilesDown, t.tilesAcross, OH, OW, fStride, xiStride, bias, 1, conv);
    receive(f64(kernels).subarray(conv / 8, conv / 8 + size), image);
  });
  return v;
}

/** One image's block output after ReLU and the 2×2 pool, and each pool window's winner when asked for. */
export interface PooledImage {
  /** [F, OH / 2, OW / 2] (rounded down). */
  readonly pooled: Float64Array;
  /** Per pooled value, the index into the convolution's [F, OH, OW] of the cell that won; null when not kept. */
  readonly winners: Int32Array | null;
}

/**
 * winogradBatchForward's convolutions taken straight through ReLU and the 2×2 max pool moved by 2, without their
 * maps: the pooled maps (and winners) maxPoolWithArgmax(conv, 2, 2, 0) gives, exactly. The convolutions must be
 * finite (the range rule admits finite inputs and weights; the caller checks the bias). The pooled maps are new
 * arrays, or views of `into` (every image's, side by side) when given. Returns the transformed inputs as
 * winogradBatchForward does.
 */
export function winogradBatchForwardPooled(
  kernels: SimdKernels,
  layer: WinogradLayer,
  inputs: readonly Float64Array[],
  w: Float64Array,
  b: Float64Array,
  precision: ProductPrecision,
  keepWinners: boolean,
  into?: Float64Array,
): { pooled: PooledImage[]; transformed: TransformedBatch } {
  const { filters: F, outHeight: OH, outWidth: OW } = layer;
  const { v, m, fStride, xiStride, bias } = forwardProducts(kernels, layer, inputs, w, b, precision);
  const t = v.tiling;
  const size = F * (OH >> 1) * (OW >> 1);
  const out = allocate(kernels, size);
  const winners = allocate(kernels, Math.ceil(size / 2)); // 32-bit integers, in doubles' room
  const pooled = inputs.map((_, image): PooledImage => {
    kernels.wino_out_pool2(
      m + image * t.tiles * 8,
      F,
      OH,
      OW,
      t.tilesAcross,
      fStride,
      xiStride,
      bias,
      out,
      winners,
      keepWinners ? 1 : 0,
    );
    const maps = f64(kernels).subarray(out / 8, out / 8 + size);
    into?.set(maps, image * size);
    return {
      pooled: into ? into.subarray(image * size, (image + 1) * size) : maps.slice(),
      winners: keepWinners ? i32(kernels).slice(winners / 4, winners / 4 + size) : null,
    };
  });
  return { pooled, transformed: v };
}

/**
 * dW [F, C, 3, 3] (overwritten) summed over the batch, from the forward pass's transformed inputs and each
 * image's gradient at the convolution output dConv [F, OH, OW]: dU[ξ]ᵀ = V[ξ] · dM[ξ]ᵀ sums over all tiles,
 * with dM written tile by tile (dM[ξ]ᵀ is tiles × filters), in float32 (training's precision; V must be float32).
 */
export function winogradBatchFilterGradient(
  kernels: SimdKernels,
  layer: WinogradLayer,
  v: TransformedBatch,
  dConv: readonly Float64Array[],
  dW: Float64Array,
): void {
  if (v.precision !== 'float32')
    throw new Error('winogradBatchFilterGradient: the forward pass must transform its inputs in float32');
  const { channels: C, filters: F, outHeight: OH, outWidth: OW } = layer;
  const t = v.tiling;
  const bytes = VALUE_BYTES.float32;
  const filters = roundUp(F, COLUMN_BLOCK.float32);
  const xiStride = v.columns * filters;
  const dm = allocateValues(kernels, 16 * xiStride, 'float32');
  const du = allocate(kernels, 16 * v.rows * filters);
  // wino_grad takes filters in pairs: an odd F's last pair reads one map more, of zeros, into a padding column.
  const size = F * OH * OW;
  const dy = allocate(kernels, size + OH * OW);
  const memory = f64(kernels);
  memory.fill(0, dy / 8 + size, dy / 8 + size + OH * OW);
  const used = dConv.length * t.tiles;
  dConv.forEach((d, image) => {
    memory.set(d.subarray(0, size), dy / 8);
    kernels.wino_grad(
      dy,
      F,
      OH,
      OW,
      t.tilesDown,
      t.tilesAcross,
      dm + image * t.tiles * filters * bytes,
      filters * bytes,
      xiStride * bytes,
    );
  });
  // The padding tiles enter the sums: zeros there.
  const floats = f32(kernels);
  for (let xi = 0; xi < 16; xi++) {
    const start = dm / bytes + xi * xiStride;
    floats.fill(0, start + used * filters, start + xiStride);
  }
  for (let xi = 0; xi < 16; xi++) {
    kernels.mm_ab32(
      v.rows,
      filters,
      v.columns,
      v.at + xi * v.rows * v.columns * bytes,
      dm + xi * xiStride * bytes,
      du + xi * v.rows * filters * 8,
    );
  }
  filterGradientFromTransformed(f64(kernels), du / 8, v.rows * filters, 1, filters, F, C, dW);
}

/**
 * Each image's input gradient dX [C, H, W] (overwritten): the 3×3 correlation of dConv with the rotated filters,
 * padded by 2 − padTop and 2 − padLeft, for the whole batch at once.
 */
export function winogradBatchInputGradient(
  kernels: SimdKernels,
  layer: WinogradLayer,
  w: Float64Array,
  dConv: readonly Float64Array[],
  dX: readonly Float64Array[],
  precision: ProductPrecision,
): void {
  const { channels: C, height: H, width: W, filters: F, outHeight: OH, outWidth: OW } = layer;
  const t = tiling(H, W);
  const v = transformBatch(kernels, dConv, F, OH, OW, t, 2 - layer.padTop, 2 - layer.padLeft, precision);
  const u = placeFilters(kernels, w, F, C, true, precision);
  const m = tileProducts(kernels, u, F, v);
  const out = allocate(kernels, C * H * W);
  dX.forEach((dx, image) => {
    kernels.wino_out(
      m + image * t.tiles * 8,
      C,
      t.tilesDown,
      t.tilesAcross,
      H,
      W,
      v.columns * 8,
      u.rows * v.columns * 8,
      0,
      0,
      out,
    );
    dx.set(f64(kernels).subarray(out / 8, out / 8 + C * H * W));
  });
}
