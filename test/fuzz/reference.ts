/**
 * Straightforward reference implementations for the fuzz suite, written from the definitions with plain loops
 * and nested arrays: they share no code with src/core or src/sheet, so a bug in either cannot hide here.
 * Maps are number[c][y][x]; a grid is number|'' rows as a sheet holds them (the README's layout: ceil(√C)
 * blocks across, one blank row and column between blocks).
 */
export type Maps = number[][][];
export type GridCell = number | string;

/** A value and the sum of the magnitudes that made it, so a comparison can allow for rounding. */
export interface Computed {
  readonly value: number;
  readonly scale: number;
}

export function blocksAcross(channels: number): number {
  return Math.ceil(Math.sqrt(channels));
}

/** C maps of H×W as a grid of blocks. */
export function mapsToGrid(maps: Maps): GridCell[][] {
  const channels = maps.length;
  const height = maps[0].length;
  const width = maps[0][0].length;
  const across = blocksAcross(channels);
  const down = Math.ceil(channels / across);
  const grid: GridCell[][] = Array.from({ length: down * (height + 1) - 1 }, () =>
    new Array<GridCell>(across * (width + 1) - 1).fill(''),
  );
  maps.forEach((map, c) => {
    const top = Math.floor(c / across) * (height + 1);
    const left = (c % across) * (width + 1);
    map.forEach((row, y) => row.forEach((v, x) => (grid[top + y][left + x] = v)));
  });
  return grid;
}

/** Filters number[f][c][ky][kx] as one row of k×k blocks per filter, one block per channel. */
export function filtersToGrid(filters: number[][][][]): GridCell[][] {
  const channels = filters[0].length;
  const k = filters[0][0].length;
  const grid: GridCell[][] = Array.from({ length: filters.length * (k + 1) - 1 }, () =>
    new Array<GridCell>(channels * (k + 1) - 1).fill(''),
  );
  filters.forEach((filter, f) =>
    filter.forEach((block, c) =>
      block.forEach((row, y) => row.forEach((v, x) => (grid[f * (k + 1) + y][c * (k + 1) + x] = v))),
    ),
  );
  return grid;
}

/** The maps back from a grid of blocks (the result of a function). */
export function gridToMaps(
  grid: readonly (readonly GridCell[])[],
  channels: number,
  height: number,
  width: number,
): GridCell[][][] {
  const across = blocksAcross(channels);
  return Array.from({ length: channels }, (_, c) => {
    const top = Math.floor(c / across) * (height + 1);
    const left = (c % across) * (width + 1);
    return Array.from({ length: height }, (_y, y) => Array.from({ length: width }, (_x, x) => grid[top + y][left + x]));
  });
}

/** Output size and leading padding along one axis (TensorFlow's rule for 'same'). */
export function convAxis(
  size: number,
  k: number,
  stride: number,
  padding: 'valid' | 'same' | number,
): { out: number; before: number } {
  if (padding === 'valid') return { out: Math.floor((size - k) / stride) + 1, before: 0 };
  if (padding === 'same') {
    const out = Math.ceil(size / stride);
    return { out, before: Math.floor(Math.max((out - 1) * stride + k - size, 0) / 2) };
  }
  return { out: Math.floor((size + 2 * padding - k) / stride) + 1, before: padding };
}

/** out[f][oy][ox] = b[f] + Σ w[f][c][ky][kx]·x[c][oy·s+ky−top][ox·s+kx−left], zeros outside. */
export function conv2d(
  x: Maps,
  w: number[][][][],
  b: number[],
  stride: number,
  padding: 'valid' | 'same' | number,
): Computed[][][] {
  const k = w[0][0].length;
  const rows = convAxis(x[0].length, k, stride, padding);
  const cols = convAxis(x[0][0].length, k, stride, padding);
  return w.map((filter, f) =>
    Array.from({ length: rows.out }, (_r, oy) =>
      Array.from({ length: cols.out }, (_c, ox) => {
        let value = b[f];
        let scale = Math.abs(b[f]);
        filter.forEach((block, c) =>
          block.forEach((wrow, ky) =>
            wrow.forEach((weight, kx) => {
              const y = oy * stride + ky - rows.before;
              const xx = ox * stride + kx - cols.before;
              if (y < 0 || y >= x[c].length || xx < 0 || xx >= x[c][0].length) return;
              value += weight * x[c][y][xx];
              scale += Math.abs(weight * x[c][y][xx]);
            }),
          ),
        );
        return { value, scale };
      }),
    ),
  );
}

export function maxPool(x: Maps, size: number, stride: number): number[][][] {
  return x.map((map) =>
    Array.from({ length: Math.floor((map.length - size) / stride) + 1 }, (_r, oy) =>
      Array.from({ length: Math.floor((map[0].length - size) / stride) + 1 }, (_c, ox) => {
        let best = -Infinity;
        for (let y = 0; y < size; y++)
          for (let xx = 0; xx < size; xx++) best = Math.max(best, map[oy * stride + y][ox * stride + xx]);
        return best;
      }),
    ),
  );
}

/** Channel by channel, row by row. */
export function flatten(x: Maps): number[] {
  return x.flatMap((map) => map.flat());
}

export function dense(v: number[], w: number[][], b: number[]): Computed[] {
  return b.map((bias, k) => {
    let value = bias;
    let scale = Math.abs(bias);
    v.forEach((x, i) => {
      value += x * w[i][k];
      scale += Math.abs(x * w[i][k]);
    });
    return { value, scale };
  });
}

/** exp(z − max) / Σ exp(z − max). */
export function softmax(z: number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / sum);
}

export function crossEntropy(p: number[], label: number): number {
  return -Math.log(p[label]);
}

/** KL(p ‖ q) of p and q each divided by its sum, as KLDIV documents; 0·ln(0/q) = 0. */
export function klDivergence(p: number[], q: number[]): number {
  const sp = p.reduce((a, v) => a + v, 0);
  const sq = q.reduce((a, v) => a + v, 0);
  let sum = 0;
  p.forEach((pv, k) => {
    const a = pv / sp;
    const b = q[k] / sq;
    if (a > 0) sum += a * (Math.log(a) - Math.log(b));
  });
  return Math.max(0, sum);
}
