import { matMulTransposed } from './gemm';
import { scratch, ScratchSlot } from './scratch';

/*
 * Winograd F(2×2, 3×3) (Lavin & Gray, 2015): each 2×2 block of outputs of a 3×3 stride-1 convolution comes from
 * a 4×4 input tile as Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A — 16 multiplications per input channel instead of 36.
 * Summed over channels, the element-wise products become 16 matrix products:
 *   M[ξ] (outCh × tiles) = U[ξ] (outCh × inCh) · V[ξ]ᵀ, with V[ξ] tiles × inCh,  ξ = 0..15,
 * with U the transformed filters and V the transformed input tiles. The transforms only add and halve, so the
 * result equals the direct convolution up to float64 rounding.
 */

/** Winograd serves 3×3 kernels at stride 1 (any padding); everything else uses the direct path. */
export function winogradApplies(kernel: number, stride: number): boolean {
  return kernel === 3 && stride === 1;
}

/**
 * U[ξ·outCh·inCh + o·inCh + i] = (G g Gᵀ)[ξ] for the 3×3 filter g linking input channel i to output channel o.
 * Forward: o = f, i = c, g = w[f][c]. For the input gradient the roles swap and the filter turns 180°:
 * o = c, i = f, g = w[f][c] rotated (the gradient of a correlation is a correlation with the rotated filter).
 */
function transformFilters(w: Float64Array, filters: number, channels: number, forInputGradient: boolean): Float64Array {
  const outCh = forInputGradient ? channels : filters;
  const inCh = forInputGradient ? filters : channels;
  const plane = outCh * inCh;
  const u = new Float64Array(16 * plane);
  // Tap j of the filter is w[base + j], or w[base + 8 − j] when rotated by 180°.
  const rotation = forInputGradient ? 8 : 0;
  for (let f = 0; f < filters; f++) {
    for (let c = 0; c < channels; c++) {
      const base = (f * channels + c) * 9;
      const g0 = w[base + Math.abs(rotation - 0)],
        g1 = w[base + Math.abs(rotation - 1)],
        g2 = w[base + Math.abs(rotation - 2)];
      const g3 = w[base + Math.abs(rotation - 3)],
        g4 = w[base + Math.abs(rotation - 4)],
        g5 = w[base + Math.abs(rotation - 5)];
      const g6 = w[base + Math.abs(rotation - 6)],
        g7 = w[base + Math.abs(rotation - 7)],
        g8 = w[base + Math.abs(rotation - 8)];
      const at = forInputGradient ? c * inCh + f : f * inCh + c;
      // t = G g (4×3), rows: g row 0, (r0 + r1 + r2)/2, (r0 − r1 + r2)/2, g row 2; then u = t Gᵀ along columns.
      writeFilterRow(u, at, 0, plane, g0, g1, g2);
      writeFilterRow(u, at, 1, plane, 0.5 * (g0 + g3 + g6), 0.5 * (g1 + g4 + g7), 0.5 * (g2 + g5 + g8));
      writeFilterRow(u, at, 2, plane, 0.5 * (g0 - g3 + g6), 0.5 * (g1 - g4 + g7), 0.5 * (g2 - g5 + g8));
      writeFilterRow(u, at, 3, plane, g6, g7, g8);
    }
  }
  return u;
}

/** Row r of (G g Gᵀ) from row r of G g = (a, b, d): a, (a + b + d)/2, (a − b + d)/2, d. */
function writeFilterRow(u: Float64Array, at: number, r: number, plane: number, a: number, b: number, d: number): void {
  u[4 * r * plane + at] = a;
  u[(4 * r + 1) * plane + at] = 0.5 * (a + b + d);
  u[(4 * r + 2) * plane + at] = 0.5 * (a - b + d);
  u[(4 * r + 3) * plane + at] = d;
}

