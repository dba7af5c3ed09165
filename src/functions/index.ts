/**
 * The custom functions people type in a sheet, by name. Each takes arguments exactly as Google Sheets passes
 * them and returns what Sheets shows; declarations.ts declares each one's parameters. CUSTOM_FUNCTION_SIGNATURES
 * adds what an engine that must reserve spill space before computing (the local one) needs: argument counts
 * (from the declarations) and the size of each result.
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
import {
  CONV2D_DECLARATION,
  CROSSENTROPY_DECLARATION,
  DENSE_DECLARATION,
  FLATTENMAPS_DECLARATION,
  KLDIV_DECLARATION,
  MAXPOOL_DECLARATION,
  PREDICT_DECLARATION,
  RELU_DECLARATION,
  SHEETCNN_VERSION_DECLARATION,
  SOFTMAX_DECLARATION,
  isOptional,
} from './declarations';
import type { FunctionDeclaration } from './declarations';

export type { ArgShape, ResultSizeRule, SheetArg, SheetResult, SheetScalar } from './args';
export { MAX_CELLS } from './args';
export type { FunctionDeclaration, ParameterDeclaration } from './declarations';
export { CONV2D, CROSSENTROPY, DENSE, FLATTENMAPS, KLDIV, MAXPOOL, PREDICT, RELU, SHEETCNN_VERSION, SOFTMAX };

export type CustomFunction = (...args: SheetArg[]) => SheetResult;

export type CustomFunctionName =
  | 'CONV2D'
  | 'RELU'
  | 'MAXPOOL'
  | 'FLATTENMAPS'
  | 'DENSE'
  | 'SOFTMAX'
  | 'CROSSENTROPY'
  | 'KLDIV'
  | 'PREDICT'
  | 'SHEETCNN_VERSION';

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
  readonly declaration: FunctionDeclaration;
  /** Required arguments come first; the rest, up to `maxArgs`, are optional. */
  readonly requiredArgs: number;
  readonly maxArgs: number;
  readonly resultSize: ResultSizeRule;
}

function signature(declaration: FunctionDeclaration, resultSize: ResultSizeRule): CustomFunctionSignature {
  const requiredArgs = declaration.parameters.filter((p) => !isOptional(p)).length;
  return { declaration, requiredArgs, maxArgs: declaration.parameters.length, resultSize };
}

export const CUSTOM_FUNCTION_SIGNATURES: Readonly<Record<CustomFunctionName, CustomFunctionSignature>> = {
  CONV2D: signature(CONV2D_DECLARATION, conv2dResultSize),
  RELU: signature(RELU_DECLARATION, reluResultSize),
  MAXPOOL: signature(MAXPOOL_DECLARATION, maxPoolResultSize),
  FLATTENMAPS: signature(FLATTENMAPS_DECLARATION, flattenMapsResultSize),
  DENSE: signature(DENSE_DECLARATION, denseResultSize),
  SOFTMAX: signature(SOFTMAX_DECLARATION, softmaxResultSize),
  CROSSENTROPY: signature(CROSSENTROPY_DECLARATION, crossEntropyResultSize),
  KLDIV: signature(KLDIV_DECLARATION, klDivResultSize),
  PREDICT: signature(PREDICT_DECLARATION, predictResultSize),
  SHEETCNN_VERSION: signature(SHEETCNN_VERSION_DECLARATION, sheetCnnVersionResultSize),
};
