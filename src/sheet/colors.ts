import type { CellRange, ColorRule } from './workbook';

/**
 * The colour rules of the model sheets, as data: every Workbook turns them into conditional formats
 * (Google Sheets gradient rules, the local renderer, ExcelJS colour scales).
 */

const BLACK = '#000000';
const WHITE = '#ffffff';
/** Pure channel colours: a pixel's cell shows how much of its channel it holds. */
export const CHANNEL_COLORS: readonly string[] = ['#ff0000', '#00ff00', '#0000ff'];
/** Diverging scale for signed numbers: blue below 0, white at 0, red above. */
export const NEGATIVE_COLOR = '#3d6fd6';
export const POSITIVE_COLOR = '#d6453d';
export const PROBABILITY_COLOR = '#1e8e3e';

/**
 * Black at 0 → the channel's pure colour at `max` (255 for raw pixels, 255 × inputScale once scaled); a grey
 * picture's one channel goes black → white.
 */
export function channelRule(channels: number, channel: number, ranges: readonly CellRange[], max = 255): ColorRule {
  const color = channels === 1 ? WHITE : CHANNEL_COLORS[channel];
  if (color === undefined) throw new Error(`No colour for input channel ${channel + 1}: the sheets show 3 channels (R, G, B).`);
  return { ranges, min: { color: BLACK, value: 0 }, max: { color, value: max } };
}

/**
 * Signed values (weights, activations, gradients): white at exactly 0, deepest blue at the block's most
 * negative value and deepest red at its most positive, so the sign is visible at a glance.
 */
export function divergingRule(ranges: readonly CellRange[]): ColorRule {
  return { ranges, min: { color: NEGATIVE_COLOR }, mid: { color: WHITE, value: 0 }, max: { color: POSITIVE_COLOR } };
}

/** Probabilities: white at 0 → green at 1. */
export function probabilityRule(ranges: readonly CellRange[]): ColorRule {
  return { ranges, min: { color: WHITE, value: 0 }, max: { color: PROBABILITY_COLOR, value: 1 } };
}
