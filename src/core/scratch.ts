/*
 * Reusable work buffers for the engine, so hot loops never allocate. Each caller owns one slot;
 * the engine is synchronous and no kernel calls another while holding a slot, so sharing across calls is safe.
 * Buffers only grow and may be longer than asked for: index them explicitly.
 */
export const enum ScratchSlot {
  Columns,
  PaddedInput,
  WinogradInput,
  WinogradProduct,
  WinogradFilterGradient,
  TransposedWeights,
  /** simdMatMul's B·Aᵀ, before it is transposed into C. */
  TransposedProduct,
  ConvGradients,
  /** Class scores only (classifyBatch): a pass's scaled pictures, and its blocks' outputs, block after block. */
  ScoringInputs,
  ScoringOutputsEven,
  ScoringOutputsOdd,
}

const buffers: Float64Array[] = [];

export function scratch(slot: ScratchSlot, size: number): Float64Array {
  const existing = buffers[slot];
  if (existing !== undefined && existing.length >= size) return existing;
  const buffer = new Float64Array(Math.max(size, existing ? existing.length * 2 : 0));
  buffers[slot] = buffer;
  return buffer;
}
