/** A small line chart as inline SVG built with DOM calls (no markup strings): the training curves. */
import type { YScale } from './chart-scale';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 276;
const HEIGHT = 120;
const PAD = { left: 34, right: 6, top: 6, bottom: 18 };

export interface Series {
  readonly name: string;
  /** CSS class of the line (e.g. 'train', 'test'). */
  readonly className: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface ChartOptions {
  /** Builds the y axis from all the values shown (see chart-scale.ts). */
  readonly yScale: (values: readonly number[]) => YScale;
}

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

/** Off-axis points sit on the edge they passed; a small triangle (pointing the way they went) marks each. */
function clippedMarker(x: number, y: number, below: boolean, className: string, title: string): SVGPolygonElement {
  const tip = below ? y + 4 : y - 4;
  const marker = svg('polygon', {
    class: `clipped ${className}`,
    points: `${(x - 3).toFixed(1)},${y.toFixed(1)} ${(x + 3).toFixed(1)},${y.toFixed(1)} ${x.toFixed(1)},${tip.toFixed(1)}`,
  });
  const tooltip = svg('title', {});
  tooltip.textContent = title;
  marker.append(tooltip);
  return marker;
}

const finitePoints = (s: Series): (readonly [number, number])[] =>
  s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));

/** Draws the series into `container`, replacing what was there; x runs from the first to the last point. */
export function renderLineChart(
  container: HTMLElement,
  label: string,
  series: readonly Series[],
  options: ChartOptions,
): void {
  const all = series.flatMap(finitePoints);
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label });
  // A loop, not Math.min(...xs): a long log would overflow the argument list.
  let xMin = Infinity;
  let xMax = -Infinity;
  for (const [x] of all) {
    xMin = Math.min(xMin, x);
    xMax = Math.max(xMax, x);
  }
  if (all.length === 0) [xMin, xMax] = [0, 1];
  const scale = options.yScale(all.map(([, y]) => y));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const px = (x: number): number => PAD.left + (xMax === xMin ? plotW : ((x - xMin) / (xMax - xMin)) * plotW);
  const py = (share: number): number => PAD.top + plotH - Math.min(1, Math.max(0, share)) * plotH;

  for (const tick of scale.ticks) {
    const y = py(scale.position(tick.value));
    const text = svg('text', { class: 'tick y', x: PAD.left - 4, y: y + 3, 'text-anchor': 'end' });
    text.textContent = tick.label;
    root.append(svg('line', { class: 'grid', x1: PAD.left, y1: y, x2: WIDTH - PAD.right, y2: y }), text);
  }
  root.append(
    svg('line', { class: 'axis', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: PAD.top + plotH }),
    svg('line', { class: 'axis', x1: PAD.left, y1: PAD.top + plotH, x2: WIDTH - PAD.right, y2: PAD.top + plotH }),
  );
  const xTick = svg('text', { class: 'tick x', x: WIDTH - PAD.right, y: HEIGHT - 4, 'text-anchor': 'end' });
  xTick.textContent = all.length > 0 ? `epoch ${xMax.toFixed(xMax % 1 === 0 ? 0 : 2)}` : 'no data yet';
  root.append(xTick);

  for (const s of series) {
    const points = finitePoints(s);
    if (points.length === 0) continue;
    const placed = points.map(([x, y]) => ({ x, y, cx: px(x), share: scale.position(y) }));
    const line = svg('polyline', {
      class: `series ${s.className}`,
      points: placed.map((p) => `${p.cx.toFixed(1)},${py(p.share).toFixed(1)}`).join(' '),
    });
    const title = svg('title', {});
    title.textContent = s.name;
    line.append(title);
    root.append(line);
    if (placed.length === 1)
      root.append(svg('circle', { class: `series ${s.className}`, cx: placed[0].cx, cy: py(placed[0].share), r: 2 }));
    for (const p of placed) {
      if (p.share >= 0 && p.share <= 1) continue;
      const below = p.share < 0;
      const where = below ? 'below' : 'above';
      root.append(
        clippedMarker(
          p.cx,
          py(p.share),
          below,
          s.className,
          `${s.name} ${Number(p.y.toPrecision(3))} at epoch ${Number(p.x.toFixed(2))}: ${where} the axis`,
        ),
      );
    }
  }
  const legend = document.createElement('div');
  legend.className = 'legend';
  for (const s of series) {
    const item = document.createElement('span');
    const swatch = document.createElement('span');
    swatch.className = `swatch ${s.className}`;
    item.append(swatch, document.createTextNode(s.name));
    legend.append(item);
  }
  container.replaceChildren(root, legend);
}
