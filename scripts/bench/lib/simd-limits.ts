/**
 * The machine's WebAssembly SIMD multiply-accumulate limits (simd-limits.wat): dot products over vectors that
 * stay in cache, for f64x2 (what the engine's float64 kernels use) and f32x4 (what float32 engines can reach).
 */
import limitsWasm from './simd-limits.wat';

interface LimitKernels {
  readonly memory: WebAssembly.Memory;
  dot_f64x2(a: number, b: number, n: number, reps: number): number;
  dot_f32x4(a: number, b: number, n: number, reps: number): number;
}

/** 2,048 values per vector: 16 KB (f64) each, in L1 with room to spare. */
const LENGTH = 2048;
const F32_AT = 2 * LENGTH * 8;

let kernels: LimitKernels | undefined;

function load(): LimitKernels {
  if (kernels) return kernels;
  const module = new WebAssembly.Module(Buffer.from(limitsWasm, 'base64'));
  kernels = new WebAssembly.Instance(module, {}).exports as unknown as LimitKernels;
  // Two f64 vectors from byte 0, two f32 vectors after them (48 KB of the module's 64 KB page).
  const doubles = new Float64Array(kernels.memory.buffer, 0, 2 * LENGTH);
  const floats = new Float32Array(kernels.memory.buffer, F32_AT, 2 * LENGTH);
  for (let i = 0; i < doubles.length; i++) doubles[i] = floats[i] = ((i * 7919) % 1000) / 1000 - 0.5;
  return kernels;
}

/** Best multiply-adds per second of `dot` over a few short rounds. */
function best(dot: (reps: number) => number): number {
  const reps = 2000;
  dot(reps);
  let rate = 0;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    const sum = dot(reps);
    const seconds = (performance.now() - start) / 1000;
    if (!Number.isFinite(sum)) throw new Error('the SIMD limit loop produced a non-finite sum');
    rate = Math.max(rate, (reps * LENGTH) / seconds);
  }
  return rate;
}

export function simdLimits(): { f64x2: number; f32x4: number } {
  const k = load();
  return {
    f64x2: best((reps) => k.dot_f64x2(0, LENGTH * 8, LENGTH, reps)),
    f32x4: best((reps) => k.dot_f32x4(F32_AT, F32_AT + LENGTH * 4, LENGTH, reps)),
  };
}
