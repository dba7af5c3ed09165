/**
 * Every custom function's parameters, declared once as data (as HyperFormula's function plugins declare theirs):
 * names, kinds, bounds and defaults. From these tables come the argument checks and defaults (args.ts) and the
 * argument counts the local engine enforces. The text Sheets shows for each function and parameter lives beside
 * them in function-docs.ts, which only the build reads (to write the stubs' JSDoc, through jsdoc.ts), so the
 * add-on bundle does not carry it. This module holds data only.
 */

/** A range (or one cell) of numbers or names, passed to the function as a 2-D array. */
export interface RangeParameter {
  readonly name: string;
  readonly kind: 'range';
  readonly optional?: true;
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
}

/** A number, a text or a range, which the function reads itself (e.g. a label given as number, name or one-hot). */
export interface ValueParameter {
  readonly name: string;
  readonly kind: 'value';
}

export type ParameterDeclaration = RangeParameter | IntegerParameter | PaddingParameter | ValueParameter;

export interface FunctionDeclaration {
  readonly name: string;
  /** In call order; the optional ones come last. */
  readonly parameters: readonly ParameterDeclaration[];
}

/** Whether a call may leave the parameter out. */
export function isOptional(parameter: ParameterDeclaration): boolean {
  return parameter.kind === 'range'
    ? parameter.optional === true
    : 'default' in parameter && parameter.default !== undefined;
}

const CHANNELS: IntegerParameter = {
  name: 'channels',
  kind: 'integer',
  min: 1,
  meaning: 'how many maps the input grid holds',
};
const range = (name: string): RangeParameter => ({ name, kind: 'range' });

export const CONV2D_DECLARATION: FunctionDeclaration = {
  name: 'CONV2D',
  parameters: [
    range('input'),
    range('filters'),
    range('biases'),
    { name: 'stride', kind: 'integer', min: 1, meaning: 'cells the filter moves per step', default: 1 },
    { name: 'padding', kind: 'padding', default: 'valid' },
  ],
};

export const RELU_DECLARATION: FunctionDeclaration = { name: 'RELU', parameters: [range('range')] };

export const MAXPOOL_DECLARATION: FunctionDeclaration = {
  name: 'MAXPOOL',
  parameters: [
    range('input'),
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
};

export const FLATTENMAPS_DECLARATION: FunctionDeclaration = {
  name: 'FLATTENMAPS',
  parameters: [range('input'), CHANNELS],
};

export const DENSE_DECLARATION: FunctionDeclaration = {
  name: 'DENSE',
  parameters: [range('vector'), range('weights'), range('biases')],
};

export const SOFTMAX_DECLARATION: FunctionDeclaration = { name: 'SOFTMAX', parameters: [range('logits')] };

export const CROSSENTROPY_DECLARATION: FunctionDeclaration = {
  name: 'CROSSENTROPY',
  parameters: [range('probabilities'), { name: 'label', kind: 'value' }, { ...range('classes'), optional: true }],
};

export const KLDIV_DECLARATION: FunctionDeclaration = { name: 'KLDIV', parameters: [range('p'), range('q')] };

export const PREDICT_DECLARATION: FunctionDeclaration = {
  name: 'PREDICT',
  parameters: [range('probabilities'), range('classes')],
};

export const SHEETCNN_VERSION_DECLARATION: FunctionDeclaration = { name: 'SHEETCNN_VERSION', parameters: [] };

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
