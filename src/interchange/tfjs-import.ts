/**
 * Reads TensorFlow.js Layers files (model.json and its weight files) into a Sheet CNN model. A Sequential of
 * [InputLayer] [Rescaling] then blocks of [ZeroPadding2D] Conv2D [ReLU] [MaxPooling2D], Flatten, Dense
 * [Softmax] is accepted (Dropout is skipped: it does nothing at prediction time); anything else is refused
 * with the layer named.
 */
import type { ConvParams, ModelSpec, Padding, Tensor } from '../core/types';
import { layerShapes } from '../core/spec';
import { tensor } from '../core/tensor';
import { BlockAssembler, classNamesOr } from './model-assembly';
import type { PortableModel } from './portable-model';
import { assertFiniteValues, assertPortable, readFloat32 } from './portable-model';
import { denseRowsFromChannelsLast, filtersFromHwio } from './layouts';
import { CLASSES_METADATA_KEY } from './tfjs-export';

const FORMAT = 'TF.js model';

type Json = Record<string, unknown>;

interface ManifestWeight {
  readonly name: string;
  readonly shape: number[];
  readonly values: Float64Array;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(problem: string): never {
  throw new Error(`${FORMAT}: ${problem}`);
}

function parseJson(text: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail(
      `model.json is not valid JSON (${(error as Error).message}); choose the model.json that tf.loadLayersModel reads`,
    );
  }
  if (!isRecord(parsed)) fail('model.json does not hold an object with modelTopology and weightsManifest');
  return parsed;
}

/** The Sequential's layer list, from tfjs files or from the tensorflowjs converter's Keras output. */
function sequentialLayers(json: Json): Json[] {
  if (json.format !== undefined && json.format !== 'layers-model') {
    fail(
      `model.json is a "${String(json.format)}", not a "layers-model"; convert the Keras model with tensorflowjs_converter --output_format=tfjs_layers_model`,
    );
  }
  let topology = json.modelTopology;
  if (isRecord(topology) && isRecord(topology.model_config)) topology = topology.model_config;
  if (!isRecord(topology)) fail('model.json has no modelTopology');
  if (topology.class_name !== 'Sequential') {
    fail(
      `the model is a ${String(topology.class_name)}; only Sequential models (one layer after another) can become a Sheet CNN model`,
    );
  }
  const config = topology.config;
  const layers = Array.isArray(config) ? config : isRecord(config) ? config.layers : undefined;
  if (!Array.isArray(layers) || !layers.every(isRecord)) fail('modelTopology.config.layers is not a list of layers');
  return layers;
}

function numberPair(where: string, field: string, value: unknown): number {
  const pair = typeof value === 'number' ? [value, value] : value;
  if (
    !Array.isArray(pair) ||
    pair.length !== 2 ||
    !pair.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)
  ) {
    fail(`${where} has ${field} ${JSON.stringify(value)}; expected two whole numbers`);
  }
  if (pair[0] !== pair[1])
    fail(
      `${where} has ${field} ${pair[0]}×${pair[1]}; Sheet CNN models use square ${field === 'strides' ? 'strides' : 'windows'}`,
    );
  return pair[0];
}

function assertChannelsLast(where: string, config: Json): void {
  if (config.data_format !== undefined && config.data_format !== null && config.data_format !== 'channels_last') {
    fail(`${where} uses data_format ${String(config.data_format)}; only channels_last is read`);
  }
}

/** ZeroPadding2D's padding as one number for all four sides, or a refusal. */
function zeroPadding(where: string, value: unknown): number {
  const flat = typeof value === 'number' ? [value, value, value, value] : Array.isArray(value) ? value.flat() : [];
  const sides = flat.length === 2 ? [flat[0], flat[0], flat[1], flat[1]] : flat;
  if (sides.length !== 4 || !sides.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0)) {
    fail(`${where} has padding ${JSON.stringify(value)}; expected whole numbers`);
  }
  if (!sides.every((v) => v === sides[0]))
    fail(`${where} pads the sides unequally (${JSON.stringify(value)}); Sheet CNN pads every side alike`);
  return sides[0] as number;
}