interface CachedTransforms {
  /** The weights the transforms were computed from; compared in full before reuse, so in-place edits are seen. */
  readonly copy: Float64Array;
  /** The same numbers could be viewed as another [filters, channels] split, so the split is part of the key. */
  readonly filters: number;
  /** The weightsHeld() call in which the copy was last found equal to the weights (0: none). */
  heldIn: number;
  forward?: Float64Array;
  inputGradient?: Float64Array;
}

const transformCache = new WeakMap<Float64Array, CachedTransforms>();

/** The weightsHeld() call under way (0: none), and the last one's number. */
let held = 0;
let lastHeld = 0;

/**
 * run(), during which the caller promises that no weights change: each weights array is then compared with its
 * cached copy once, not at every use (a training step uses each block's filters in every pass, forward and
 * backward).
 */
export function weightsHeld<T>(run: () => T): T {
  const outer = held;
  held = ++lastHeld;
  try {
    return run();
  } finally {
    held = outer;
  }
}

/** Transformed filters, reused while the weights are unchanged (across the images of a batch, or many predictions). */
export function winogradFilters(
  w: Float64Array,
  filters: number,
  channels: number,
  forInputGradient: boolean,
): Float64Array {
  const entry = cachedTransforms(w, filters);
  if (forInputGradient) return (entry.inputGradient ??= transformFilters(w, filters, channels, true));
  return (entry.forward ??= transformFilters(w, filters, channels, false));
}

/** The cache's entry for these weights, fresh unless its copy still equals them (within weightsHeld(): did once). */
function cachedTransforms(w: Float64Array, filters: number): CachedTransforms {
  const entry = transformCache.get(w);
  if (
    entry !== undefined &&
    entry.filters === filters &&
    entry.copy.length === w.length &&
    ((held !== 0 && entry.heldIn === held) || sameValues(entry.copy, w))
  ) {
    entry.heldIn = held;
    return entry;
  }
  const fresh: CachedTransforms = { copy: Float64Array.from(w), filters, heldIn: held };
  transformCache.set(w, fresh);
  return fresh;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(a[i] !== a[i] && b[i] !== b[i])) return false;
  return true;
}

/** Output tiles of 2×2: tilesDown × tilesAcross cover an outHeight × outWidth output (edge tiles may hang over). */
export interface Tiling {
  readonly tilesDown: number;
  readonly tilesAcross: number;
  readonly tiles: number;
}

export function tiling(outHeight: number, outWidth: number): Tiling {
  const tilesDown = Math.ceil(outHeight / 2);
  const tilesAcross = Math.ceil(outWidth / 2);
  return { tilesDown, tilesAcross, tiles: tilesDown * tilesAcross };
}

/**
 * Where padTiles puts a [height, width] map: the padded map's size (to the extent of the tiles, every 4×4 tile
 * in bounds) and the map's rows firstRow ≤ y < lastRow and columns firstCol ≤ x < lastCol that land inside it
 * when moved down by padTop and right by padLeft (a negative pad drops rows or columns).
 */
export interface PadPlacement {
  readonly paddedHeight: number;
  readonly paddedWidth: number;
  readonly firstRow: number;
  readonly lastRow: number;
  readonly firstCol: number;
  readonly lastCol: number;
}

export function padPlacement(height: number, width: number, t: Tiling, padTop: number, padLeft: number): PadPlacement {
  const paddedHeight = 2 * t.tilesDown + 2;
  const paddedWidth = 2 * t.tilesAcross + 2;
  return {
    paddedHeight,
    paddedWidth,
    firstRow: Math.max(0, -padTop),
    lastRow: Math.min(height, paddedHeight - padTop),
    firstCol: Math.max(0, -padLeft),
    lastCol: Math.min(width, paddedWidth - padLeft),
  };
}

/**
 * padded[at ..] = x [channels, height, width] with its zero border: padTop rows above and padLeft columns to the
 * left, zeros to the extent of the tiles ([channels, 2·tilesDown + 2, 2·tilesAcross + 2]), every 4×4 tile in bounds.
 */
