/**
 * The words of "Explain this cell": a title, sentences with the actual numbers, and the computation as one
 * equation, from what the server read (src/sheet/explain.ts). It runs in the sidebar, so the add-on's
 * server code carries the numbers and not the prose.
 */
import { plural } from './plural';
import type { CellExplanation, ExplainFacts, OtherReason, SourcedNumber } from './explanation';
import { GRID_ORIGIN } from '../sheet/layout';
import { LOSS_READING_CELLS, LOSS_TABLE_COLUMNS } from '../sheet/loss-sheet';

export interface ExplanationText {
  readonly title: string;
  readonly lines: string[];
  /** The computation with the numbers, ending in the cell's value ('' when there is none). */
  readonly equation: string;
}

/** Numbers in sentences: up to 6 significant digits (the cell's own value is shown whole). */
export function short(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e-4 && abs < 1e6) return `${Number(value.toPrecision(6))}`;
  return value.toExponential(4);
}

const where = (y: number, x: number): string => `row ${y + 1}, column ${x + 1}`;
const sum = (numbers: readonly number[]): number => numbers.reduce((s, v) => s + v, 0);

/** A sentence for a cell showing text where a number would be (a check's message, "no label"). */
function shownText(e: CellExplanation): string[] {
  return typeof e.value === 'string' && e.value !== '' ? [`The cell shows "${e.value}" instead of a number.`] : [];
}

/** e^x of each logit; shifted by the largest when e^x would overflow (the ratios are the same). */
export function exponentials(logits: readonly number[]): { exps: number[]; shift: number } {
  const plain = logits.map(Math.exp);
  if (plain.every(Number.isFinite) && plain.some((v) => v > 0)) return { exps: plain, shift: 0 };
  const shift = Math.max(...logits);
  return { exps: logits.map((l) => Math.exp(l - shift)), shift };
}

function gradientLines(weight: SourcedNumber | undefined, gradient: SourcedNumber | undefined): string[] {
  const own = weight ? [`Its value is ${short(weight.value)} (${weight.source}).`] : [];
  if (gradient === undefined)
    return [
      ...own,
      'Train → Step once writes its gradient dL/dw beside the weights, so you can see which way training will move it.',
    ];
  const direction = gradient.value > 0 ? 'down' : gradient.value < 0 ? 'up' : 'nowhere';
  return [
    ...own,
    `Gradient dL/dw = ${short(gradient.value)} (${gradient.source}): raising this weight a little changes the loss by about that much per unit, ` +
      `so gradient descent moves it ${direction} (new weight ≈ ${short(weight?.value ?? 0)} − learning rate × ${short(gradient.value)}).`,
  ];
}

const PICK =
  'Select a number on a step sheet (R, G, B, Input, Conv, ReLU, Pool, Flatten, Logits, Softmax, Loss) or a weight, and its computation appears here.';

const OTHER: Readonly<Record<OtherReason, string>> = {
  noModel: 'There is no model yet: import a picture or build the model, then select one of its numbers.',
  modelSheet: `The Model sheet holds the settings and class names. ${PICK}`,
  labels: `Rows 1–3 and column A are labels. ${PICK}`,
  blank: `This cell is blank: a gap between blocks, or outside the numbers. ${PICK}`,
  notModel: PICK,
};

type Facts<K extends ExplainFacts['kind']> = Extract<ExplainFacts, { kind: K }>;

/** A convolution's products, window cell × the weight over it, leaving out the zero padding. */
export function windowProducts(e: CellExplanation): number[] {
  return e.windows.flatMap((w) =>
    w.values.flatMap((row, i) => row.flatMap((v, j) => (v === null ? [] : [v * (w.weights?.[i]?.[j] ?? 0)]))),
  );
}