function activationOf(config: Json): string {
  return typeof config.activation === 'string' ? config.activation : 'linear';
}

interface ReadLayers {
  readonly spec: Omit<ModelSpec, 'classes'>;
  readonly convNames: { name: string; useBias: boolean }[];
  readonly dense: { name: string; units: number; useBias: boolean };
}

function inputShapeOf(where: string, config: Json): [number, number, number] | null {
  const shape = config.batch_input_shape ?? config.batch_shape;
  if (shape === undefined) return null;
  if (
    !Array.isArray(shape) ||
    shape.length !== 4 ||
    !shape.slice(1).every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)
  ) {
    fail(`${where} has input shape ${JSON.stringify(shape)}; expected [null, height, width, channels]`);
  }
  return [shape[1], shape[2], shape[3]];
}

function readLayers(layers: Json[]): ReadLayers {
  const assembler = new BlockAssembler(FORMAT);
  const found: { input: [number, number, number] | null } = { input: null };
  let inputScale = 1;
  const convNames: { name: string; useBias: boolean }[] = [];
  let dense: ReadLayers['dense'] | null = null;
  layers.forEach((layer, index) => {
    const className = String(layer.class_name);
    const config = isRecord(layer.config) ? layer.config : fail(`layer ${index + 1} (${className}) has no config`);
    const name = String(config.name ?? `layer${index + 1}`);
    const where = `layer ${index + 1} '${name}' (${className})`;
    if (found.input === null) found.input = inputShapeOf(where, config);
    switch (className) {
      case 'InputLayer':
        if (index !== 0) fail(`${where} is not the first layer`);
        return;
      case 'Dropout':
      case 'SpatialDropout2D':
        return;
      case 'Rescaling': {
        if (!assembler.inputStage) fail(`${where} comes after other layers; Sheet CNN scales only the input pixels`);
        if (typeof config.scale !== 'number' || !(config.scale > 0) || !Number.isFinite(config.scale))
          fail(`${where} has scale ${JSON.stringify(config.scale)}; expected a positive number`);
        if (config.offset !== undefined && config.offset !== 0)
          fail(`${where} adds an offset (${JSON.stringify(config.offset)}); Sheet CNN only multiplies the pixels`);
        inputScale *= config.scale;
        return;
      }
      case 'ZeroPadding2D':
        assertChannelsLast(where, config);
        assembler.zeroPadding(where, zeroPadding(where, config.padding));
        return;
      case 'Conv2D': {
        assertChannelsLast(where, config);
        const dilation =
          config.dilation_rate === undefined ? 1 : numberPair(where, 'dilation_rate', config.dilation_rate);
        if (dilation !== 1) fail(`${where} is dilated (dilation_rate ${dilation}); Sheet CNN convolutions are not`);
        if (config.groups !== undefined && config.groups !== 1)
          fail(
            `${where} is a grouped convolution (groups ${String(config.groups)}); Sheet CNN convolutions see every input map`,
          );
        const activation = activationOf(config);
        if (activation !== 'relu' && activation !== 'linear')
          fail(`${where} uses activation '${activation}'; Sheet CNN uses ReLU after each convolution`);
        const padding = config.padding;
        if (padding !== 'valid' && padding !== 'same')
          fail(`${where} has padding ${JSON.stringify(padding)}; expected 'valid' or 'same'`);
        const filters = config.filters;
        if (typeof filters !== 'number' || !Number.isInteger(filters) || filters < 1)
          fail(`${where} has filters ${JSON.stringify(filters)}; expected a whole number`);
        const kernel = numberPair(where, 'kernel_size', config.kernel_size);
        const stride = config.strides === undefined ? 1 : numberPair(where, 'strides', config.strides);
        assembler.conv(where, { filters, kernel, stride, padding: padding as Padding, relu: activation === 'relu' });
        convNames.push({ name, useBias: config.use_bias !== false });
        return;
      }
      case 'ReLU':
        if (
          (config.max_value ?? null) !== null ||
          (config.negative_slope ?? 0) !== 0 ||
          (config.threshold ?? 0) !== 0
        ) {
          fail(
            `${where} is capped, leaky or shifted (max_value, negative_slope or threshold set); Sheet CNN uses the plain max(0, x)`,
          );
        }
        assembler.relu(where);
        return;
      case 'Activation': {
        const activation = activationOf(config);
        if (activation === 'relu') assembler.relu(where);
        else if (activation === 'softmax') assembler.softmax(where);
        else if (activation !== 'linear')
          fail(
            `${where} uses activation '${activation}'; Sheet CNN has ReLU after convolutions and softmax at the end`,
          );
        return;
      }
      case 'MaxPooling2D': {
        assertChannelsLast(where, config);
        if (config.padding !== undefined && config.padding !== 'valid')
          fail(`${where} has padding '${String(config.padding)}'; Sheet CNN pools only whole windows ('valid')`);
        const size = numberPair(where, 'pool_size', config.pool_size ?? 2);
        const stride =
          config.strides === undefined || config.strides === null ? size : numberPair(where, 'strides', config.strides);
        assembler.maxPool(where, { size, stride });
        return;
      }
      case 'Flatten':
        assertChannelsLast(where, config);
        assembler.flatten(where);
        return;
      case 'Dense': {
        const activation = activationOf(config);
        if (activation !== 'linear' && activation !== 'softmax')
          fail(
            `${where} uses activation '${activation}'; the dense layer gives logits (linear), optionally followed by softmax`,
          );
        const units = config.units;
        if (typeof units !== 'number' || !Number.isInteger(units) || units < 1)
          fail(`${where} has units ${JSON.stringify(units)}; expected a whole number`);
        assembler.dense(where, activation === 'softmax');
        dense = { name, units, useBias: config.use_bias !== false };
        return;
      }
      case 'Softmax':
        if (config.axis !== undefined && config.axis !== -1 && config.axis !== 1)
          fail(`${where} has axis ${JSON.stringify(config.axis)}; expected the class axis (-1)`);
        assembler.softmax(where);
        return;
      case 'BatchNormalization':
        fail(
          `${where} cannot be shown in the sheets; fold it into the convolution before it (scale the kernel and bias) and export again`,
        );
        break;
      default:
        fail(`${where} is not a layer a Sheet CNN model has (conv, ReLU, max pool, flatten, dense, softmax)`);
    }
  });
  const blocks = assembler.finish();
  if (found.input === null) fail('the first layer has no batch_input_shape; the model must declare its input size');
  const [height, width, channels] = found.input;
  if (dense === null) fail('the model has no dense layer');
  return { spec: { input: { channels, height, width }, inputScale, blocks }, convNames, dense };
}

