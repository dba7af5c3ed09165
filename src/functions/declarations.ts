/**
 * Every custom function's description and parameters, declared once as data (as HyperFormula's function plugins
 * declare theirs). From these tables come the argument checks and defaults (args.ts), the argument counts the
 * local engine enforces, and the JSDoc of the Apps Script stubs Sheets reads for its autocomplete
 * (scripts/build.mjs, through jsdoc.ts). This module holds data only, so the build can load it on its own.
 */

/** A range (or one cell) of numbers or names, passed to the function as a 2-D array. */
export interface RangeParameter {
  readonly name: string;
  readonly kind: 'range';
  /** The JSDoc type Sheets shows. */
  readonly type: 'number[][]' | 'number[]' | 'string[][]';
  readonly optional?: true;
  readonly doc: string;
}

/** A whole number ≥ `min` (a count, size or step); blank or omitted gives the default, or is refused without one. */
export interface IntegerParameter {
  readonly name: string;
  readonly kind: 'integer';
  readonly min: number;
  /** What the number means, lower case: it ends the error message and starts the JSDoc text. */
  readonly meaning: string;
  /** A number, or the value of an earlier parameter. */
  readonly default?: number | { readonly sameAs: string };
}

/** "valid", "same" or a whole number of zero cells per side. */
export interface PaddingParameter {
  readonly name: string;
  readonly kind: 'padding';
  readonly default: 'valid';
  readonly doc: string;
}

/** A number, a text or a range, which the function reads itself (e.g. a label given as number, name or one-hot). */
export interface ValueParameter {
  readonly name: string;
  readonly kind: 'value';
  readonly type: string;
  readonly doc: string;
}

export type ParameterDeclaration = RangeParameter | IntegerParameter | PaddingParameter | ValueParameter;

export interface FunctionDeclaration {
  readonly name: string;
  /** What the function does, as Sheets shows it when the function is typed. */
  readonly description: string;
  /** In call order; the optional ones come last. */
  readonly parameters: readonly ParameterDeclaration[];
  readonly returns: { readonly type: string; readonly doc: string };
}

/** Whether a call may leave the parameter out. */
export function isOptional(parameter: ParameterDeclaration): boolean {
  return parameter.kind === 'range'
    ? parameter.optional === true
    : 'default' in parameter && parameter.default !== undefined;
}

const MAP_GRID = 'laid out as a grid of blocks (ceil(√C) blocks across, one blank row and column between blocks)';
const CHANNELS: IntegerParameter = {
  name: 'channels',
  kind: 'integer',
  min: 1,
  meaning: 'how many maps the input grid holds',
};
const PROBABILITIES: RangeParameter = {
  name: 'probabilities',
  kind: 'range',
  type: 'number[][]',
  doc: 'K class probabilities (each 0–1, adding up to 1), a column or row, e.g. the result of SOFTMAX.',
};

export const CONV2D_DECLARATION: FunctionDeclaration = {
  name: 'CONV2D',
  description:
    'Convolves input maps with a bank of filters: each filter slides over all input maps at once, multiplies each window by its weights, ' +
    'sums, and adds its bias, giving one output map per filter.',
  parameters: [
    {
      name: 'input',
      kind: 'range',
      type: 'number[][]',
      doc: `The input maps: C maps of H×W cells ${MAP_GRID}, where C is the filters' depth.`,
    },
    {
      name: 'filters',
      kind: 'range',
      type: 'number[][]',
      doc: 'The weights: one row of blocks per filter, one k×k block per input channel, one blank row and column between blocks (F×k+F−1 rows, C×k+C−1 columns).',
    },
    {
      name: 'biases',
      kind: 'range',
      type: 'number[]',
      doc: 'One bias per filter, as a column (or row) of F cells; F is read from its length.',
    },
    { name: 'stride', kind: 'integer', min: 1, meaning: 'cells the filter moves per step', default: 1 },
    {
      name: 'padding',
      kind: 'padding',
      default: 'valid',
      doc: '"valid" (no padding), "same" (output of ceil(H ÷ stride) rows) or a whole number of zero cells added on each side.',
    },
  ],
  returns: { type: 'number[][]', doc: 'F output maps laid out as a grid of blocks, blank between blocks.' },
};

export const RELU_DECLARATION: FunctionDeclaration = {
  name: 'RELU',
  description:
    'Rectified linear unit: keeps positive numbers and turns negative ones into 0, cell by cell. Blank cells (the gaps between maps) ' +
    'stay blank, so the result has the same layout as the range.',
  parameters: [
    {
      name: 'range',
      kind: 'range',
      type: 'number[][]',
      doc: 'Numbers of any layout (e.g. a grid of feature maps); blank cells are kept blank.',
    },
  ],
  returns: { type: 'number[][]', doc: 'max(0, x) for every number, blanks where the range is blank.' },
};

export const MAXPOOL_DECLARATION: FunctionDeclaration = {
  name: 'MAXPOOL',
  description:
    'Max pooling: slides a size×size window over every map and keeps the largest number of each window, shrinking the maps while ' +
    'keeping the strongest responses. No padding: a window never leaves the map.',
  parameters: [
    { name: 'input', kind: 'range', type: 'number[][]', doc: `C maps of H×W ${MAP_GRID}.` },
    CHANNELS,
    { name: 'size', kind: 'integer', min: 1, meaning: 'height and width of the pooling window', default: 2 },
    {
      name: 'stride',
      kind: 'integer',
      min: 1,
      meaning: 'cells the window moves per step',
      default: { sameAs: 'size' },
    },
  ],
  returns: {
    type: 'number[][]',
    doc: 'C pooled maps of floor((H − size) ÷ stride) + 1 rows, laid out as a grid of blocks like the input.',
  },
};

