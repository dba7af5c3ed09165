/**
 * 32-bit FNV-1a of a text's UTF-16 code units: quick and stable across runs and platforms, for seeding
 * shuffles and noticing changes (not for security).
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
