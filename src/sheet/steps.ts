/**
 * The nine steps of a convolutional network as the sheets tell them: every step sheet's title row is
 * "Step N · Name — sentence", so a reader can follow the model tab by tab.
 */
import { keptWording } from '../core/architecture';

export type StepKey =
  'input' | 'featureDetection' | 'filters' | 'relu' | 'maxPooling' | 'flatten' | 'fullyConnected' | 'softmax' | 'loss';

export interface Step {
  readonly number: number;
  readonly name: string;
  /** One sentence on what the step does. */
  readonly does: string;
}

export const STEPS: Readonly<Record<StepKey, Step>> = {
  input: {
    number: 1,
    name: 'Input',
    does: 'The picture as numbers: one grid per channel (red, green, blue, or grey), each pixel 0 (dark) to 255 (bright).',
  },
  featureDetection: {
    number: 2,
    name: 'Feature detection',
    does: 'Each filter slides over the input and adds up weight × value at every position, so its map is high where its pattern appears.',
  },
  filters: {
    number: 3,
    name: 'Filters, stride and padding',
    does: 'The weights of each filter (one block per input channel) plus its bias; stride is the step between positions, padding the zeros added around the edge.',
  },
  relu: {
    number: 4,
    name: 'ReLU',
    does: 'Negative values become 0 and positive ones pass unchanged, so only the features that are present carry on.',
  },
  maxPooling: {
    number: 5,
    name: 'Max pooling',
    does: 'Each window keeps only its largest value, halving the map while keeping the strongest evidence of each feature.',
  },
  flatten: {
    number: 6,
    name: 'Flatten',
    does: 'The maps are laid end to end in one long column, map by map and row by row, to feed the classifier.',
  },
  fullyConnected: {
    number: 7,
    name: 'Fully connected',
    does: 'Every flattened value votes for every class with its own weight; each class score (logit) is the weighted sum plus a bias.',
  },
  softmax: {
    number: 8,
    name: 'Softmax',
    does: 'The scores become probabilities: e raised to each score, divided by the sum over all classes, so they are positive and add up to 1.',
  },
  loss: {
    number: 9,
    name: 'Loss',
    does: 'How wrong the prediction is for the chosen label: 0 when the true class gets probability 1, larger the less it gets.',
  },
};

/** The title row of a step sheet, e.g. "Step 4 · ReLU (block 1) — Negative values become 0 …". */
export function stepTitle(step: StepKey, detail?: string): string {
  const { number, name, does } = STEPS[step];
  return `Step ${number} · ${name}${detail ? ` (${detail})` : ''} — ${does}`;
}

/** The input scale as people write it: "1/255" rather than 0.00392156862745098 when it is one over a whole number. */
export function scaleText(inputScale: number): string {
  const inverse = Math.round(1 / inputScale);
  return inverse > 1 && 1 / inverse === inputScale ? `1/${inverse}` : `${inputScale}`;
}

/**
 * Row 2's bookkeeping of a step: how many numbers go in and come out, in the words of the architecture
 * editor's table (e.g. "Values: 75 in → 18 out (57 fewer clues: information lost (24% kept))."); more out
 * than in is called more values spread over more maps, not more information.
 */
export function valueCountText(valuesIn: number, valuesOut: number): string {
  const n = (v: number): string => v.toLocaleString('en-US');
  return `Values: ${n(valuesIn)} in → ${n(valuesOut)} out (${keptWording(valuesIn, valuesOut)}).`;
}
