/**
 * 32-bit FNV-1a: quick and stable across runs and platforms, for seeding shuffles and noticing changes
 * (not for security). Text hashes its UTF-16 code units; pixelHash feeds bytes through fnv1aMix.
 */
export const FNV1A_OFFSET_BASIS = 0x811c9dc5;
const FNV1A_PRIME = 0x01000193;

/** The running hash after one more unit (a byte or a code unit); `>>> 0` it when done. */
export function fnv1aMix(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, FNV1A_PRIME);
}

/** FNV-1a of a text's UTF-16 code units, as an unsigned 32-bit number. */
export function fnv1a(text: string): number {
  let hash = FNV1A_OFFSET_BASIS;
  for (let i = 0; i < text.length; i++) hash = fnv1aMix(hash, text.charCodeAt(i));
  return hash >>> 0;
}