function convText(e: CellExplanation, f: Facts<'conv'>): ExplanationText {
  const all = windowProducts(e);
  const products = sum(all);
  const bias = e.bias?.value ?? 0;
  const lines = [
    `Filter ${f.map + 1} of "${f.filtersSheet}" laid over ${f.inputSheet} with its top-left corner at ${where(f.top, f.left)}` +
      `${f.top < 0 || f.left < 0 ? ' (row or column 0 and below lie in the padding)' : ''} ` +
      `(output ${where(f.y, f.x)}, stride ${f.stride}, padding ${f.padding}).`,
    `Each of the ${plural(f.channels, 'channel')} has its own ${f.kernel}×${f.kernel} block of weights (the layers of the filter); ` +
      `every window cell is multiplied by the weight over it and the ${plural(all.length, 'product')} are added up.`,
  ];
  if (f.cordon > 0) {
    lines.push(
      `${plural(f.cordon, 'window cell')} lie outside ${f.inputSheet}: that is the zero padding around the map, which adds 0 × weight = 0.`,
    );
  }
  lines.push(
    `Σ products = ${short(products)}; + bias ${short(bias)} (${e.bias?.source ?? ''}) = ${short(products + bias)}.`,
  );
  return {
    title: `${f.sheet} · map ${f.map + 1}, ${where(f.y, f.x)}`,
    lines,
    equation: `Σ ${all.length} products (${short(products)}) + bias (${short(bias)}) = ${String(e.value)}`,
  };
}

function logitText(e: CellExplanation, f: Facts<'logit'>): ExplanationText {
  const k = e.classIndex ?? 0;
  const products = sum(e.terms.map((t) => t.product)) + (e.otherTerms?.sum ?? 0);
  const bias = e.bias?.value ?? 0;
  const rest = e.otherTerms;
  return {
    title: `Logits · "${f.classes[k]}"`,
    lines: [
      `The score of "${f.classes[k]}": each of the ${e.inputs.length} flattened values (evidence) × its weight for this class ` +
        `(column ${k + 1} of "${f.weightsSheet}"), all added up, plus the class's bias.`,
      `The ${e.terms.length} largest contributions are listed${rest ? `; the other ${rest.count} add up to ${short(rest.sum)}` : ''}.`,
      `Σ evidence × weight = ${short(products)}; + bias ${short(bias)} = ${short(products + bias)}.`,
    ],
    equation: `Σ ${e.inputs.length} evidence × weight (${short(products)}) + bias (${short(bias)}) = ${String(e.value)}`,
  };
}

function softmaxText(e: CellExplanation, f: Facts<'softmax'>): ExplanationText {
  const k = e.classIndex ?? 0;
  const { exps, shift } = exponentials(e.inputs.map((l) => l.value));
  const total = sum(exps);
  const power = (i: number): string =>
    shift === 0 ? `e^${short(e.inputs[i].value)}` : `e^(${short(e.inputs[i].value)} − ${short(shift)})`;
  return {
    title: `Softmax · "${f.classes[k]}"`,
    lines: [
      `e raised to each score makes it positive and stretches the gaps: ${f.classes.map((c, i) => `${c} ${power(i)} = ${short(exps[i])}`).join('; ')}.`,
      `Their sum is ${short(total)}; dividing each by it makes them add up to 1.`,
      `"${f.classes[k]}": ${short(exps[k])} ÷ ${short(total)} = ${short(exps[k] / total)}.`,
      ...(shift === 0
        ? []
        : [
            `The scores are so large that e^score would overflow, so the largest (${short(shift)}) is subtracted first; the division gives the same result.`,
          ]),
    ],
    equation: `${power(k)} ÷ Σ = ${short(exps[k])} ÷ ${short(total)} = ${String(e.value)}`,
  };
}

/** Which column of the Loss sheet a cell is in, by the sheet's layout. */
function lossColumn(f: Facts<'loss'>): string {
  const table = Object.entries(LOSS_TABLE_COLUMNS).find(([, col]) => col === f.col);
  if (table && f.row - GRID_ORIGIN.row < f.classes.length) return table[0];
  return (
    Object.entries(LOSS_READING_CELLS).find(([, cell]) => cell.row === f.row && cell.col === f.col)?.[0] ?? 'other'
  );
}

