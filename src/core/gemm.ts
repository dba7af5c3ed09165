/*
 * Small dense matrix products on flat row-major Float64Arrays, the inner loops of every convolution.
 * Register blocking (several outputs accumulated in locals at once) cuts array loads per multiply-add below
 * the two of a plain dot product; array offsets let callers multiply slices of bigger buffers without copies.
 * Where the host runs WebAssembly SIMD, products big enough to repay copying their operands run there instead
 * (src/core/simd); both compute in float64 and differ only in rounding.
 */
import { simdKernels } from './simd/kernels';
import { simdMatMul } from './simd/gemm-simd';

/**
 * Below this many multiply-adds, copying the operands into WebAssembly memory costs more than it saves; and the
 * SIMD kernel runs in blocks along the columns of C (n), which must be long enough to fill them (measured: a
 * product with 3 columns in the blocked dimension ran 5× slower on SIMD than in JavaScript).
 */
const SIMD_MIN_MACS = 2048;
const SIMD_MIN_RUN = 16;

/** The SIMD kernels when an m×depth by depth×n product is big enough to repay the copies, else null. */
const kernelsFor = (m: number, n: number, depth: number) =>
  n >= SIMD_MIN_RUN && m * n * depth >= SIMD_MIN_MACS ? simdKernels() : null;

/**
 * c[cOff + i·n + j] = Σ_k a[aOff + i·depth + k] · b[bOff + j·depth + k]   (C = A·Bᵀ; A is m×depth, B is n×depth).
 */
export function matMulTransposed(
  m: number,
  n: number,
  depth: number,
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
): void {
  const kernels = kernelsFor(m, n, depth);
  if (kernels !== null) simdMatMul(kernels, m, n, depth, a, aOff, b, bOff, c, cOff, true);
  else jsMatMulTransposed(m, n, depth, a, aOff, b, bOff, c, cOff);
}

/** c[cOff + i·n + j] = Σ_k a[aOff + i·depth + k] · b[bOff + k·n + j]   (C = A·B; A is m×depth, B is depth×n). */
export function matMul(
  m: number,
  n: number,
  depth: number,
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
): void {
  const kernels = kernelsFor(m, n, depth);
  if (kernels !== null) simdMatMul(kernels, m, n, depth, a, aOff, b, bOff, c, cOff, false);
  else jsMatMul(m, n, depth, a, aOff, b, bOff, c, cOff);
}

/** C = A·Bᵀ in JavaScript: both operands are read along contiguous rows, 4 rows of A by 2 rows of B at a time. */
function jsMatMulTransposed(
  m: number,
  n: number,
  depth: number,
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
): void {
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const a0 = aOff + i * depth;
    const a1 = a0 + depth;
    const a2 = a1 + depth;
    const a3 = a2 + depth;
    const c0 = cOff + i * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const b0 = bOff + j * depth;
      const b1 = b0 + depth;
      let s00 = 0,
        s01 = 0,
        s10 = 0,
        s11 = 0,
        s20 = 0,
        s21 = 0,
        s30 = 0,
        s31 = 0;
      for (let k = 0; k < depth; k++) {
        const x0 = b[b0 + k];
        const x1 = b[b1 + k];
        const y0 = a[a0 + k];
        const y1 = a[a1 + k];
        const y2 = a[a2 + k];
        const y3 = a[a3 + k];
        s00 += y0 * x0;
        s01 += y0 * x1;
        s10 += y1 * x0;
        s11 += y1 * x1;
        s20 += y2 * x0;
        s21 += y2 * x1;
        s30 += y3 * x0;
        s31 += y3 * x1;
      }
      c[c0 + j] = s00;
      c[c0 + j + 1] = s01;
      c[c1 + j] = s10;
      c[c1 + j + 1] = s11;
      c[c2 + j] = s20;
      c[c2 + j + 1] = s21;
      c[c3 + j] = s30;
      c[c3 + j + 1] = s31;
    }
    if (j < n) {
      const b0 = bOff + j * depth;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let k = 0; k < depth; k++) {
        const x = b[b0 + k];
        s0 += a[a0 + k] * x;
        s1 += a[a1 + k] * x;
        s2 += a[a2 + k] * x;
        s3 += a[a3 + k] * x;
      }
      c[c0 + j] = s0;
      c[c1 + j] = s1;
      c[c2 + j] = s2;
      c[c3 + j] = s3;
    }
  }
  // Leftover rows of A (m not a multiple of 4): one row against 4 rows of B at a time.
  for (; i < m; i++) {
    const a0 = aOff + i * depth;
    const c0 = cOff + i * n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const b0 = bOff + j * depth;
      const b1 = b0 + depth;
      const b2 = b1 + depth;
      const b3 = b2 + depth;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let k = 0; k < depth; k++) {
        const y = a[a0 + k];
        s0 += y * b[b0 + k];
        s1 += y * b[b1 + k];
        s2 += y * b[b2 + k];
        s3 += y * b[b3 + k];
      }
      c[c0 + j] = s0;
      c[c0 + j + 1] = s1;
      c[c0 + j + 2] = s2;
      c[c0 + j + 3] = s3;
    }
    for (; j < n; j++) {
      const b0 = bOff + j * depth;
      let s = 0;
      for (let k = 0; k < depth; k++) s += a[a0 + k] * b[b0 + k];
      c[c0 + j] = s;
    }
  }
}

/** C = A·B in JavaScript: rows of C are built by adding scaled rows of B, 2 rows of C and 4 rows of B at a time. */
function jsMatMul(
  m: number,
  n: number,
  depth: number,
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
): void {
  c.fill(0, cOff, cOff + m * n);
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = aOff + i * depth;
    const a1 = a0 + depth;
    const c0 = cOff + i * n;
    const c1 = c0 + n;
    let k = 0;
    for (; k + 3 < depth; k += 4) {
      const p0 = a[a0 + k],
        p1 = a[a0 + k + 1],
        p2 = a[a0 + k + 2],
        p3 = a[a0 + k + 3];
      const q0 = a[a1 + k],
        q1 = a[a1 + k + 1],
        q2 = a[a1 + k + 2],
        q3 = a[a1 + k + 3];
      const b0 = bOff + k * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        const x0 = b[b0 + j];
        const x1 = b[b1 + j];
        const x2 = b[b2 + j];
        const x3 = b[b3 + j];
        c[c0 + j] += p0 * x0 + p1 * x1 + p2 * x2 + p3 * x3;
        c[c1 + j] += q0 * x0 + q1 * x1 + q2 * x2 + q3 * x3;
      }
    }
    for (; k < depth; k++) {
      const p = a[a0 + k];
      const q = a[a1 + k];
      const b0 = bOff + k * n;
      for (let j = 0; j < n; j++) {
        const x = b[b0 + j];
        c[c0 + j] += p * x;
        c[c1 + j] += q * x;
      }
    }
  }
  if (i < m) {
    const a0 = aOff + i * depth;
    const c0 = cOff + i * n;
    for (let k = 0; k < depth; k++) {
      const p = a[a0 + k];
      const b0 = bOff + k * n;
      for (let j = 0; j < n; j++) c[c0 + j] += p * b[b0 + j];
    }
  }
}
