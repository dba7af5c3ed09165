/** A small line chart as inline SVG built with DOM calls (no markup strings): the training curves. */

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
  /** Fixed y range (e.g. 0–1 for accuracy); otherwise 0 to the largest value. */
  readonly yMax?: number;
  readonly formatY: (value: number) => string;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

/** Draws the series into `container`, replacing what was there; x runs from the first to the last point. */
export function renderLineChart(container: HTMLElement, label: string, series: readonly Series[], options: ChartOptions): void {
  const all = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label });
  const xs = all.map(([x]) => x);
  const xMin = xs.length > 0 ? Math.min(...xs) : 0;
  const xMax = xs.length > 0 ? Math.max(...xs) : 1;
  const yMax = options.yMax ?? Math.max(1e-9, ...all.map(([, y]) => y));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const px = (x: number): number => PAD.left + (xMax === xMin ? plotW : ((x - xMin) / (xMax - xMin)) * plotW);
  const py = (y: number): number => PAD.top + plotH - (Math.min(y, yMax) / yMax) * plotH;

  root.append(
    svg('line', { class: 'axis', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: PAD.top + plotH }),
    svg('line', { class: 'axis', x1: PAD.left, y1: PAD.top + plotH, x2: WIDTH - PAD.right, y2: PAD.top + plotH }),
  );
  for (const value of [0, yMax / 2, yMax]) {
    const tick = svg('text', { class: 'tick', x: PAD.left - 4, y: py(value) + 3, 'text-anchor': 'end' });
    tick.textContent = options.formatY(value);
    root.append(tick);
  }
  const xTick = svg('text', { class: 'tick', x: WIDTH - PAD.right, y: HEIGHT - 4, 'text-anchor': 'end' });
  xTick.textContent = all.length > 0 ? `epoch ${xMax.toFixed(xMax % 1 === 0 ? 0 : 2)}` : 'no data yet';
  root.append(xTick);

  for (const s of series) {
    const points = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (points.length === 0) continue;
    const line = svg('polyline', { class: `series ${s.className}`, points: points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ') });
    const title = svg('title', {});
    title.textContent = s.name;
    line.append(title);
    root.append(line);
    if (points.length === 1) root.append(svg('circle', { class: `series ${s.className}`, cx: px(points[0][0]), cy: py(points[0][1]), r: 2 }));
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