function padTiles(
  x: Float64Array,
  channels: number,
  height: number,
  width: number,
  t: Tiling,
  padTop: number,
  padLeft: number,
  padded: Float64Array,
  at: number,
): void {
  const { paddedHeight, paddedWidth, firstRow, lastRow, firstCol, lastCol } = padPlacement(
    height,
    width,
    t,
    padTop,
    padLeft,
  );
  const paddedPlane = paddedHeight * paddedWidth;
  padded.fill(0, at, at + channels * paddedPlane);
  for (let c = 0; c < channels; c++) {
    for (let y = firstRow; y < lastRow; y++) {
      const from = c * height * width + y * width;
      const shift = at + c * paddedPlane + (y + padTop) * paddedWidth + padLeft;
      for (let col = firstCol; col < lastCol; col++) padded[shift + col] = x[from + col];
    }
  }
}

/**
 * V[ξ·tiles·inCh + tile·tileStride + c·channelStride] = (Bᵀ d B)[ξ] for the 4×4 input tile d of channel c.
 * Tile-major (tileStride = inCh) feeds the forward products, channel-major (channelStride = tiles) the filter
 * gradient.
 */
function transformInput(
  x: Float64Array,
  inCh: number,
  height: number,
  width: number,
  t: Tiling,
  padTop: number,
  padLeft: number,
  tileStride: number,
  channelStride: number,
  v: Float64Array,
): void {
  const paddedWidth = 2 * t.tilesAcross + 2;
  const paddedPlane = (2 * t.tilesDown + 2) * paddedWidth;
  const padded = scratch(ScratchSlot.PaddedInput, inCh * paddedPlane);
  padTiles(x, inCh, height, width, t, padTop, padLeft, padded, 0);

  const xiStride = t.tiles * inCh;
  for (let c = 0; c < inCh; c++) {
    for (let ty = 0; ty < t.tilesDown; ty++) {
      for (let tx = 0; tx < t.tilesAcross; tx++) {
        const r0 = c * paddedPlane + 2 * ty * paddedWidth + 2 * tx;
        const r1 = r0 + paddedWidth;
        const r2 = r1 + paddedWidth;
        const r3 = r2 + paddedWidth;
        // Bᵀ d: rows d0 − d2, d1 + d2, d2 − d1, d1 − d3.
        const a0 = padded[r0] - padded[r2],
          a1 = padded[r0 + 1] - padded[r2 + 1],
          a2 = padded[r0 + 2] - padded[r2 + 2],
          a3 = padded[r0 + 3] - padded[r2 + 3];
        const b0 = padded[r1] + padded[r2],
          b1 = padded[r1 + 1] + padded[r2 + 1],
          b2 = padded[r1 + 2] + padded[r2 + 2],
          b3 = padded[r1 + 3] + padded[r2 + 3];
        const e0 = padded[r2] - padded[r1],
          e1 = padded[r2 + 1] - padded[r1 + 1],
          e2 = padded[r2 + 2] - padded[r1 + 2],
          e3 = padded[r2 + 3] - padded[r1 + 3];
        const h0 = padded[r1] - padded[r3],
          h1 = padded[r1 + 1] - padded[r3 + 1],
          h2 = padded[r1 + 2] - padded[r3 + 2],
          h3 = padded[r1 + 3] - padded[r3 + 3];
        // (Bᵀ d) B: the same combination along columns.
        const at = (ty * t.tilesAcross + tx) * tileStride + c * channelStride;
        v[at] = a0 - a2;
        v[at + xiStride] = a1 + a2;
        v[at + 2 * xiStride] = a2 - a1;
        v[at + 3 * xiStride] = a1 - a3;
        v[at + 4 * xiStride] = b0 - b2;
        v[at + 5 * xiStride] = b1 + b2;
        v[at + 6 * xiStride] = b2 - b1;
        v[at + 7 * xiStride] = b1 - b3;
        v[at + 8 * xiStride] = e0 - e2;
        v[at + 9 * xiStride] = e1 + e2;
        v[at + 10 * xiStride] = e2 - e1;
        v[at + 11 * xiStride] = e1 - e3;
        v[at + 12 * xiStride] = h0 - h2;
        v[at + 13 * xiStride] = h1 + h2;
        v[at + 14 * xiStride] = h2 - h1;
        v[at + 15 * xiStride] = h1 - h3;
      }
    }
  }
}

