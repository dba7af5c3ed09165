/**
 * The architect's view of a spec, shared by the Build model editor, the playground, the server and the CLI:
 * the ranges the editor offers, every problem of a spec with the field it is in and the fix, the presets
 * (the article's worked example and its variations, the default network, a Tiny VGG), the article's
 * "how many clues" arithmetic per layer, and what training one picture costs. Pure: no sheets, no DOM.
 */
import type { ConvBlockSpec, ModelParams, ModelSpec, Padding } from './types';
import { convOutputGeometry } from './conv';
import { blockInputChannels, DEFAULT_CLASSES, defaultSpec, smallSpec } from './spec';
import { winogradApplies } from './winograd';
import type { KernelPath } from './simd/kernels';
import { tensor } from './tensor';

/** The ranges the editor offers; a spec outside them is refused with the field named. */
export const ARCHITECTURE_LIMITS = {
  inputSize: { min: 4, max: 64 },
  channels: [1, 3] as readonly number[],
  blocks: { min: 1, max: 4 },
  filters: { min: 1, max: 64 },
  kernel: { min: 1, max: 7 },
  stride: { min: 1, max: 3 },
  poolSize: { min: 1, max: 8 },
  poolStride: { min: 1, max: 8 },
  classes: { min: 2, max: 50 },
} as const;

/** Most classes a model may have: each is a column of dense weights and a bar in the sidebar. */
export const MAX_CLASSES = ARCHITECTURE_LIMITS.classes.max;

/** The layers of a spec without its classes: what the Model sheet stores as JSON and the CLI reads. */
export type ModelLayers = Omit<ModelSpec, 'classes'>;

/** One thing wrong with a spec: the field it is in (a path such as "blocks[2].kernel") and a message saying the fix. */
export interface SpecProblem {
  readonly field: string;
  readonly message: string;
}

function blockLabel(index: number): string {
  return `Block ${index + 1}`;
}

