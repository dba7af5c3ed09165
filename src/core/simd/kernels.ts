import kernelsWasmBase64 from './kernels.wat';

/*
 * Which matrix-product kernels run: WebAssembly SIMD (f64x2) where the host can run it, the JavaScript loops
 * otherwise. Apps Script's runtime is not documented to offer WebAssembly, and a browser or Node may lack
 * SIMD, so the module is validated and instantiated on first use and any failure means JavaScript. Both paths
 * compute in float64 and agree to rounding, except training's Winograd tile products, which the SIMD path runs in
 * float32 (src/core/simd/winograd-batch.ts) and which agree to float32's rounding.
 */

export type KernelPath = 'wasm-simd' | 'javascript';
/** How each path is named to users (Help → Check this spreadsheet, the Build panel's training estimate). */
export const KERNEL_PATH_NAMES: Readonly<Record<KernelPath, string>> = {
  'wasm-simd': 'WebAssembly SIMD',
  javascript: 'JavaScript loops',
};
/** 'auto' uses WebAssembly SIMD when the host has it; 'javascript' forces the fallback (tests, comparisons). */
export type KernelChoice = 'auto' | 'javascript';

export interface SimdKernels {
  readonly memory: WebAssembly.Memory;
  /** C = A·B (m×depth · depth×n); m, n multiples of 4. Offsets in bytes. */
  mm_ab(m: number, n: number, depth: number, a: number, b: number, c: number): void;
  /** C (float64) = A·B with A and B in float32; m a multiple of 4, n of 8. Offsets in bytes. */
  mm_ab32(m: number, n: number, depth: number, a: number, b: number, c: number): void;
  /** Winograd input transform of one padded image [C][PH][PW] into V[ξ][c][tile] (byte strides); float32 if f32 = 1. */
  wino_in(
    p: number,
    C: number,
    PH: number,
    PW: number,
    TD: number,
    TA: number,
    v: number,
    cStride: number,
    xiStride: number,
    f32: number,
  ): void;
  /** Winograd output transform of one image's M[ξ][f][tile] into out [F][OH][OW], plus bias when hasBias is 1. */
  wino_out(
    m: number,
    F: number,
    TD: number,
    TA: number,
    OH: number,
    OW: number,
    fStride: number,
    xiStride: number,
    bias: number,
    hasBias: number,
    out: number,
  ): void;
  /** padded [C][PH][PW] = maps [C][H][W] moved by (top, left), zeros elsewhere; maps rows y0..y1−1, columns x0..x1−1 land inside. */
  pad_maps(
    src: number,
    C: number,
    H: number,
    W: number,
    dst: number,
    PH: number,
    PW: number,
    top: number,
    left: number,
    y0: number,
    y1: number,
    x0: number,
    x1: number,
  ): void;
  /** x[i] *= factor for the n doubles at x. */
  scale(x: number, n: number, factor: number): void;
  /** Largest |value| of n doubles at x; NaN when one is NaN. */
  max_abs(x: number, n: number): number;
  /**
   * wino_out's maps (bias added) through ReLU and the 2×2 max pool moved by 2, without writing them: out
   * [F][OH / 2][OW / 2] (rounded down) and, when winners is 1, each window's winner (i32 index into the maps) at
   * argmax. For finite M; an odd row's last window reads one tile further (see the kernel).
   */
  wino_out_pool2(
    m: number,
    F: number,
    OH: number,
    OW: number,
    TA: number,
    fStride: number,
    xiStride: number,
    bias: number,
    out: number,
    argmax: number,
    winners: number,
  ): void;
  /** Filter-gradient tiles of one image's dY [F][OH][OW] into dm (float32, filters contiguous), as gradientTiles. */
  wino_grad(
    y: number,
    F: number,
    OH: number,
    OW: number,
    TD: number,
    TA: number,
    dm: number,
    tileStride: number,
    xiStride: number,
  ): void;
  /** y [8·blocks] (the bias on entry) += x [inputs] · w [inputs][classes]: one picture's dense layer. */
  dense_blocks(x: number, w: number, inputs: number, classes: number, blocks: number, y: number): void;
}

let choice: KernelChoice = 'auto';
/** undefined: not tried yet; null: this host cannot run them. */
let loaded: SimdKernels | null | undefined;

export function useKernels(next: KernelChoice): void {
  if (next !== 'auto' && next !== 'javascript')
    throw new Error(`useKernels: ${String(next)} is not 'auto' or 'javascript'`);
  choice = next;
}

/** The kernels products run on now: 'wasm-simd' when allowed and the host runs the module, else 'javascript'. */
export function kernelPath(): KernelPath {
  return simdKernels() === null ? 'javascript' : 'wasm-simd';
}

/** The SIMD kernels, or null when forced off or unavailable. */
export function simdKernels(): SimdKernels | null {
  if (choice === 'javascript') return null;
  if (loaded === undefined) loaded = instantiate();
  return loaded;
}

function instantiate(): SimdKernels | null {
  if (typeof WebAssembly !== 'object' || WebAssembly === null) return null;
  try {
    const bytes = decodeBase64(kernelsWasmBase64);
    // validate() is false where SIMD instructions are unknown, without throwing.
    if (!WebAssembly.validate(bytes)) return null;
    // Synchronous compile of the module (under 5 KB): Chrome lifted its 4 KB limit on the main thread in version 114
    // (blink-dev, "Deprecate module size limit for WebAssembly.Module()"); an older browser throws, and the
    // sidebar falls back to JavaScript below.
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
    return exports as unknown as SimdKernels;
  } catch {
    return null;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The embedded module's bytes (the build writes them as standard base64; Apps Script has no atob). */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (let i = 0; i < clean.length; i++) {
    value = (value << 6) | ALPHABET.indexOf(clean[i]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (value >> bits) & 0xff;
    }
  }
  return bytes;
}