function lossText(e: CellExplanation, f: Facts<'loss'>): ExplanationText {
  const column = lossColumn(f);
  const label = e.classIndex ?? -1;
  const p = e.inputs.map((n) => n.value);
  const t = (i: number): number => (i === label ? 1 : 0);
  const squares = p.map((pi, i) => (t(i) - pi) ** 2);
  const predicted = p.indexOf(Math.max(...p));
  const lines: string[] = [];
  const value = String(e.value);
  let equation = '';
  if (label < 0) {
    lines.push(
      'No label is chosen, so there is nothing to be wrong about: choose one in the sidebar (or type a class name in Model!B4) to score the picture.',
    );
  } else {
    const pl = p[label];
    const ce = -Math.log(pl);
    lines.push(
      `The picture is labelled "${f.classes[label]}", which gets probability ${short(pl)}; the target t is 1 for it and 0 for the others.`,
      `Distance: √Σ (t − p)² = √(${squares.map(short).join(' + ')}) = ${short(Math.sqrt(sum(squares)))} — 0 would be a perfect match.`,
      `Negative log-likelihood (cross-entropy): −ln ${short(pl)} = ${short(ce)} — the surprise at the right answer; this is what training lowers.`,
      `KL divergence: Σ t · ln(t ÷ p) = 1 · ln(1 ÷ ${short(pl)}) = ${short(ce)}, the same as the cross-entropy for a one-hot target.`,
    );
    if (column === 'distance') equation = `√(${squares.map(short).join(' + ')}) = ${value}`;
    if (column === 'crossEntropy' || column === 'klDivergence') equation = `−ln ${short(pl)} = ${value}`;
  }
  lines.push(`Predicted class: "${f.classes[predicted]}", the highest probability (${short(p[predicted])}).`);
  const k = f.row - GRID_ORIGIN.row < f.classes.length ? f.row - GRID_ORIGIN.row : -1;
  if (k >= 0) {
    if (column === 'probability') equation = `${e.inputs[k].source} = ${value}`;
    if (column === 'target') equation = `"${f.classes[k]}" ${k === label ? 'is' : 'is not'} the label → t = ${value}`;
    if (column === 'square') equation = `(${t(k)} − ${short(p[k])})² = ${value}`;
    if (column === 'klTerm')
      equation = t(k) === 0 ? `t = 0, so 0 · ln(0 ÷ p) counts as 0` : `1 · ln(1 ÷ ${short(p[k])}) = ${value}`;
  }
  if (column === 'predicted') equation = `the largest probability → ${value}`;
  return { title: k >= 0 ? `Loss · "${f.classes[k]}"` : 'Loss · the three readings', lines, equation };
}