export const FLATTENMAPS_DECLARATION: FunctionDeclaration = {
  name: 'FLATTENMAPS',
  description:
    'Flattens a grid of maps into one column of numbers: all of map 1 row by row, then map 2, and so on (channel-major order), ' +
    'ready for the fully connected layer.',
  parameters: [{ name: 'input', kind: 'range', type: 'number[][]', doc: `C maps of H×W ${MAP_GRID}.` }, CHANNELS],
  returns: { type: 'number[][]', doc: 'One column of C×H×W numbers.' },
};

export const DENSE_DECLARATION: FunctionDeclaration = {
  name: 'DENSE',
  description:
    'Fully connected layer: every output k is its bias plus the sum of vector × weights column k. With one weights column per class, ' +
    'the outputs are the logits (class scores) that SOFTMAX turns into probabilities.',
  parameters: [
    {
      name: 'vector',
      kind: 'range',
      type: 'number[][]',
      doc: 'N numbers, a column (or row), e.g. the result of FLATTENMAPS.',
    },
    { name: 'weights', kind: 'range', type: 'number[][]', doc: 'N rows × K columns of weights, one column per class.' },
    { name: 'biases', kind: 'range', type: 'number[]', doc: 'K biases, a row (or column), one per class.' },
  ],
  returns: { type: 'number[][]', doc: 'One column of K outputs (logits).' },
};

export const SOFTMAX_DECLARATION: FunctionDeclaration = {
  name: 'SOFTMAX',
  description:
    'Softmax: turns class scores (logits) into probabilities that are positive and add up to 1: exp(z_k) ÷ Σ exp(z_j). ' +
    'Computed stably, so logits of ±1000 work.',
  parameters: [
    {
      name: 'logits',
      kind: 'range',
      type: 'number[][]',
      doc: 'K class scores, a column (or row), e.g. the result of DENSE.',
    },
  ],
  returns: { type: 'number[][]', doc: 'K probabilities, in the same orientation as logits.' },
};

export const CROSSENTROPY_DECLARATION: FunctionDeclaration = {
  name: 'CROSSENTROPY',
  description:
    'Cross-entropy loss: −ln of the probability given to the true class. 0 when the network is certain and right; large when it ' +
    'gives the true class a small probability. This is the loss training minimises.',
  parameters: [
    PROBABILITIES,
    {
      name: 'label',
      kind: 'value',
      type: 'number|string|number[][]',
      doc: 'The true class: its number (1 to K), its name (needs classes), or a one-hot range of K cells.',
    },
    {
      name: 'classes',
      kind: 'range',
      type: 'string[][]',
      optional: true,
      doc: 'K class names, in the order of probabilities; needed only when label is a name.',
    },
  ],
  returns: { type: 'number', doc: '−ln p(true class), in nats (0 or more).' },
};

export const KLDIV_DECLARATION: FunctionDeclaration = {
  name: 'KLDIV',
  description:
    'Kullback–Leibler divergence KL(p ‖ q) = Σ p·ln(p ÷ q): how much information is lost when q (the prediction) is used in place ' +
    'of p (the target). 0 when they are equal; for a one-hot p it equals the cross-entropy. p and q are each divided by their sum ' +
    'first (a sum may differ from 1 by rounding, up to 1e-6), so the result is never negative.',
  parameters: [
    {
      name: 'p',
      kind: 'range',
      type: 'number[][]',
      doc: 'The target distribution: K probabilities (each 0–1, adding up to 1), a column or row.',
    },
    {
      name: 'q',
      kind: 'range',
      type: 'number[][]',
      doc: 'The predicted distribution: K probabilities in the same order, e.g. the result of SOFTMAX.',
    },
  ],
  returns: { type: 'number', doc: 'KL(p ‖ q) in nats (0 or more).' },
};

export const PREDICT_DECLARATION: FunctionDeclaration = {
  name: 'PREDICT',
  description: 'The predicted class: the name of the class with the highest probability (the first one on a tie).',
  parameters: [
    PROBABILITIES,
    { name: 'classes', kind: 'range', type: 'string[][]', doc: 'K class names in the same order.' },
  ],
  returns: { type: 'string', doc: 'The name of the most probable class.' },
};

export const SHEETCNN_VERSION_DECLARATION: FunctionDeclaration = {
  name: 'SHEETCNN_VERSION',
  description:
    'The version of Sheet CNN whose custom functions this spreadsheet runs; a cell showing it proves that the custom functions ' +
    '(CONV2D, RELU, …) are active in this document.',
  parameters: [],
  returns: { type: 'string', doc: '"Sheet CNN" and the version number.' },
};

/** Every declaration, in the order the steps of the network use the functions. */
export const FUNCTION_DECLARATIONS: readonly FunctionDeclaration[] = [
  CONV2D_DECLARATION,
  RELU_DECLARATION,
  MAXPOOL_DECLARATION,
  FLATTENMAPS_DECLARATION,
  DENSE_DECLARATION,
  SOFTMAX_DECLARATION,
  CROSSENTROPY_DECLARATION,
  KLDIV_DECLARATION,
  PREDICT_DECLARATION,
  SHEETCNN_VERSION_DECLARATION,
];
