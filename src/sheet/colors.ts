import type { CellRange, ColorRule } from './workbook';
import { AA_CONTRAST, BLACK, WHITE, contrastRatio, mixColors } from './contrast';

/**
 * The colour rules of the model sheets, as data: every Workbook turns them into conditional formats
 * (Google Sheets gradient rules, the local renderer, ExcelJS colour scales). Every stop sits at a fixed
 * number, so each engine paints the same value the same colour (a stop at the range's min or percentile
 * is placed differently by Sheets, Excel and LibreOffice, and 0 stops being white).
 */

/** Pure channel colours: a pixel's cell shows how much of its channel it holds. */
export const CHANNEL_COLORS: readonly string[] = ['#ff0000', '#00ff00', '#0000ff'];
/**
 * Diverging scale for signed numbers: blue below 0, white at 0, red above. Both ends are light enough for
 * black text at 6:1 or more (WCAG AA asks 4.5:1), so every cell of these scales has black text.
 */
export const NEGATIVE_COLOR = '#5b8def';
export const POSITIVE_COLOR = '#e06666';
export const PROBABILITY_COLOR = '#57bb8a';

/**
 * Black at 0 → the channel's pure colour at `max` (255 for raw pixels, 255 × inputScale once scaled); a grey
 * picture's one channel goes black → white.
 */
export function channelRule(channels: number, channel: number, ranges: readonly CellRange[], max = 255): ColorRule {
  const color = channels === 1 ? WHITE : CHANNEL_COLORS[channel];
  if (color === undefined)
    throw new Error(`No colour for input channel ${channel + 1}: the sheets show 3 channels (R, G, B).`);
  return { ranges, min: { color: BLACK, value: 0 }, max: { color, value: max } };
}

/**
 * Signed values (weights, activations, gradients): −limit deepest blue, exactly 0 white, +limit deepest red
 * (values beyond ±limit keep the end colour), so the sign is visible at a glance and 0 is white everywhere.
 */
export function divergingRule(ranges: readonly CellRange[], limit: number): ColorRule {
  if (!(limit > 0)) throw new Error(`divergingRule: the scale's end must be a positive number, not ${limit}.`);
  return {
    ranges,
    min: { color: NEGATIVE_COLOR, value: -limit },
    mid: { color: WHITE, value: 0 },
    max: { color: POSITIVE_COLOR, value: limit },
  };
}

/** Probabilities: white at 0 → green at 1. */
export function probabilityRule(ranges: readonly CellRange[]): ColorRule {
  return { ranges, min: { color: WHITE, value: 0 }, max: { color: PROBABILITY_COLOR, value: 1 } };
}

/**
 * The number format of a channel's pixels with the text colour each fill needs: a conditional colour
 * format can be read by every engine, where a colour scale cannot change the text colour. Pixel levels
 * 0…255 are painted black → channel colour (white for a grey picture); below the first level where black text reaches AA contrast the
 * text is white (for blue, whose brightest fill is still dark, always). `scale` maps a level to the value
 * the cell holds (1 for R, G, B; inputScale on the Input sheet).
 */
export function channelNumberFormat(channels: number, channel: number, pattern: string, scale = 1): string {
  const color = channels === 1 ? WHITE : CHANNEL_COLORS[channel];
  if (color === undefined)
    throw new Error(`No colour for input channel ${channel + 1}: the sheets show 3 channels (R, G, B).`);
  let level = 0;
  while (level <= 255 && contrastRatio(mixColors(BLACK, color, level / 255), BLACK) < AA_CONTRAST) level++;
  if (level > 255) return `[White]${pattern}`;
  // Halfway between two levels, so a value computed as level × scale never lands on the wrong side.
  const bound = Number(((level - 0.5) * scale).toPrecision(6));
  return `[White][<${bound}]${pattern};[Black][>=${bound}]${pattern}`;
}
