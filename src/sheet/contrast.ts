/**
 * Colour arithmetic for readable cells: WCAG 2.x relative luminance and contrast ratio, and the text colour
 * (black or white) that reads best on a fill. AA asks for 4.5:1 between normal text and its background.
 */

export type Rgb = readonly [number, number, number];

/** WCAG AA for normal-size text. */
export const AA_CONTRAST = 4.5;
export const BLACK = '#000000';
export const WHITE = '#ffffff';

export function parseColor(color: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (match === null) throw new Error(`Colour "${color}" is not a #rrggbb colour.`);
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}

export function hexColor([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

/** The colour a fraction `t` (clamped to 0–1) of the way from `a` to `b`, mixed in RGB as spreadsheets do. */
export function mixColors(a: string, b: string, t: number): string {
  const s = Math.max(0, Math.min(1, t));
  const [x, y] = [parseColor(a), parseColor(b)];
  return hexColor([x[0] + (y[0] - x[0]) * s, x[1] + (y[1] - x[1]) * s, x[2] + (y[2] - x[2]) * s]);
}

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance(color: string): number {
  const [r, g, b] = parseColor(color);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio between two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [relativeLuminance(a), relativeLuminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Black or white, whichever contrasts more with `fill`. */
export function textColorOn(fill: string): string {
  return contrastRatio(fill, BLACK) >= contrastRatio(fill, WHITE) ? BLACK : WHITE;
}
