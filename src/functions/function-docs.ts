/**
 * What Sheets shows for each custom function: its description, the text of each range, padding and value
 * parameter, and what it returns. Whole-number parameters need no entry: their text is written from the
 * declared meaning, bound and default. Only the build reads this (jsdoc.ts writes the stubs' JSDoc from it and
 * declarations.ts), so the add-on bundle stays free of it; jsdoc.ts refuses a parameter documented here but not
 * declared, or declared but not documented.
 */

/** The JSDoc type and text of a range or value parameter; a padding parameter has text only. */
export interface ParameterDoc {
  readonly type?: 'number[][]' | 'number[]' | 'string[][]' | 'number|string|number[][]';
  readonly doc: string;
}

export interface FunctionDoc {
  /** What the function does, as Sheets shows it when the function is typed. */
  readonly description: string;
  /** By parameter name. */
  readonly parameters: Readonly<Record<string, ParameterDoc>>;
  readonly returns: { readonly type: string; readonly doc: string };
}

const MAP_GRID = 'laid out as a grid of blocks (ceil(√C) blocks across, one blank row and column between blocks)';
const PROBABILITIES: ParameterDoc = {
  type: 'number[][]',
  doc: 'K class probabilities (each 0–1, adding up to 1), a column or row, e.g. the result of SOFTMAX.',
};

export const FUNCTION_DOCS: Readonly<Record<string, FunctionDoc>> = {
  CONV2D: {
    description:
      'Convolves input maps with a bank of filters: each filter slides over all input maps at once, multiplies each window by its weights, ' +
      'sums, and adds its bias, giving one output map per filter.',
    parameters: {
      input: {
        type: 'number[][]',
        doc: `The input maps: C maps of H×W cells ${MAP_GRID}, where C is the filters' depth.`,
      },
      filters: {
        type: 'number[][]',
        doc: 'The weights: one row of blocks per filter, one k×k block per input channel, one blank row and column between blocks (F×k+F−1 rows, C×k+C−1 columns).',
      },
      biases: {
        type: 'number[]',
        doc: 'One bias per filter, as a column (or row) of F cells; F is read from its length.',
      },
      padding: {
        doc: '"valid" (no padding), "same" (output of ceil(H ÷ stride) rows) or a whole number of zero cells added on each side.',
      },
    },
    returns: { type: 'number[][]', doc: 'F output maps laid out as a grid of blocks, blank between blocks.' },
  },
  RELU: {
    description:
      'Rectified linear unit: keeps positive numbers and turns negative ones into 0, cell by cell. Blank cells (the gaps between maps) ' +
      'stay blank, so the result has the same layout as the range.',
    parameters: {
      range: {
        type: 'number[][]',
        doc: 'Numbers of any layout (e.g. a grid of feature maps); blank cells are kept blank.',
      },
    },
    returns: { type: 'number[][]', doc: 'max(0, x) for every number, blanks where the range is blank.' },
  },
  MAXPOOL: {
    description:
      'Max pooling: slides a size×size window over every map and keeps the largest number of each window, shrinking the maps while ' +
      'keeping the strongest responses. No padding: a window never leaves the map.',
    parameters: { input: { type: 'number[][]', doc: `C maps of H×W ${MAP_GRID}.` } },
    returns: {
      type: 'number[][]',
      doc: 'C pooled maps of floor((H − size) ÷ stride) + 1 rows, laid out as a grid of blocks like the input.',
    },
  },
  FLATTENMAPS: {
    description:
      'Flattens a grid of maps into one column of numbers: all of map 1 row by row, then map 2, and so on (channel-major order), ' +
      'ready for the fully connected layer.',
    parameters: { input: { type: 'number[][]', doc: `C maps of H×W ${MAP_GRID}.` } },
    returns: { type: 'number[][]', doc: 'One column of C×H×W numbers.' },
  },
  DENSE: {
    description:
      'Fully connected layer: every output k is its bias plus the sum of vector × weights column k. With one weights column per class, ' +
      'the outputs are the logits (class scores) that SOFTMAX turns into probabilities.',
    parameters: {
      vector: { type: 'number[][]', doc: 'N numbers, a column (or row), e.g. the result of FLATTENMAPS.' },
      weights: { type: 'number[][]', doc: 'N rows × K columns of weights, one column per class.' },
      biases: { type: 'number[]', doc: 'K biases, a row (or column), one per class.' },
    },
    returns: { type: 'number[][]', doc: 'One column of K outputs (logits).' },
  },
  SOFTMAX: {
    description:
      'Softmax: turns class scores (logits) into probabilities that are positive and add up to 1: exp(z_k) ÷ Σ exp(z_j). ' +
      'Computed stably, so logits of ±1000 work.',
    parameters: {
      logits: { type: 'number[][]', doc: 'K class scores, a column (or row), e.g. the result of DENSE.' },
    },
    returns: { type: 'number[][]', doc: 'K probabilities, in the same orientation as logits.' },
  },
  CROSSENTROPY: {
    description:
      'Cross-entropy loss: −ln of the probability given to the true class. 0 when the network is certain and right; large when it ' +
      'gives the true class a small probability. This is the loss training minimises.',
    parameters: {
      probabilities: PROBABILITIES,
      label: {
        type: 'number|string|number[][]',
        doc: 'The true class: its number (1 to K), its name (needs classes), or a one-hot range of K cells.',
      },
      classes: {
        type: 'string[][]',
        doc: 'K class names, in the order of probabilities; needed only when label is a name.',
      },
    },
    returns: { type: 'number', doc: '−ln p(true class), in nats (0 or more).' },
  },
  KLDIV: {
    description:
      'Kullback–Leibler divergence KL(p ‖ q) = Σ p·ln(p ÷ q): how much information is lost when q (the prediction) is used in place ' +
      'of p (the target). 0 when they are equal; for a one-hot p it equals the cross-entropy. p and q are each divided by their sum ' +
      'first (a sum may differ from 1 by rounding, up to 1e-6), so the result is never negative.',
    parameters: {
      p: {
        type: 'number[][]',
        doc: 'The target distribution: K probabilities (each 0–1, adding up to 1), a column or row.',
      },
      q: {
        type: 'number[][]',
        doc: 'The predicted distribution: K probabilities in the same order, e.g. the result of SOFTMAX.',
      },
    },
    returns: { type: 'number', doc: 'KL(p ‖ q) in nats (0 or more).' },
  },
  PREDICT: {
    description: 'The predicted class: the name of the class with the highest probability (the first one on a tie).',
    parameters: {
      probabilities: PROBABILITIES,
      classes: { type: 'string[][]', doc: 'K class names in the same order.' },
    },
    returns: { type: 'string', doc: 'The name of the most probable class.' },
  },
  SHEETCNN_VERSION: {
    description:
      'The version of Sheet CNN whose custom functions this spreadsheet runs; a cell showing it proves that the custom functions ' +
      '(CONV2D, RELU, …) are active in this document.',
    parameters: {},
    returns: { type: 'string', doc: '"Sheet CNN" and the version number.' },
  },
};
