/**
 * The custom functions people type in a sheet, by name. Each takes arguments exactly as Google Sheets passes
 * them and returns what Sheets shows. CUSTOM_FUNCTION_SIGNATURES adds what an engine that must reserve spill
 * space before computing (the local one) needs: argument counts and the size of each result.
 */
import type { ResultSizeRule, SheetArg, SheetResult } from './args';
import { CONV2D, conv2dResultSize } from './conv2d';
import { CROSSENTROPY, crossEntropyResultSize } from './crossentropy';
import { DENSE, denseResultSize } from './dense';
import { FLATTENMAPS, flattenMapsResultSize } from './flattenmaps';
import { KLDIV, klDivResultSize } from './kldiv';
import { MAXPOOL, maxPoolResultSize } from './maxpool';
import { PREDICT, predictResultSize } from './predict';
import { RELU, reluResultSize } from './relu';
import { SOFTMAX, softmaxResultSize } from './softmax';
import { SHEETCNN_VERSION, sheetCnnVersionResultSize } from './sheetcnn_version';

export type { ArgShape, ResultSizeRule, SheetArg, SheetResult, SheetScalar } from './args';
export { MAX_CELLS } from './args';
export { CONV2D, CROSSENTROPY, DENSE, FLATTENMAPS, KLDIV, MAXPOOL, PREDICT, RELU, SHEETCNN_VERSION, SOFTMAX };

export type CustomFunction = (...args: SheetArg[]) => SheetResult;

export type CustomFunctionName = 'CONV2D' | 'RELU' | 'MAXPOOL' | 'FLATTENMAPS' | 'DENSE' | 'SOFTMAX' | 'CROSSENTROPY' | 'KLDIV' | 'PREDICT' | 'SHEETCNN_VERSION';

/** Name → implementation, in the order the steps of the network use them. */
export const CUSTOM_FUNCTIONS: Readonly<Record<CustomFunctionName, CustomFunction>> = {
  CONV2D,
  RELU,
  MAXPOOL,
  FLATTENMAPS,
  DENSE,
  SOFTMAX,
  CROSSENTROPY,
  KLDIV,
  PREDICT,
  SHEETCNN_VERSION,
};

export interface CustomFunctionSignature {
  /** Required arguments come first; the rest, up to the implementation's parameter count, are optional. */
  readonly requiredArgs: number;
  readonly resultSize: ResultSizeRule;
}

export const CUSTOM_FUNCTION_SIGNATURES: Readonly<Record<CustomFunctionName, CustomFunctionSignature>> = {
  CONV2D: { requiredArgs: 3, resultSize: conv2dResultSize },
  RELU: { requiredArgs: 1, resultSize: reluResultSize },
  MAXPOOL: { requiredArgs: 2, resultSize: maxPoolResultSize },
  FLATTENMAPS: { requiredArgs: 2, resultSize: flattenMapsResultSize },
  DENSE: { requiredArgs: 3, resultSize: denseResultSize },
  SOFTMAX: { requiredArgs: 1, resultSize: softmaxResultSize },
  CROSSENTROPY: { requiredArgs: 2, resultSize: crossEntropyResultSize },
  KLDIV: { requiredArgs: 2, resultSize: klDivResultSize },
  PREDICT: { requiredArgs: 2, resultSize: predictResultSize },
  SHEETCNN_VERSION: { requiredArgs: 0, resultSize: sheetCnnVersionResultSize },
};
