/**
 * A sheet's embedded chart drawn as SVG in the playground, from the values its ranges hold (the same data the
 * Google chart reads): bars for a column chart, lines for a line chart, and for the confidence curve a line
 * with the logits as points. Titles and names are set as text, never parsed.
 */
import { svg } from '../sidebar/chart';
import type { CellValue } from '../src/sheet/workbook';
import { CHART_SIZE } from '../src/sheet/workbook';
import type { ChartView } from '../src/shared/sheet-view';

const CHART_WIDTH = CHART_SIZE.width;
const CHART_HEIGHT = CHART_SIZE.height;
const PAD = { left: 56, right: 16, top: 32, bottom: 48 };
const COLORS = ['#1a73e8', '#e8710a', '#188038', '#a142f4'];

const isNumber = (v: CellValue): v is number => typeof v === 'number' && Number.isFinite(v);

/** Ends of an axis over these numbers; a single value (or none) gets a unit around it. */
function extent(values: readonly number[], fromZero: boolean): [number, number] {
  let low = fromZero ? 0 : Infinity;
  let high = fromZero ? 0 : -Infinity;
  for (const v of values) {
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  if (!Number.isFinite(low)) return [0, 1];
  return low === high ? [low - 0.5, high + 0.5] : [low, high];
}

/** At most 4 significant digits: axis labels, not the sheet's numbers. */
const label = (v: number): string => String(Number(v.toPrecision(4)));

function text(content: string, attrs: Record<string, string | number>): SVGTextElement {
  const node = svg('text', attrs);
  node.textContent = content;
  return node;
}

function titled<T extends SVGElement>(node: T, title: string): T {
  const tooltip = svg('title', {});
  tooltip.textContent = title;
  node.append(tooltip);
  return node;
}

/** The chart as an <svg> element, sized CHART_WIDTH × CHART_HEIGHT. */
export function chartSvg(chart: ChartView): SVGSVGElement {
  const root = svg('svg', {
    class: 'sheet-chart',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    viewBox: `0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`,
    role: 'img',
    'aria-label': chart.title,
  });
  root.append(svg('rect', { class: 'frame', x: 0.5, y: 0.5, width: CHART_WIDTH - 1, height: CHART_HEIGHT - 1 }));
  root.append(text(chart.title, { class: 'chart-title', x: CHART_WIDTH / 2, y: 20, 'text-anchor': 'middle' }));
  const plotW = CHART_WIDTH - PAD.left - PAD.right;
  const plotH = CHART_HEIGHT - PAD.top - PAD.bottom;
  const ys = chart.series.flatMap((s) => s.values.filter(isNumber));
  const [yLow, yHigh] = extent(ys, true);
  const py = (y: number): number => PAD.top + plotH - ((y - yLow) / (yHigh - yLow)) * plotH;
  for (const tick of [yLow, (yLow + yHigh) / 2, yHigh]) {
    root.append(svg('line', { class: 'grid', x1: PAD.left, y1: py(tick), x2: PAD.left + plotW, y2: py(tick) }));
    root.append(text(label(tick), { class: 'tick', x: PAD.left - 4, y: py(tick) + 4, 'text-anchor': 'end' }));
  }
  if (chart.kind === 'column') drawBars(root, chart, py, plotW);
  else drawLines(root, chart, py, plotW);
  // Legend: one swatch and name per series, along the bottom edge.
  chart.series.forEach((s, i) => {
    const x = PAD.left + i * 170;
    root.append(svg('rect', { x, y: CHART_HEIGHT - 16, width: 10, height: 10, fill: COLORS[i % COLORS.length] }));
    root.append(text(s.name, { class: 'legend', x: x + 14, y: CHART_HEIGHT - 7 }));
  });
  return root;
}

function drawBars(root: SVGSVGElement, chart: ChartView, py: (y: number) => number, plotW: number): void {
  const slot = plotW / Math.max(1, chart.x.length);
  const width = (slot * 0.7) / chart.series.length;
  chart.x.forEach((category, k) => {
    const left = PAD.left + k * slot + slot * 0.15;
    chart.series.forEach((s, i) => {
      const value = s.values[k];
      if (!isNumber(value)) return;
      const top = Math.min(py(value), py(0));
      const bar = svg('rect', {
        class: 'bar',
        x: left + i * width,
        y: top,
        width,
        height: Math.abs(py(value) - py(0)),
        fill: COLORS[i % COLORS.length],
        'data-value': value,
      });
      root.append(titled(bar, `${String(category)}: ${value}`));
    });
    root.append(
      text(String(category), { class: 'tick', x: left + slot * 0.35, y: py(0) + 14, 'text-anchor': 'middle' }),
    );
  });
}

function drawLines(root: SVGSVGElement, chart: ChartView, py: (y: number) => number, plotW: number): void {
  const [xLow, xHigh] = extent(chart.x.filter(isNumber), false);
  const px = (x: number): number => PAD.left + ((x - xLow) / (xHigh - xLow)) * plotW;
  const bottom = CHART_HEIGHT - PAD.bottom;
  for (const tick of [xLow, xHigh])
    root.append(text(label(tick), { class: 'tick', x: px(tick), y: bottom + 14, 'text-anchor': 'middle' }));
  chart.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const points = chart.x.flatMap((x, k) =>
      isNumber(x) && isNumber(s.values[k]) ? [[x, s.values[k] as number] as const] : [],
    );
    const asPoints = chart.curveThenPoints === true && i > 0;
    if (!asPoints && points.length > 1) {
      const line = svg('polyline', {
        class: 'line',
        fill: 'none',
        stroke: color,
        'stroke-width': 2,
        points: points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' '),
      });
      root.append(titled(line, s.name));
    }
    if (asPoints || points.length === 1 || chart.kind === 'line') {
      for (const [x, y] of points) {
        const dot = svg('circle', {
          class: 'point',
          cx: px(x),
          cy: py(y),
          r: asPoints ? 5 : 2.5,
          fill: color,
          'data-x': x,
          'data-value': y,
        });
        root.append(titled(dot, `${s.name}: ${label(y)} at x = ${label(x)}`));
      }
    }
  });
}