/** The title, sentences and equation of an explanation. */
export function explanationText(e: CellExplanation): ExplanationText {
  const f = e.facts;
  const first = e.inputs[0];
  const value = String(e.value);
  const text = ((): ExplanationText => {
    switch (f.kind) {
      case 'pixel':
        return {
          title: `${f.channel} · pixel ${where(f.y, f.x)}`,
          lines: [
            `How much ${f.colour} the pixel at ${where(f.y, f.x)} holds: 0 is none, 255 is full.`,
            `The network reads it × ${f.scale}, on the Input sheet.`,
          ],
          equation: `Input = ${value} × ${f.scale}`,
        };
      case 'input':
        return {
          title: `Input · ${f.channel} ${where(f.y, f.x)}`,
          lines: [
            `The ${f.colour} level of the pixel at ${where(f.y, f.x)} (${first.source}), scaled from 0–255 by × ${f.scale}.`,
          ],
          equation: `${short(first.value)} × ${f.scale} = ${value}`,
        };
      case 'conv':
        return convText(e, f);
      case 'relu':
        return {
          title: `${f.sheet} · map ${f.map + 1}, ${where(f.y, f.x)}`,
          lines: [
            `max(0, x) of the same cell of the convolution (${first.source}), which is ${short(first.value)}.`,
            first.value > 0
              ? 'It is positive, so it passes unchanged: the feature is present here.'
              : 'It is not positive, so it becomes 0: no evidence of the feature here.',
          ],
          equation: `max(0, ${short(first.value)}) = ${value}`,
        };
      case 'pool': {
        const largest = e.inputs.reduce((best, n) => (n.value > best.value ? n : best), first);
        return {
          title: `${f.sheet} · map ${f.map + 1}, ${where(f.y, f.x)}`,
          lines: [
            `The ${f.size}×${f.size} window of ${f.inputSheet} map ${f.map + 1} starting at ${where(f.y * f.stride, f.x * f.stride)} ` +
              `(windows ${f.stride} apart) keeps only its largest value, ${short(largest.value)} at ${largest.source}.`,
            `${f.size * f.size} values in, 1 out: the strongest evidence of the feature in this patch survives.`,
          ],
          equation: `max(${e.inputs.map((n) => short(n.value)).join(', ')}) = ${value}`,
        };
      }
      case 'flatten': {
        const area = f.height * f.width;
        return {
          title: `Flatten · value ${f.index + 1}`,
          lines: [
            `A copy of ${f.inputSheet} map ${f.map + 1}, ${where(f.y, f.x)} (${first.source}).`,
            `The maps of ${f.height} × ${f.width} are laid end to end: map 1 row by row (values 1–${area}), then map 2, and so on, ` +
              `so value ${f.index + 1} = (map − 1) × ${area} + (row − 1) × ${f.width} + column = ${f.map * area} + ${f.y * f.width} + ${f.x + 1}.`,
          ],
          equation: `${first.source} = ${value}`,
        };
      }
      case 'logit':
        return logitText(e, f);
      case 'softmax':
        return softmaxText(e, f);
      case 'loss':
        return lossText(e, f);
      case 'convWeight':
      case 'convBias':
        return {
          title:
            f.kind === 'convBias'
              ? `${f.sheet} · bias of filter ${f.filter + 1}`
              : `${f.sheet} · filter ${f.filter + 1}, ${f.channel}, (${f.i + 1}, ${f.j + 1})`,
          lines: [
            f.kind === 'convBias'
              ? `The bias (the handle of filter ${f.filter + 1}): added once to every one of the ${e.touches ?? 0} cells of ${f.outputSheet} map ${f.filter + 1}.`
              : `It multiplies the ${f.channel} cell at row ${f.i + 1}, column ${f.j + 1} of every window of ${f.inputSheet}, ` +
                `so it takes part in all ${plural(e.touches ?? 0, 'cell')} of ${f.outputSheet} map ${f.filter + 1}.`,
            ...gradientLines(e.weight, e.gradient),
          ],
          equation: e.weight ? `${e.weight.source} = ${String(e.weight.value)}` : '',
        };
      case 'denseWeight':
      case 'denseBias': {
        const evidence = first?.value ?? 0;
        const w = e.weight?.value ?? 0;
        return {
          title:
            f.kind === 'denseBias'
              ? `${f.sheet} · bias of "${f.className}"`
              : `${f.sheet} · ${f.valueName} → "${f.className}"`,
          lines: [
            f.kind === 'denseBias'
              ? `The bias of "${f.className}": added to its score (${f.logit}) whatever the picture shows.`
              : `Links flattened value ${f.valueName} to the suspect "${f.className}": for this picture it adds evidence × weight = ` +
                `${short(evidence)} × ${short(w)} = ${short(evidence * w)} to that score (${f.logit}).`,
            ...gradientLines(e.weight, e.gradient),
          ],
          equation: e.weight ? `${e.weight.source} = ${String(e.weight.value)}` : '',
        };
      }
      case 'other':
        return { title: `${e.sheet}!${e.cell}`, lines: [OTHER[f.reason]], equation: '' };
    }
  })();
  return { ...text, lines: [...text.lines, ...shownText(e)] };
}