function isWhole(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function rangeProblem(
  field: string,
  label: string,
  value: unknown,
  range: { min: number; max: number },
): SpecProblem | null {
  if (isWhole(value) && value >= range.min && value <= range.max) return null;
  return { field, message: `${label} is ${shown(value)}; choose a whole number from ${range.min} to ${range.max}.` };
}

/** Problems of one block's own fields (ranges), before its geometry is checked. */
function blockFieldProblems(block: ConvBlockSpec, i: number): SpecProblem[] {
  const L = ARCHITECTURE_LIMITS;
  const at = `blocks[${i}]`;
  const label = blockLabel(i);
  if (typeof block !== 'object' || block === null) {
    return [{ field: at, message: `${label} is ${shown(block)}; give { filters, kernel, stride, padding, pool }.` }];
  }
  const problems = [
    rangeProblem(`${at}.filters`, `${label} filters`, block.filters, L.filters),
    rangeProblem(`${at}.kernel`, `${label} kernel`, block.kernel, L.kernel),
    rangeProblem(`${at}.stride`, `${label} stride`, block.stride, L.stride),
  ];
  const padding: unknown = block.padding;
  const kernel = isWhole(block.kernel) ? block.kernel : L.kernel.max;
  if (!(padding === 'valid' || padding === 'same' || (isWhole(padding) && padding >= 0 && padding < kernel))) {
    problems.push({
      field: `${at}.padding`,
      message:
        `${label} padding is ${shown(padding)}; choose 'valid', 'same' or a whole number of zero cells from 0 to ${kernel - 1} ` +
        `(more than kernel − 1 adds outputs that see only zeros).`,
    });
  }
  if (block.pool !== null) {
    if (typeof block.pool !== 'object' || block.pool === undefined) {
      problems.push({
        field: `${at}.pool`,
        message: `${label} pool is ${shown(block.pool)}; give null (no pooling) or { size, stride }.`,
      });
    } else {
      problems.push(rangeProblem(`${at}.pool.size`, `${label} pool size`, block.pool.size, L.poolSize));
      problems.push(rangeProblem(`${at}.pool.stride`, `${label} pool stride`, block.pool.stride, L.poolStride));
    }
  }
  return problems.filter((p): p is SpecProblem => p !== null);
}

/** Problems of the classes: 2 to 50 distinct non-empty names. */
function classProblems(classes: unknown): SpecProblem[] {
  const L = ARCHITECTURE_LIMITS.classes;
  if (!Array.isArray(classes))
    return [{ field: 'classes', message: `Classes are ${shown(classes)}; give a list of ${L.min} to ${L.max} names.` }];
  if (classes.length < L.min || classes.length > L.max) {
    return [
      {
        field: 'classes',
        message: `${classes.length} classes given; a classifier needs ${L.min} to ${L.max}: add or remove names.`,
      },
    ];
  }
  const problems: SpecProblem[] = [];
  const seen = new Set<string>();
  classes.forEach((name: unknown, k) => {
    if (typeof name !== 'string' || name.trim() === '') {
      problems.push({ field: `classes[${k}]`, message: `Class ${k + 1} has no name; give every class a name.` });
    } else if (seen.has(name.trim().toLowerCase())) {
      problems.push({
        field: `classes[${k}]`,
        message: `Class name "${name.trim()}" appears twice; class names must differ (ignoring case).`,
      });
    } else {
      seen.add(name.trim().toLowerCase());
    }
  });
  return problems;
}

/**
 * Every problem of a spec the editor or a request sends, in reading order; empty when it describes a
 * working network within the editor's ranges. The layer geometry is followed block by block, so "a kernel
 * larger than its input" names the block and the size its input has there.
 */
export function specProblems(spec: ModelSpec): SpecProblem[] {
  if (typeof spec !== 'object' || spec === null)
    return [{ field: 'spec', message: 'The spec is missing; give { input, inputScale, blocks, classes }.' }];
  const L = ARCHITECTURE_LIMITS;
  const problems: SpecProblem[] = [];
  const input = spec.input as Partial<ModelSpec['input']> | null | undefined;
  if (typeof input !== 'object' || input === null) {
    problems.push({ field: 'input', message: 'The input is missing; give { channels, height, width }.' });
  } else {
    if (!L.channels.includes(input.channels as number)) {
      problems.push({
        field: 'input.channels',
        message: `Input channels is ${shown(input.channels)}; choose 3 (colour: R, G, B) or 1 (grey).`,
      });
    }
    for (const side of ['height', 'width'] as const) {
      const problem = rangeProblem(`input.${side}`, `Input ${side}`, input[side], L.inputSize);
      if (problem) problems.push(problem);
    }
    if (isWhole(input.height) && isWhole(input.width) && input.height !== input.width) {
      problems.push({
        field: 'input.width',
        message: `Input is ${input.height}×${input.width}; pictures are square: give the same height and width.`,
      });
    }
  }
  if (typeof spec.inputScale !== 'number' || !Number.isFinite(spec.inputScale) || spec.inputScale <= 0) {
    problems.push({
      field: 'inputScale',
      message: `inputScale is ${shown(spec.inputScale)}; give a positive number (1/255 maps pixels 0–255 to 0–1).`,
    });
  }
  if (!Array.isArray(spec.blocks) || spec.blocks.length < L.blocks.min || spec.blocks.length > L.blocks.max) {
    const count = Array.isArray(spec.blocks) ? `${spec.blocks.length} conv blocks given` : 'No conv blocks given';
    problems.push({ field: 'blocks', message: `${count}; give ${L.blocks.min} to ${L.blocks.max}.` });
  } else {
    spec.blocks.forEach((block, i) => problems.push(...blockFieldProblems(block, i)));
  }
  problems.push(...classProblems(spec.classes));
  if (problems.length === 0) problems.push(...geometryProblems(spec));
  return problems;
}

/** Follows the shapes block by block; the first block that does not fit its input is reported (later ones depend on it). */
function geometryProblems(spec: ModelSpec): SpecProblem[] {
  let size = spec.input.height;
  for (let i = 0; i < spec.blocks.length; i++) {
    const block = spec.blocks[i];
    const label = blockLabel(i);
    if (block.kernel > size) {
      return [
        {
          field: `blocks[${i}].kernel`,
          message: `${label} kernel ${block.kernel}×${block.kernel} is larger than its ${size}×${size} input; use a kernel of at most ${size}.`,
        },
      ];
    }
    const out = convOutputGeometry(size, block.kernel, block.stride, block.padding, label).outSize;
    if (block.pool) {
      if (block.pool.size > out) {
        return [
          {
            field: `blocks[${i}].pool.size`,
            message: `${label} pool window ${block.pool.size}×${block.pool.size} is larger than the ${out}×${out} map it pools; use a pool of at most ${out}, or no pool.`,
          },
        ];
      }
      size = Math.floor((out - block.pool.size) / block.pool.stride) + 1;
    } else {
      size = out;
    }
  }
  return [];
}

/** Throws the problems of a spec as one message (each names its field); nothing when it is fine. */
export function assertSpecWorks(spec: ModelSpec, where = 'Build model'): void {
  const problems = specProblems(spec);
  if (problems.length > 0) throw new Error(`${where}: ${problems.map((p) => p.message).join(' ')}`);
}

// ---------------------------------------------------------------------------------------------------------
// Presets.

export type PresetName = 'small' | 'small-same' | 'small-3-filters' | 'small-10-filters' | 'default' | 'tiny-vgg';

export interface Preset {
  readonly name: PresetName;
  /** What the editor's preset menu shows: short, to fit the 300-px sidebar. */
  readonly label: string;
  /** The preset in one line, shown in full when the menu is pointed at and on the Image panel. */
  readonly title: string;
  readonly layers: ModelLayers;
  /** Whether the preset can start from the article's filters of 1s and 0s (see articleFilters). */
  readonly articleWeights: boolean;
}

/** A spec's layers without its classes. */
export function layersOf(spec: ModelSpec): ModelLayers {
  const { input, inputScale, blocks } = spec;
  return { input, inputScale, blocks };
}

/** The article's worked example with a different padding or filter count (its 50, 75 and 250 clues). */
function articleVariant(padding: Padding, filters: number): ModelLayers {
  const small = layersOf(smallSpec());
  return { ...small, blocks: [{ ...small.blocks[0], padding, filters }] };
}

/** CNN Explainer's Tiny VGG: 64×64×3, two 3×3 convolutions of 10 filters before each 2×2 pool. */
function tinyVggLayers(): ModelLayers {
  const conv = (pool: boolean): ConvBlockSpec => ({
    filters: 10,
    kernel: 3,
    stride: 1,
    padding: 'valid',
    pool: pool ? { size: 2, stride: 2 } : null,
  });
  return {
    input: { channels: 3, height: 64, width: 64 },
    inputScale: 1 / 255,
    blocks: [conv(false), conv(true), conv(false), conv(true)],
  };
}

export const PRESETS: readonly Preset[] = [
  {
    name: 'small',
    label: 'Worked example (valid)',
    title: "Article's worked example: 5×5×3, 2 filters 3×3, stride 1, valid → 3×3×2",
    layers: layersOf(smallSpec()),
    articleWeights: true,
  },
  {
    name: 'small-same',
    label: 'Worked example, same padding',
    title: 'Worked example with same padding → 5×5×2',
    layers: articleVariant('same', 2),
    articleWeights: true,
  },
  {
    name: 'small-3-filters',
    label: 'Worked example, 3 filters',
    title: 'Worked example, same padding, 3 filters → 5×5×3',
    layers: articleVariant('same', 3),
    articleWeights: true,
  },
  {
    name: 'small-10-filters',
    label: 'Worked example, 10 filters',
    title: 'Worked example, same padding, 10 filters → 5×5×10',
    layers: articleVariant('same', 10),
    articleWeights: true,
  },
  {
    name: 'default',
    label: 'Default (28×28, 2 blocks)',
    title: 'Default: 28×28×3, conv 16 → pool → conv 64 → pool',
    layers: layersOf(defaultSpec()),
    articleWeights: false,
  },
  {
    name: 'tiny-vgg',
    label: 'Tiny VGG (64×64)',
    title: 'Tiny VGG (CNN Explainer): 64×64×3, 4 convs of 10 filters, 2 pools',
    layers: tinyVggLayers(),
    articleWeights: false,
  },
];

export const PRESET_NAMES: readonly PresetName[] = PRESETS.map((p) => p.name);

export function presetLayers(name: PresetName): ModelLayers {
  const preset = PRESETS.find((p) => p.name === name);
  if (!preset) throw new Error(`No preset named "${name}"; choose one of ${PRESET_NAMES.join(', ')}.`);
  return preset.layers;
}

/** The preset whose layers these are, or null for a network of the user's own. */
export function presetOf(layers: ModelLayers): Preset | null {
  const key = layersKey(layers);
  return PRESETS.find((p) => layersKey(p.layers) === key) ?? null;
}

/** The layers of a spec as one comparable string (field order of the JSON does not matter). */
export function layersKey(s: ModelLayers): string {
  const { channels, height, width } = s.input;
  const blocks = s.blocks.map((b) => [
    b.filters,
    b.kernel,
    b.stride,
    b.padding,
    b.pool ? [b.pool.size, b.pool.stride] : null,
  ]);
  return JSON.stringify([channels, height, width, s.inputScale, blocks]);
}

export function sameLayers(a: ModelSpec, b: ModelSpec): boolean {
  return layersKey(a) === layersKey(b);
}

/** The preset whose layers the spec has, else 'custom'. */
export function specName(spec: ModelSpec): PresetName | 'custom' {
  return presetOf(spec)?.name ?? 'custom';
}

export function specWith(layers: ModelLayers, classes: readonly string[] = DEFAULT_CLASSES): ModelSpec {
  return { input: layers.input, inputScale: layers.inputScale, blocks: layers.blocks, classes: [...classes] };
}

/**
 * The article's filters of 1s and 0s ("keeping the weights at 1 and 0 is to make the calculation more
 * convenient"), so a conv cell can be checked by hand: filter 1 is a plus (the middle row and column),
 * filter 2 a cross (both diagonals), filter 3 their union, and so on in turn; every channel's glass is the
 * same; filter f's bias is 1 for odd f (counting from 1) and 0 otherwise, so the hand check shows the bias.
 * Dense weights are the seeded ones `params` already has.
 */
export function articleFilters(spec: ModelSpec, params: ModelParams): ModelParams {
  const conv = spec.blocks.map((block, i) => {
    const k = block.kernel;
    const channels = blockInputChannels(spec, i);
    const mid = (k - 1) / 2;
    const plus = (y: number, x: number): boolean => y === Math.floor(mid) || x === Math.floor(mid);
    const cross = (y: number, x: number): boolean => y === x || y + x === k - 1;
    const patterns = [plus, cross, (y: number, x: number) => plus(y, x) || cross(y, x)];
    const weights = tensor([block.filters, channels, k, k]);
    const bias = tensor([block.filters]);
    for (let f = 0; f < block.filters; f++) {
      const on = patterns[f % patterns.length];
      bias.data[f] = f % 2 === 0 ? 1 : 0;
      for (let c = 0; c < channels; c++) {
        for (let y = 0; y < k; y++)
          for (let x = 0; x < k; x++) weights.data[((f * channels + c) * k + y) * k + x] = on(y, x) ? 1 : 0;
      }
    }
    return { weights, bias };
  });
  return { conv, dense: params.dense };
}

// ---------------------------------------------------------------------------------------------------------
// The clue count: values in → values out per layer, weights, multiply-adds.

export type LayerKind = 'input' | 'conv' | 'relu' | 'pool' | 'flatten' | 'dense' | 'softmax';

export interface LayerCount {
  readonly kind: LayerKind;
  /** Block index for conv, relu and pool; -1 otherwise. */
  readonly block: number;
  /** "Conv 1", "ReLU 1", "Pool 1", "Dense", … */
  readonly name: string;
  /** [channels, height, width] for maps, [n] for vectors. */
  readonly shape: readonly number[];
  readonly valuesIn: number;
  readonly valuesOut: number;
  readonly weights: number;
  readonly biases: number;
  /** Multiply-adds per picture (0 for layers that only copy, clamp or compare). */
  readonly multiplyAdds: number;
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * The article's arithmetic for every layer of a valid spec: 5×5×3 = 75 values in, 3×3×2 = 18 out of a valid
 * convolution with 2 filters, 5×5×2 = 50 with same padding, 75 with 3 filters, 250 with 10.
 */
export function clueCounts(spec: ModelSpec): LayerCount[] {
  const { channels, height, width } = spec.input;
  let shape: readonly number[] = [channels, height, width];
  const rows: LayerCount[] = [
    {
      kind: 'input',
      block: -1,
      name: 'Input',
      shape,
      valuesIn: product(shape),
      valuesOut: product(shape),
      weights: 0,
      biases: 0,
      multiplyAdds: 0,
    },
  ];
  spec.blocks.forEach((block, i) => {
    const inChannels = blockInputChannels(spec, i);
    const [, h, w] = shape;
    const outH = convOutputGeometry(h, block.kernel, block.stride, block.padding, blockLabel(i)).outSize;
    const outW = convOutputGeometry(w, block.kernel, block.stride, block.padding, blockLabel(i)).outSize;
    const conv = [block.filters, outH, outW];
    const perFilter = inChannels * block.kernel * block.kernel;
    rows.push({
      kind: 'conv',
      block: i,
      name: `Conv ${i + 1}`,
      shape: conv,
      valuesIn: product(shape),
      valuesOut: product(conv),
      weights: block.filters * perFilter,
      biases: block.filters,
      multiplyAdds: product(conv) * perFilter,
    });
    rows.push({
      kind: 'relu',
      block: i,
      name: `ReLU ${i + 1}`,
      shape: conv,
      valuesIn: product(conv),
      valuesOut: product(conv),
      weights: 0,
      biases: 0,
      multiplyAdds: 0,
    });
    shape = conv;
    if (block.pool) {
      const { size, stride } = block.pool;
      const pooled = [block.filters, Math.floor((outH - size) / stride) + 1, Math.floor((outW - size) / stride) + 1];
      rows.push({
        kind: 'pool',
        block: i,
        name: `Pool ${i + 1}`,
        shape: pooled,
        valuesIn: product(conv),
        valuesOut: product(pooled),
        weights: 0,
        biases: 0,
        multiplyAdds: 0,
      });
      shape = pooled;
    }
  });
  const flat = product(shape);
  const classes = spec.classes.length;
  rows.push({
    kind: 'flatten',
    block: -1,
    name: 'Flatten',
    shape: [flat],
    valuesIn: flat,
    valuesOut: flat,
    weights: 0,
    biases: 0,
    multiplyAdds: 0,
  });
  rows.push({
    kind: 'dense',
    block: -1,
    name: 'Dense',
    shape: [classes],
    valuesIn: flat,
    valuesOut: classes,
    weights: flat * classes,
    biases: classes,
    multiplyAdds: flat * classes,
  });
  rows.push({
    kind: 'softmax',
    block: -1,
    name: 'Softmax',
    shape: [classes],
    valuesIn: classes,
    valuesOut: classes,
    weights: 0,
    biases: 0,
    multiplyAdds: 0,
  });
  return rows;
}

/** "3 × 3 × 2" for maps (height × width × channels, as the article writes it), "18" for vectors. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 3 ? `${shape[1]} × ${shape[2]} × ${shape[0]}` : `${shape[0]}`;
}

/** The article's reading of a step's clue count: how much of the evidence it keeps. */
export function keptWording(valuesIn: number, valuesOut: number): string {
  if (valuesOut === valuesIn) return 'as many clues: information kept';
  const percent = Math.round((valuesOut / valuesIn) * 100);
  const difference = Math.abs(valuesOut - valuesIn).toLocaleString('en-US');
  if (valuesOut < valuesIn) return `${difference} fewer clues: information lost (${percent}% kept)`;
  return `${difference} more values: the clues spread over more maps (${percent}%)`;
}

/** keptWording for one layer of the table; the input layer is where the clues start. */
export function clueWording(row: LayerCount): string {
  return row.kind === 'input' ? `${row.valuesOut} clues to start from` : keptWording(row.valuesIn, row.valuesOut);
}

/** Weights and biases of the whole network. */
export function parameterCount(spec: ModelSpec): number {
  return clueCounts(spec).reduce((sum, row) => sum + row.weights + row.biases, 0);
}

/**
 * Training cost model: seconds per picture = Winograd multiply-adds × a + other multiply-adds × b + activation
 * values × c + d, per kernel path. A training step costs about 3 forward passes (forward, input gradient, weight
 * gradient); 3×3 stride-1 convolutions do 2.25× fewer multiplications (Winograd F(2×2, 3×3)) and, on WebAssembly
 * SIMD, multiply in float32, so their multiply-adds have a rate of their own; every value a layer writes costs
 * time of its own (ReLU, pooling and their gradients, allocation), and so does every picture (augmentation, batch
 * bookkeeping). The rates are fitted (non-negative least squares on relative error) to `npm run bench --
 * training-estimate`: the engine training 12 networks — the presets and others of varied shape — with the Train
 * panel's defaults, each path in a process of its own, medians of 3 runs on a shared 2-core machine. The
 * estimates are 0.83–1.23× of the pictures each network trained on WebAssembly SIMD (the other multiply-adds'
 * rate refitted alone after im2col and the weight gradient's product got faster) and 0.89–1.17× on the
 * JavaScript loops, while runs of the same network differed by up to 1.4×. A call also scores the test
 * pictures and reads and writes the sheets (3% of a default network's call on the local engine, more for networks
 * with large sheets), which the estimate leaves out; `npm run bench -- training` prints it against a real call. An
 * estimate, to compare networks, not a promise: Apps Script's machines may be slower, and which path runs there
 * is what Help → Check this spreadsheet reports.
 */
const TRAINING_COST: Readonly<Record<KernelPath, TrainingCost>> = {
  'wasm-simd': { perWinogradMultiplyAdd: 0.29e-9, perOtherMultiplyAdd: 0.55e-9, perValue: 5.7e-9, perPicture: 33e-6 },
  javascript: { perWinogradMultiplyAdd: 1.75e-9, perOtherMultiplyAdd: 1.2e-9, perValue: 11e-9, perPicture: 45e-6 },
};
const WINOGRAD_SAVING = 2.25;
/** Seconds of work in one training call (the sidebar's default budget). */
export const TRAINING_CALL_SECONDS = 25;

interface TrainingCost {
  /** Seconds per multiply-add of one forward pass's Winograd convolutions (counted as Winograd does them). */
  readonly perWinogradMultiplyAdd: number;
  /** Seconds per multiply-add of one forward pass's other convolutions and dense layer. */
  readonly perOtherMultiplyAdd: number;
  /** Seconds per value the layers write in one forward pass. */
  readonly perValue: number;
  readonly perPicture: number;
}

/** Estimated pictures one training call of `seconds` gets through on `kernels`. */
export function picturesPerTrainingCall(spec: ModelSpec, kernels: KernelPath, seconds = TRAINING_CALL_SECONDS): number {
  let winogradMultiplyAdds = 0;
  let otherMultiplyAdds = 0;
  let values = 0;
  for (const row of clueCounts(spec)) {
    const block = row.kind === 'conv' ? spec.blocks[row.block] : null;
    if (block && winogradApplies(block.kernel, block.stride))
      winogradMultiplyAdds += row.multiplyAdds / WINOGRAD_SAVING;
    else otherMultiplyAdds += row.multiplyAdds;
    values += row.valuesOut;
  }
  const cost = TRAINING_COST[kernels];
  const perPicture =
    winogradMultiplyAdds * cost.perWinogradMultiplyAdd +
    otherMultiplyAdds * cost.perOtherMultiplyAdd +
    values * cost.perValue +
    cost.perPicture;
  return Math.floor(seconds / perPicture);
}

// ---------------------------------------------------------------------------------------------------------
// What a rebuild keeps.

/** A model as far as a rebuild is concerned. */
export interface RebuildSide {
  readonly layers: ModelLayers;
  readonly seed: number;
  readonly classes: readonly string[];
}

/**
 * What Build model does with the weights: 'keep' (same layers, seed and classes: e.g. only the formula mode
 * changes), 'keep-filters' (only the classes change: the conv filters stay, dense columns follow their
 * class names and new classes get fresh columns), or 'new' (anything else, or the article's filters asked
 * for: weights are drawn afresh, so the editor asks first when a model exists).
 */
export type WeightsPlan = 'keep' | 'keep-filters' | 'new';

export function weightsPlan(current: RebuildSide | null, next: RebuildSide, articleWeights = false): WeightsPlan {
  if (
    current === null ||
    articleWeights ||
    layersKey(current.layers) !== layersKey(next.layers) ||
    current.seed !== next.seed
  )
    return 'new';
  const same =
    current.classes.length === next.classes.length && current.classes.every((name, k) => name === next.classes[k]);
  return same ? 'keep' : 'keep-filters';
}

/**
 * Layers from JSON someone wrote (a request, a CLI spec file): only the known fields are taken, so nothing
 * else reaches the Model sheet; inputScale defaults to 1/255 and a missing pool to none. The result still
 * needs specProblems: wrong values are kept as they are so the check can name them.
 */
export function layersFromJson(value: unknown): ModelLayers {
  const record = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const fields = record(value);
  const input = record(fields.input);
  const blocks = Array.isArray(fields.blocks)
    ? fields.blocks.map((b: unknown) => {
        const block = record(b);
        const pool = block.pool === undefined || block.pool === null ? null : record(block.pool);
        return {
          filters: block.filters,
          kernel: block.kernel,
          stride: block.stride ?? 1,
          padding: block.padding ?? 'valid',
          pool: pool && { size: pool.size, stride: pool.stride ?? pool.size },
        };
      })
    : fields.blocks;
  return {
    input: { channels: input.channels ?? 3, height: input.height, width: input.width ?? input.height },
    inputScale: fields.inputScale ?? 1 / 255,
    blocks,
  } as ModelLayers;
}