/**
 * out [outCh, OH, OW] = bias + 3×3 stride-1 correlation of x [inCh, H, W] (zero-padded by padTop/padLeft, and
 * by whatever the output size needs at the bottom/right) with the filters transformed into `u`.
 */
export function winogradConv(
  x: Float64Array,
  inCh: number,
  height: number,
  width: number,
  u: Float64Array,
  outCh: number,
  outHeight: number,
  outWidth: number,
  padTop: number,
  padLeft: number,
  bias: Float64Array | null,
  out: Float64Array,
): void {
  const t = tiling(outHeight, outWidth);
  const { tilesDown, tilesAcross, tiles } = t;
  const xiStride = tiles * inCh;
  const v = scratch(ScratchSlot.WinogradInput, 16 * xiStride);
  // M[ξ] = U[ξ] · V[ξ]ᵀ: the channel sums, as 16 matrix products, with V[ξ] tile-major (the JavaScript loops run
  // fastest along channels; the SIMD kernel takes V[ξ] in transposed).
  transformInput(x, inCh, height, width, t, padTop, padLeft, inCh, 1, v);
  const productStride = outCh * tiles;
  const m = scratch(ScratchSlot.WinogradProduct, 16 * productStride);
  const filterStride = outCh * inCh;
  for (let xi = 0; xi < 16; xi++)
    matMulTransposed(outCh, tiles, inCh, u, xi * filterStride, v, xi * xiStride, m, xi * productStride);

  // Y = Aᵀ M A per tile, plus bias; tiles hanging over an odd edge keep only their in-range outputs.
  const outPlane = outHeight * outWidth;
  const evenRows = outHeight % 2 === 0;
  const evenCols = outWidth % 2 === 0;
  for (let o = 0; o < outCh; o++) {
    const b = bias === null ? 0 : bias[o];
    for (let ty = 0; ty < tilesDown; ty++) {
      const lastTileRow = !evenRows && ty === tilesDown - 1;
      for (let tx = 0; tx < tilesAcross; tx++) {
        const at = o * tiles + ty * tilesAcross + tx;
        const m0 = m[at],
          m1 = m[at + productStride],
          m2 = m[at + 2 * productStride],
          m3 = m[at + 3 * productStride];
        const m4 = m[at + 4 * productStride],
          m5 = m[at + 5 * productStride],
          m6 = m[at + 6 * productStride],
          m7 = m[at + 7 * productStride];
        const m8 = m[at + 8 * productStride],
          m9 = m[at + 9 * productStride],
          m10 = m[at + 10 * productStride],
          m11 = m[at + 11 * productStride];
        const m12 = m[at + 12 * productStride],
          m13 = m[at + 13 * productStride],
          m14 = m[at + 14 * productStride],
          m15 = m[at + 15 * productStride];
        // Aᵀ M: rows r0 + r1 + r2 and r1 − r2 − r3; then the same along columns.
        const s0 = m0 + m4 + m8,
          s1 = m1 + m5 + m9,
          s2 = m2 + m6 + m10,
          s3 = m3 + m7 + m11;
        const q0 = m4 - m8 - m12,
          q1 = m5 - m9 - m13,
          q2 = m6 - m10 - m14,
          q3 = m7 - m11 - m15;
        const o0 = o * outPlane + 2 * ty * outWidth + 2 * tx;
        const lastTileCol = !evenCols && tx === tilesAcross - 1;
        out[o0] = b + s0 + s1 + s2;
        if (!lastTileCol) out[o0 + 1] = b + s1 - s2 - s3;
        if (!lastTileRow) {
          out[o0 + outWidth] = b + q0 + q1 + q2;
          if (!lastTileCol) out[o0 + outWidth + 1] = b + q1 - q2 - q3;
        }
      }
    }
  }
}

