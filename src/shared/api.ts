/**
 * The contract between the sidebar and the server: every google.script.run target, its request and its
 * answer. The sidebar imports only types from here; src/server implements ServerApi.
 */
import type { ModelLayers, PresetName } from '../core/architecture';
import type { AugmentStrength } from '../core/augment';
import type { KernelPath } from '../core/simd/kernels';
import type { ModelSpec } from '../core/types';
import type { ActiveCellExplanation, SheetRanges } from './explanation';
import type { ScriptPart } from './script-parts';

export type { AugmentStrength };

export type FormulaMode = 'custom' | 'native' | 'values';
/** A preset network (src/core/architecture.ts PRESETS). */
export type SpecName = PresetName;
export type OptimizerKind = 'sgd' | 'momentum' | 'adam';

/** A picture decoded and resized by the browser: RGB bytes, row-major, 3 per pixel. */
export interface PicturePixels {
  /** File name or 'pasted image', shown back to the user as text. */
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** Base64 of width*height*3 bytes (R, G, B per pixel). */
  readonly rgbBase64: string;
}

/** "Picture only": a picture as coloured numbers, without the network. */
export interface PictureOnlyRequest {
  readonly picture: PicturePixels;
  /** 'channels': sheets Picture R, G, B; 'rows': one sheet, three rows (R, G, B) per pixel row. */
  readonly layout: 'channels' | 'rows';
}

export interface PictureOnlyResult {
  readonly sheets: string[];
  readonly width: number;
  readonly height: number;
}

export interface ModelInfo {
  readonly exists: boolean;
  /** The preset the layers are, or 'custom' for a network of the user's own. */
  readonly specName: SpecName | 'custom';
  /** The layers (input, scale, conv blocks) the sheets were built from. */
  readonly layers: ModelLayers;
  readonly mode: FormulaMode;
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly classes: string[];
  /** Index of the chosen label for the picture in R/G/B, or -1. */
  readonly label: number;
  readonly seed: number;
  /** Sherlock mode is on (the Build model panel shows it). */
  readonly sherlock: boolean;
  /** Whether Sheets runs the custom functions in this document (custom mode only; see the Model sheet's probe). */
  readonly customFunctions: CustomFunctionStatus;
  /** The kernels the server trains on (the Build panel estimates a training call's pictures for them). */
  readonly trainingKernels: KernelPath;
}

export type CustomFunctionStatus = 'active' | 'inactive' | 'checking' | 'not used';

export interface BuildModelRequest {
  /** A preset's layers; give this or `layers`. */
  readonly specName?: SpecName;
  /** Layers of the user's own (see ModelLayers; checked with specProblems). */
  readonly layers?: ModelLayers;
  readonly mode: FormulaMode;
  readonly seed: number;
  /** Omit to keep the current classes (or use the defaults). */
  readonly classes?: string[];
  /** Start the filters from the article's 1s and 0s (articleFilters) instead of seeded random weights. */
  readonly articleWeights?: boolean;
  /** Sherlock mode: the detective story beside the maths on every step sheet. Omit to keep the current setting. */
  readonly sherlock?: boolean;
}

export interface Prediction {
  readonly classes: string[];
  readonly probabilities: number[];
  readonly predicted: number;
  /** -1 when no label is chosen. */
  readonly label: number;
  /** Present when a label is chosen. */
  readonly loss?: { readonly crossEntropy: number; readonly distance: number; readonly klDivergence: number };
}

export interface ClassCount {
  readonly name: string;
  readonly train: number;
  readonly test: number;
}

export interface DatasetSummary {
  readonly total: number;
  readonly classes: ClassCount[];
}

export interface AddPicturesRequest {
  /** Class name; created in the Classes sheet when new. */
  readonly label: string;
  readonly pictures: PicturePixels[];
}

export interface AddPicturesResult {
  readonly added: number;
  /** Names of pictures skipped because the same pixels are already in the dataset (or twice in this request). */
  readonly duplicates: string[];
  readonly summary: DatasetSummary;
}

export interface TrainRequest {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: OptimizerKind;
  /**
   * Change each training picture a little each time it is used (mirror, shift, brightness, contrast; seeded):
   * 'light', 'medium' or 'strong'. Default 'off'.
   */
  readonly augment?: AugmentStrength;
  /** Milliseconds of work per call, 1 to 280 000 (280 s); the server refuses more. Default 25 000. */
  readonly budgetMs?: number;
}