/** Every weight of the manifest in order, reading the groups' files end to end. */
function readManifest(json: Json, files: ReadonlyMap<string, Uint8Array>): ManifestWeight[] {
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest) || !manifest.every(isRecord)) fail('model.json has no weightsManifest list');
  const weights: ManifestWeight[] = [];
  for (const group of manifest) {
    const paths = group.paths;
    const specs = group.weights;
    if (
      !Array.isArray(paths) ||
      !paths.every((p) => typeof p === 'string') ||
      !Array.isArray(specs) ||
      !specs.every(isRecord)
    ) {
      fail('a weightsManifest group lacks its paths or weights list');
    }
    const parts = paths.map((p) => {
      const base = p.split('/').pop() ?? p;
      const file = files.get(base);
      if (file === undefined)
        fail(`the weights file "${base}" named in model.json was not given; choose it together with model.json`);
      return file;
    });
    const total = parts.reduce((n, part) => n + part.length, 0);
    const bytes = new Uint8Array(total);
    parts.reduce((offset, part) => (bytes.set(part, offset), offset + part.length), 0);
    let offset = 0;
    for (const spec of specs) {
      const name = String(spec.name);
      if (spec.dtype !== 'float32')
        fail(`weight ${name} is stored as ${String(spec.dtype)}; only float32 weights are read`);
      if (spec.quantization !== undefined) fail(`weight ${name} is quantized; export the model without quantization`);
      const shape = spec.shape;
      if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1))
        fail(`weight ${name} has shape ${JSON.stringify(shape)}`);
      const count = shape.reduce((n: number, d: number) => n * d, 1);
      if (offset + count * 4 > total)
        fail(
          `${paths.join(' + ')} holds ${total} bytes, fewer than the ${offset + count * 4} that weight ${name} needs; the file is cut short`,
        );
      const values = readFloat32(bytes, offset, count);
      assertFiniteValues(FORMAT, name, values);
      weights.push({ name, shape, values });
      offset += count * 4;
    }
    if (offset !== total)
      fail(
        `${paths.join(' + ')} holds ${total} bytes but the weights in model.json need ${offset}; the file does not belong to this model.json`,
      );
  }
  return weights;
}

