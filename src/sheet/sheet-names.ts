import type { ModelSpec } from '../core/types';

/**
 * Names of the sheets a model lives in. Conv blocks are numbered from 1 in sheet names (Conv1, ReLU1, …)
 * because that is how people count; code indexes blocks from 0.
 */

/** The picture's channels, one sheet each, in CHW channel order. */
export const CHANNEL_SHEETS: readonly string[] = ['R', 'G', 'B'];
export const CHANNEL_NAMES: readonly string[] = ['red', 'green', 'blue'];
/** A grey (1-channel) picture's one sheet. */
export const GREY_SHEET = 'Grey';

/** The sheets a picture of `channels` channels lives in: R, G, B for colour, Grey for grey. */
export function pictureSheets(channels: number): readonly string[] {
  return channels === 1 ? [GREY_SHEET] : CHANNEL_SHEETS;
}

/** How a channel is named in sheet text: red, green, blue, or grey. */
export function pictureChannelNames(channels: number): readonly string[] {
  return channels === 1 ? ['grey'] : CHANNEL_NAMES;
}

/** Every sheet a picture can live in (colour or grey). */
export const ALL_PICTURE_SHEETS: readonly string[] = [...CHANNEL_SHEETS, GREY_SHEET];
export const INPUT_SHEET = 'Input';
export const FLATTEN_SHEET = 'Flatten';
export const DENSE_SHEET = 'Dense weights';
export const LOGITS_SHEET = 'Logits';
export const SOFTMAX_SHEET = 'Softmax';
export const LOSS_SHEET = 'Loss';
export const MODEL_SHEET = 'Model';
export const DENSE_GRADIENTS_SHEET = 'Dense gradients';

export const filtersSheet = (block: number): string => `Conv${block + 1} filters`;
export const filterGradientsSheet = (block: number): string => `Conv${block + 1} gradients`;
export const convSheet = (block: number): string => `Conv${block + 1}`;
export const reluSheet = (block: number): string => `ReLU${block + 1}`;
export const poolSheet = (block: number): string => `Pool${block + 1}`;

/** The sheet holding what block `block` outputs (its pool, or its ReLU when it does not pool). */
export function blockOutputSheet(spec: ModelSpec, block: number): string {
  return spec.blocks[block].pool ? poolSheet(block) : reluSheet(block);
}

/** The sheet block `block` reads: the scaled input for the first block, the previous block's output after. */
export function blockInputSheet(spec: ModelSpec, block: number): string {
  return block === 0 ? INPUT_SHEET : blockOutputSheet(spec, block - 1);
}

/** Every sheet of the model, in tab order. */
export function modelSheetNames(spec: ModelSpec): string[] {
  const names = [...pictureSheets(spec.input.channels), INPUT_SHEET];
  spec.blocks.forEach((block, i) => {
    names.push(filtersSheet(i), convSheet(i), reluSheet(i));
    if (block.pool) names.push(poolSheet(i));
  });
  names.push(FLATTEN_SHEET, DENSE_SHEET, LOGITS_SHEET, SOFTMAX_SHEET, LOSS_SHEET, MODEL_SHEET);
  return names;
}

const NUMBERED_SHEET = /^(Conv\d+( filters| gradients)?|ReLU\d+|Pool\d+)$/;
const FIXED_SHEETS = new Set([
  ...ALL_PICTURE_SHEETS,
  INPUT_SHEET,
  FLATTEN_SHEET,
  DENSE_SHEET,
  LOGITS_SHEET,
  SOFTMAX_SHEET,
  LOSS_SHEET,
  MODEL_SHEET,
  DENSE_GRADIENTS_SHEET,
]);

/**
 * Whether a sheet belongs to a model (any spec), so a rebuild can remove sheets of blocks that no longer
 * exist and gradients that belong to old weights, while leaving the user's own sheets alone.
 */
export function isModelSheet(name: string): boolean {
  return FIXED_SHEETS.has(name) || NUMBERED_SHEET.test(name);
}