/**
 * dW [F, C, 3, 3] (overwritten) of a 3×3 stride-1 convolution: the forward algorithm run backwards. Each output
 * gradient tile dY becomes dM = A dY Aᵀ; dU[ξ] (F × C) = Σ_tiles dM[ξ] · V[ξ] is again 16 matrix products; and
 * dW = Gᵀ dU G. The forward algorithm is exact, so this is the exact gradient, with 16 instead of 36
 * multiplications per tile, filter and channel.
 */
export function winogradFilterGradient(
  x: Float64Array,
  channels: number,
  height: number,
  width: number,
  dOut: Float64Array,
  filters: number,
  outHeight: number,
  outWidth: number,
  padTop: number,
  padLeft: number,
  dW: Float64Array,
): void {
  const t = tiling(outHeight, outWidth);
  const { tiles } = t;
  const xiStride = tiles * channels;
  const v = scratch(ScratchSlot.WinogradInput, 16 * xiStride);
  transformInput(x, channels, height, width, t, padTop, padLeft, 1, tiles, v);

  // dM[ξ][f][tile] = (A dY Aᵀ)[ξ].
  const productStride = filters * tiles;
  const dm = scratch(ScratchSlot.WinogradProduct, 16 * productStride);
  gradientTiles(dOut, filters, outHeight, outWidth, t, dm, productStride);

  // dU[ξ] = dM[ξ] · V[ξ]ᵀ (V channel-major): sums over tiles.
  const filterStride = filters * channels;
  const du = scratch(ScratchSlot.WinogradFilterGradient, 16 * filterStride);
  for (let xi = 0; xi < 16; xi++) {
    matMulTransposed(filters, channels, tiles, dm, xi * productStride, v, xi * xiStride, du, xi * filterStride);
  }

  filterGradientFromTransformed(du, 0, filterStride, channels, 1, filters, channels, dW);
}

/**
 * dW [F, C, 3, 3] (overwritten) = Gᵀ dU G from the transformed filter gradient dU, whose entry ξ for filter f
 * and channel c is du[duOff + ξ·xiStride + f·filterStride + c·channelStride].
 */
export function filterGradientFromTransformed(
  du: Float64Array,
  duOff: number,
  xiStride: number,
  filterStride: number,
  channelStride: number,
  filters: number,
  channels: number,
  dW: Float64Array,
): void {
  // Rows (u0 + (u1 + u2)/2, (u1 − u2)/2, (u1 + u2)/2 + u3), then the same along columns.
  for (let f = 0; f < filters; f++) {
    for (let c = 0; c < channels; c++) {
      const at = duOff + f * filterStride + c * channelStride;
      const u0 = du[at],
        u1 = du[at + xiStride],
        u2 = du[at + 2 * xiStride],
        u3 = du[at + 3 * xiStride];
      const u4 = du[at + 4 * xiStride],
        u5 = du[at + 5 * xiStride],
        u6 = du[at + 6 * xiStride],
        u7 = du[at + 7 * xiStride];
      const u8 = du[at + 8 * xiStride],
        u9 = du[at + 9 * xiStride],
        u10 = du[at + 10 * xiStride],
        u11 = du[at + 11 * xiStride];
      const u12 = du[at + 12 * xiStride],
        u13 = du[at + 13 * xiStride],
        u14 = du[at + 14 * xiStride],
        u15 = du[at + 15 * xiStride];
      // Row combinations of the 4×4 dU (rows r0..r3 of 4 values each).
      const top0 = u0 + 0.5 * (u4 + u8),
        top1 = u1 + 0.5 * (u5 + u9),
        top2 = u2 + 0.5 * (u6 + u10),
        top3 = u3 + 0.5 * (u7 + u11);
      const mid0 = 0.5 * (u4 - u8),
        mid1 = 0.5 * (u5 - u9),
        mid2 = 0.5 * (u6 - u10),
        mid3 = 0.5 * (u7 - u11);
      const bot0 = 0.5 * (u4 + u8) + u12,
        bot1 = 0.5 * (u5 + u9) + u13,
        bot2 = 0.5 * (u6 + u10) + u14,
        bot3 = 0.5 * (u7 + u11) + u15;
      const w0 = (f * channels + c) * 9;
      dW[w0] = top0 + 0.5 * (top1 + top2);
      dW[w0 + 1] = 0.5 * (top1 - top2);
      dW[w0 + 2] = 0.5 * (top1 + top2) + top3;
      dW[w0 + 3] = mid0 + 0.5 * (mid1 + mid2);
      dW[w0 + 4] = 0.5 * (mid1 - mid2);
      dW[w0 + 5] = 0.5 * (mid1 + mid2) + mid3;
      dW[w0 + 6] = bot0 + 0.5 * (bot1 + bot2);
      dW[w0 + 7] = 0.5 * (bot1 - bot2);
      dW[w0 + 8] = 0.5 * (bot1 + bot2) + bot3;
    }
  }
}

