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
  /** What the evidence is, e.g. "Pool2 map 5 · r1 c4". */
  readonly label: string;
  readonly input: SourcedNumber;
  readonly weight: SourcedNumber;
  readonly product: number;
}

/** A window of one input map (convolution, max pooling), as the panel draws it. */
export interface ExplainWindow {
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

/** Where a map cell sits: map (0-based), row y and column x (0-based). */
interface MapPlace {
  readonly map: number;
  readonly y: number;
  readonly x: number;
}

/**
 * What the sentences about a cell need beyond its numbers, per kind. The server reads and computes; the
 * sidebar words it (src/shared/explain-text.ts), which keeps the add-on's code small.
 */
export type ExplainFacts =
  | ({
      readonly kind: 'pixel' | 'input';
      readonly channel: string;
      readonly colour: string;
      readonly scale: string;
    } & MapPlace)
  | ({
      readonly kind: 'conv';
      readonly sheet: string;
      readonly inputSheet: string;
      readonly filtersSheet: string;
      /** Where the window's top-left corner lies on the input (may be in the padding: negative). */
      readonly top: number;
      readonly left: number;
      readonly stride: number;
      readonly padding: string;
      readonly kernel: number;
      readonly channels: number;
      /** Window cells in the zero padding. */
      readonly cordon: number;
    } & MapPlace)
  | ({ readonly kind: 'relu'; readonly sheet: string } & MapPlace)
  | ({
      readonly kind: 'pool';
      readonly sheet: string;
      readonly inputSheet: string;
      readonly size: number;
      readonly stride: number;
    } & MapPlace)
  | ({
      readonly kind: 'flatten';
      readonly index: number;
      readonly inputSheet: string;
      readonly height: number;
      readonly width: number;
    } & MapPlace)
  | { readonly kind: 'logit'; readonly classes: string[]; readonly weightsSheet: string }
  | { readonly kind: 'softmax'; readonly classes: string[] }
  | {
      readonly kind: 'loss';
      readonly classes: string[];
      /** The selected cell's row and column on the Loss sheet (1-based). */
      readonly row: number;
      readonly col: number;
    }
  | {
      readonly kind: 'convWeight' | 'convBias';
      readonly sheet: string;
      readonly filter: number;
      /** Weight: its input channel's name and place in the k×k block. */
      readonly channel: string;
      readonly i: number;
      readonly j: number;
      readonly inputSheet: string;
      readonly outputSheet: string;
    }
  | {
      readonly kind: 'denseWeight' | 'denseBias';
      readonly sheet: string;
      readonly className: string;
      readonly valueName: string;
      readonly logit: string;
    }
  | { readonly kind: 'other'; readonly reason: OtherReason };

/** Why a selected cell is not one of the model's numbers. */
export type OtherReason = 'noModel' | 'modelSheet' | 'labels' | 'blank' | 'notModel';

export interface CellExplanation {
  readonly sheet: string;
  /** The cell's A1 address without the sheet, e.g. "C5". */
  readonly cell: string;
  readonly kind: ExplainKind;
  readonly facts: ExplainFacts;
  /** The value as the sheet holds it (full precision; text when it shows a message). */
  readonly value: number | string | boolean;
  /** The values the cell is computed from (ReLU: the conv cell; pooling: the window; softmax: every logit; loss: the probabilities; a dense weight: its flattened value). */
  readonly inputs: SourcedNumber[];
  /** A logit's largest evidence × weight contributions (a convolution's products are its windows' values × weights). */
  readonly terms: ExplainTerm[];
  /** Logit: how many products are not listed in `terms`, and their sum. */
  readonly otherTerms?: { readonly count: number; readonly sum: number };
  readonly bias?: SourcedNumber;
  readonly windows: ExplainWindow[];
  /** Logit, softmax: the class of the cell; loss: the label (-1: none). */
  readonly classIndex?: number;
  /** Weights (and pixels): how many cells it feeds; they are what `highlight` selects. */
  readonly touches?: number;
  /** Weights: dL/dw from the gradients sheet, when Step once has written it; the weight itself is `weight`. */
  readonly gradient?: SourcedNumber;
  readonly weight?: SourcedNumber;
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