function findWeight(weights: ManifestWeight[], layer: string, kind: 'kernel' | 'bias', shape: number[]): Float64Array {
  const weight = weights.find((w) => w.name === `${layer}/${kind}` || w.name.endsWith(`/${layer}/${kind}`));
  if (weight === undefined) fail(`the weights have no ${layer}/${kind}`);
  if (weight.shape.join() !== shape.join())
    fail(`weight ${weight.name} has shape [${weight.shape.join(', ')}]; layer ${layer} needs [${shape.join(', ')}]`);
  return weight.values;
}

function biasOrZeros(weights: ManifestWeight[], layer: { name: string; useBias: boolean }, size: number): Tensor {
  return layer.useBias ? tensor([size], findWeight(weights, layer.name, 'bias', [size])) : tensor([size]);
}

/**
 * A model from model.json's text and its weight files by file name (e.g. weights.bin). Kernels are read
 * channels-last and turned into the sheet's layout; the dense rows are reordered (see layouts.ts).
 */
export function importTfjs(modelJson: string, weightFiles: ReadonlyMap<string, Uint8Array>): PortableModel {
  const json = parseJson(modelJson);
  const { spec: layers, convNames, dense } = readLayers(sequentialLayers(json));
  const metadata = isRecord(json.userDefinedMetadata) ? json.userDefinedMetadata : {};
  const classes = classNamesOr(FORMAT, metadata[CLASSES_METADATA_KEY], dense.units);
  const spec: ModelSpec = { ...layers, classes };
  let shapes;
  try {
    shapes = layerShapes(spec);
  } catch (error) {
    fail(`its layers do not fit together: ${(error as Error).message}`);
  }
  const weights = readManifest(json, weightFiles);
  const conv: ConvParams[] = spec.blocks.map((block, i) => {
    const channels = i === 0 ? spec.input.channels : spec.blocks[i - 1].filters;
    const kernel = findWeight(weights, convNames[i].name, 'kernel', [
      block.kernel,
      block.kernel,
      channels,
      block.filters,
    ]);
    return {
      weights: filtersFromHwio(kernel, block.kernel, channels, block.filters),
      bias: biasOrZeros(weights, convNames[i], block.filters),
    };
  });
  const lastMaps = shapes.blocks[shapes.blocks.length - 1].pool;
  const kernel = findWeight(weights, dense.name, 'kernel', [shapes.flat[0], dense.units]);
  const model: PortableModel = {
    spec,
    params: {
      conv,
      dense: {
        weights: denseRowsFromChannelsLast(kernel, lastMaps, dense.units),
        bias: biasOrZeros(weights, dense, dense.units),
      },
    },
  };
  assertPortable('importTfjs', model);
  return model;
}
