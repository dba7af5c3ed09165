/**
 * "Explain this cell": how one number of the model is computed, with the numbers read from the sheets.
 * The server builds it (src/sheet/explain.ts), the sidebar's Explain panel draws it.
 */

/** A number read from one cell, with the cell's A1 address (sheet included, e.g. "Input!C5"). */
export interface SourcedNumber {
  readonly source: string;
  readonly value: number;
}

/** One product of a weighted sum: an input value times its weight. */
export interface ExplainTerm {
  /** What the input is, e.g. "R row 2, column 3" or "Pool2 map 5 · r1 c4". */
  readonly label: string;
  readonly input: SourcedNumber;
  readonly weight: SourcedNumber;
  readonly product: number;
}

/** A window of one input map (convolution, max pooling), as the panel draws it. */
export interface ExplainWindow {
  readonly caption: string;
  /** The cells of the window that lie inside the map (A1, sheet included); null when it lies wholly in the padding. */
  readonly source: string | null;
  /** Row by row; null where the window lies in the zero padding (the cordon around the picture). */
  readonly values: (number | null)[][];
  /** Convolution: the filter's block for this channel, the same size. */
  readonly weights?: number[][];
  readonly weightSource?: string;
  /** Max pooling: where the largest value is. */
  readonly max?: { readonly row: number; readonly col: number };
}

export type ExplainKind =
  | 'pixel'
  | 'input'
  | 'conv'
  | 'relu'
  | 'pool'
  | 'flatten'
  | 'logit'
  | 'softmax'
  | 'loss'
  | 'convWeight'
  | 'convBias'
  | 'denseWeight'
  | 'denseBias'
  | 'other';

/** Cells of one sheet, in A1 without the sheet name ("B4:D6"). */
export interface SheetRanges {
  readonly sheet: string;
  readonly ranges: string[];
}

export interface CellExplanation {
  readonly sheet: string;
  /** The cell's A1 address without the sheet, e.g. "C5". */
  readonly cell: string;
  readonly kind: ExplainKind;
  /** What the cell is, e.g. "Conv1 · map 2, row 3, column 4". */
  readonly title: string;
  /** The value as the sheet holds it (full precision; text when it shows a message). */
  readonly value: number | string | boolean;
  /** Sentences with the actual numbers, in reading order. */
  readonly lines: string[];
  /** The values the cell is computed from (ReLU: the conv cell; pooling: the window; softmax: every logit; …). */
  readonly inputs: SourcedNumber[];
  /** Weighted sums (convolution, logit): input × weight. For a logit only the largest contributions. */
  readonly terms: ExplainTerm[];
  /** Logit: how many products are not listed in `terms`, and their sum. */
  readonly otherTerms?: { readonly count: number; readonly sum: number };
  readonly bias?: SourcedNumber;
  readonly windows: ExplainWindow[];
  /** Softmax and loss: the class index the cell is about / the label (-1: none). */
  readonly classIndex?: number;
  /** Weights: the cells the weight feeds, and how many. */
  readonly touches?: { readonly count: number; readonly where: SheetRanges };
  /** Weights: dL/dw from the gradients sheet, when Step once has written it. */
  readonly gradient?: SourcedNumber;
  /** The computation with the numbers, ending in the result. */
  readonly equation: string;
  /** What "Show in sheet" selects: the cells this one is computed from (for a weight, the cells it feeds). */
  readonly highlight: SheetRanges | null;
}

/** The answer to the sidebar's poll: the selected cell, and its explanation when it is new or asked for. */
export interface ActiveCellExplanation {
  /** "Sheet!A1" of the selected cell, '' when nothing is selected. */
  readonly key: string;
  /** null when the selection is the one the sidebar already shows (and no refresh was asked for). */
  readonly explanation: CellExplanation | null;
  /** Why the selected cell cannot be explained (e.g. an input cell holds text). */
  readonly error?: string;
}
