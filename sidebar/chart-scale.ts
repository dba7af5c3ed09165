/**
 * Value-to-height mappings for the chart's y axis, with their tick labels. Loss curves use a log scale (as
 * TensorBoard offers): an early loss of 17 and a late one of 0.05 both stay readable, and equal ratios get equal
 * heights, so a late 0.07 → 0.05 still shows as a clear step down.
 */

export interface Tick {
  readonly value: number;
  readonly label: string;
}

export interface YScale {
  /** Share of the plot height: 0 at the bottom edge, 1 at the top; outside 0–1 (or ±Infinity) when off the axis. */
  position(value: number): number;
  /** Labelled values, bottom to top. */
  readonly ticks: readonly Tick[];
}

/** How many powers of ten a log axis spans at most; a smaller value (or 0) sits on the bottom edge, marked. */
const MAX_DECADES = 6;
/** A log axis labels at most this many powers of ten (every second, third… when it spans more). */
const MAX_TICKS = 5;
const MANTISSAS = [1, 2, 5] as const;
/** Slack for log10 of an exact 1-2-5 value landing a hair off (log10(0.05) is not exactly −1.30103…). */
const EPSILON = 1e-9;

/** m × 10^k as written in decimal, so 5e-2 is exactly the double nearest 0.05. */
const niceValue = (mantissa: number, exponent: number): number => Number(`${mantissa}e${exponent}`);

/** The largest of 1, 2, 5 × 10^k that is at most `value` (value > 0). */
function niceAtMost(value: number): number {
  const log = Math.log10(value);
  const exponent = Math.floor(log + EPSILON);
  const mantissa = [...MANTISSAS].reverse().find((m) => Math.log10(m) <= log - exponent + EPSILON) ?? 1;
  return niceValue(mantissa, exponent);
}

/** The smallest of 1, 2, 5 × 10^k that is at least `value` (value > 0). */
function niceAtLeast(value: number): number {
  const log = Math.log10(value);
  const exponent = Math.floor(log - EPSILON);
  const mantissa = [...MANTISSAS, 10].find((m) => Math.log10(m) >= log - exponent - EPSILON) ?? 10;
  return niceValue(mantissa, exponent);
}

/** "0.05", "20", "1e-7": the shortest decimal that names a 1-2-5 value exactly. */
function tickLabel(value: number): string {
  return String(Number(value.toPrecision(1)));
}

function logTicks(bottom: number, top: number): Tick[] {
  const inRange = (v: number): boolean => v >= bottom * (1 - EPSILON) && v <= top * (1 + EPSILON);
  const exponents: number[] = [];
  for (let k = Math.floor(Math.log10(bottom) - EPSILON); k <= Math.ceil(Math.log10(top) + EPSILON); k++)
    exponents.push(k);
  const decades = exponents.map((k) => niceValue(1, k)).filter(inRange);
  if (decades.length < 2) {
    // Less than a decade or so: label 1, 2, 5 of each decade instead.
    return exponents
      .flatMap((k) => MANTISSAS.map((m) => niceValue(m, k)))
      .filter(inRange)
      .map((value) => ({ value, label: tickLabel(value) }));
  }
  // Thinned from the top down, so the largest power of ten keeps its label.
  const stride = Math.ceil(decades.length / MAX_TICKS);
  return decades
    .filter((_, i) => (decades.length - 1 - i) % stride === 0)
    .map((value) => ({ value, label: tickLabel(value) }));
}

/**
 * A log axis from a 1-2-5 value at or below the smallest positive value to one at or above the largest,
 * spanning at most MAX_DECADES powers of ten below the top.
 */
export function logScale(values: readonly number[]): YScale {
  let smallest = Infinity;
  let largest = 0;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    smallest = Math.min(smallest, v);
    largest = Math.max(largest, v);
  }
  const top = largest > 0 ? niceAtLeast(largest) : 10;
  let bottom = largest > 0 ? niceAtMost(smallest) : top;
  // toPrecision(1) keeps a 1-2-5 value exact after the division.
  if (bottom >= top) bottom = Number((top / 10).toPrecision(1));
  bottom = Math.max(bottom, Number((top / 10 ** MAX_DECADES).toPrecision(1)));
  const low = Math.log10(bottom);
  const span = Math.log10(top) - low;
  return {
    position: (value) => (value > 0 ? (Math.log10(value) - low) / span : -Infinity),
    ticks: logTicks(bottom, top),
  };
}

/** A linear axis from 0 to a fixed top (e.g. 1 for accuracy), labelled at 0, half and the top. */
export function fixedLinearScale(
  max: number,
  format: (value: number) => string,
): (values: readonly number[]) => YScale {
  const scale: YScale = {
    position: (value) => value / max,
    ticks: [0, max / 2, max].map((value) => ({ value, label: format(value) })),
  };
  return () => scale;
}
