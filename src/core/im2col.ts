import type { ConvPlan } from './conv';

/*
 * The unrolled ("im2col") view of a convolution input: row q = (c, ky, kx) of the column matrix holds, for every
 * output position p = (oy, ox), the input value that weight q multiplies there (0 in the padding). A convolution
 * is then one matrix product, and its gradients two more.
 */

/** Number of rows (C·k·k) and columns (OH·OW) of the column matrix. */
export function columnsShape(plan: ConvPlan): { rows: number; cols: number } {
  return { rows: plan.channels * plan.kernel * plan.kernel, cols: plan.outHeight * plan.outWidth };
}

/** Fills cols[q·P + p] from the input x [C,H,W]. */
export function im2col(plan: ConvPlan, x: Float64Array, cols: Float64Array): void {
  const { channels: C, height: H, width: W, kernel: K, stride: S, outHeight: OH, outWidth: OW, padTop, padLeft } = plan;
  const { rowStart, rowEnd, colStart, colEnd } = plan;
  const P = OH * OW;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const plane = c * H * W;
    for (let ky = 0; ky < K; ky++) {
      const oyStart = rowStart[ky];
      const oyEnd = rowEnd[ky];
      for (let kx = 0; kx < K; kx++, row += P) {
        const oxStart = colStart[kx];
        const oxEnd = colEnd[kx];
        // Zero the padding rows whole, and the padding columns of the valid rows.
        cols.fill(0, row, row + oyStart * OW);
        cols.fill(0, row + oyEnd * OW, row + P);
        for (let oy = oyStart; oy < oyEnd; oy++) {
          const outRow = row + oy * OW;
          for (let j = outRow; j < outRow + oxStart; j++) cols[j] = 0;
          for (let j = outRow + oxEnd; j < outRow + OW; j++) cols[j] = 0;
          let i = plane + (oy * S + ky - padTop) * W + oxStart * S + kx - padLeft;
          for (let ox = oxStart; ox < oxEnd; ox++, i += S) cols[outRow + ox] = x[i];
        }
      }
    }
  }
}

/** The adjoint of im2col: dX [C,H,W] (overwritten) = Σ of every column-matrix entry into the input cell it came from. */
export function col2im(plan: ConvPlan, cols: Float64Array, dX: Float64Array): void {
  const { channels: C, height: H, width: W, kernel: K, stride: S, outHeight: OH, outWidth: OW, padTop, padLeft } = plan;
  const { rowStart, rowEnd, colStart, colEnd } = plan;
  const P = OH * OW;
  dX.fill(0);
  let row = 0;
  for (let c = 0; c < C; c++) {
    const plane = c * H * W;
    for (let ky = 0; ky < K; ky++) {
      const oyEnd = rowEnd[ky];
      for (let kx = 0; kx < K; kx++, row += P) {
        const oxStart = colStart[kx];
        const oxEnd = colEnd[kx];
        for (let oy = rowStart[ky]; oy < oyEnd; oy++) {
          const outRow = row + oy * OW;
          let i = plane + (oy * S + ky - padTop) * W + oxStart * S + kx - padLeft;
          for (let ox = oxStart; ox < oxEnd; ox++, i += S) dX[i] += cols[outRow + ox];
        }
      }
    }
  }
}