/** One row of the Training log sheet: written at each epoch's end and at the end of each call. */
export interface TrainLogRow {
  /** Whole epochs done. */
  readonly epoch: number;
  /** Batches done in the epoch after those (0 at an epoch's end). */
  readonly step: number;
  /** Means over the batches since the previous row, measured before each update. */
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  /** The whole test split at this row; NaN (null once sent to the page) when there are no test pictures. */
  readonly testLoss: number;
  readonly testAccuracy: number;
  readonly imagesPerSecond: number;
  /** "YYYY-MM-DD hh:mm:ss UTC". */
  readonly time: string;
}

export interface TrainProgress {
  /** 'busy': someone else holds the model; message says who when known. */
  readonly status: 'running' | 'done' | 'busy';
  readonly message: string;
  /** Whole epochs done (since the weights were reset). */
  readonly epoch: number;
  /** Batches done in the current epoch. */
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly totalEpochs: number;
  /** Estimated seconds left, from this call's speed (NaN when it cannot be estimated yet). */
  readonly secondsLeft: number;
  readonly imagesPerSecond: number;
  /** The whole log so far, for the curve. */
  readonly log: TrainLogRow[];
}

export interface EvaluationResult {
  readonly classes: string[];
  readonly count: number;
  readonly accuracy: number;
  readonly perClassAccuracy: number[];
  /** confusion[actual][predicted]. */
  readonly confusion: number[][];
}

/**
 * A model's layers and weights as plain numbers, for the model files made and read in the browser. Shapes
 * follow the spec: conv weights [filters, channels, k, k] row-major, dense weights [inputs, classes].
 */
export interface ModelTransfer {
  readonly spec: ModelSpec;
  readonly conv: { readonly weights: number[]; readonly bias: number[] }[];
  readonly dense: { readonly weights: number[]; readonly bias: number[] };
}

/** One picture of the Dataset sheet, as the dataset archive needs it. */
export interface DatasetRowTransfer {
  readonly label: string;
  readonly name: string;
  readonly split: 'train' | 'test';
  readonly width: number;
  readonly height: number;
  /** Base64 of width×height×3 bytes, as stored in the sheet. */
  readonly pixels: string;
}

/** Part of the Dataset sheet, from row `start` (0-based among the pictures); `nextStart` is null at the end. */
export interface DatasetPage {
  readonly total: number;
  readonly rows: DatasetRowTransfer[];
  readonly nextStart: number | null;
}

/** Every server endpoint the sidebar may call through google.script.run. */
export interface ServerApi {
  getModelInfo(): ModelInfo;
  /** A short text that changes whenever the model's sheets change (any pixel, weight, setting or class). */
  getModelStamp(): string;
  buildModel(request: BuildModelRequest): ModelInfo;
  /** Rebuilds the model's sheets in another formula mode, keeping its weights, picture and label. */
  setFormulaMode(mode: FormulaMode): ModelInfo;
  importImage(picture: PicturePixels): ModelInfo;
  /** Writes a picture of any size as coloured numbers (no model needed). */
  importPictureOnly(request: PictureOnlyRequest): PictureOnlyResult;
  setLabel(label: number): ModelInfo;
  runForwardPass(): Prediction;
  getDataset(): DatasetSummary;
  addPictures(request: AddPicturesRequest): AddPicturesResult;
  addClass(name: string): ModelInfo;
  renameClass(index: number, name: string): ModelInfo;
  removeClass(index: number): ModelInfo;
  splitDataset(testFraction: number, seed: number): DatasetSummary;
  trainBatch(request: TrainRequest): TrainProgress;
  resetWeights(seed: number): ModelInfo;
  stepOnce(request: TrainRequest): TrainProgress;
  evaluate(): EvaluationResult;
  exportModel(): ModelTransfer;
  importModel(model: ModelTransfer): ModelInfo;
  getDatasetPage(start: number): DatasetPage;
  /**
   * One part of the face detector's script (~1.5 MB in parts of ≤150 KB, src/shared/script-parts.ts), which
   * the sidebar loads only when it first needs a face.
   */
  getFaceDetectorPart(part: number): ScriptPart;
  /** The selected cell's explanation; null explanation when the selection is still `previousKey` ('' asks afresh). */
  explainSelection(previousKey: string): ActiveCellExplanation;
  /** Shows a sheet with these blocks selected; returns the key of the cell that is now current. */
  showCells(request: SheetRanges): string;
}