/**
 * dm[ξ·xiStride + f·tiles + tile] = (A dY Aᵀ)[ξ] for the 2×2 tile of the output gradient
 * dY [filters, outHeight, outWidth] of filter f, with dY zero where an edge tile hangs over the output; tiles
 * contiguous, so the 16 planes are written in streams. (The batched path, with filters contiguous, has its own
 * kernel: wino_grad in src/core/simd/kernels.wat.)
 */
function gradientTiles(
  dOut: Float64Array,
  filters: number,
  outHeight: number,
  outWidth: number,
  t: Tiling,
  dm: Float64Array,
  xiStride: number,
): void {
  const { tilesDown, tilesAcross, tiles } = t;
  const outPlane = outHeight * outWidth;
  const evenRows = outHeight % 2 === 0;
  const evenCols = outWidth % 2 === 0;
  const writeTile = (f: number, ty: number, tx: number): void => {
    const lastTileRow = !evenRows && ty === tilesDown - 1;
    const lastTileCol = !evenCols && tx === tilesAcross - 1;
    const o0 = f * outPlane + 2 * ty * outWidth + 2 * tx;
    const y00 = dOut[o0];
    const y01 = lastTileCol ? 0 : dOut[o0 + 1];
    const y10 = lastTileRow ? 0 : dOut[o0 + outWidth];
    const y11 = lastTileRow || lastTileCol ? 0 : dOut[o0 + outWidth + 1];
    // A dY: rows (y0·), (y0· + y1·), (y0· − y1·), (−y1·); then (a, b) → (a, a + b, a − b, −b) along columns.
    const at = f * tiles + ty * tilesAcross + tx;
    writeGradientRow(dm, at, 0, xiStride, y00, y01);
    writeGradientRow(dm, at, 1, xiStride, y00 + y10, y01 + y11);
    writeGradientRow(dm, at, 2, xiStride, y00 - y10, y01 - y11);
    writeGradientRow(dm, at, 3, xiStride, -y10, -y11);
  };
  for (let f = 0; f < filters; f++)
    for (let ty = 0; ty < tilesDown; ty++) for (let tx = 0; tx < tilesAcross; tx++) writeTile(f, ty, tx);
}

/** Row r of A dY Aᵀ from row r of A dY = (a, b): a, a + b, a − b, −b. */
function writeGradientRow(dm: Float64Array, at: number, r: number, stride: number, a: number, b: number): void {
  dm[4 * r * stride + at] = a;
  dm[(4 * r + 1) * stride + at] = a + b;
  dm[(4 * r + 2) * stride + at] = a - b;
  dm[(4 * r + 3) * stride + at] = -b;
}
