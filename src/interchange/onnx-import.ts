/**
 * Reads an ONNX file into a Sheet CNN model. The graph must be one chain from its single input: an optional
 * Mul or Div by a scalar (the input scale), blocks of Conv, Relu and optional MaxPool, Flatten, Gemm and an
 * optional Softmax (Identity and Dropout are skipped). Anything else is refused with the node named.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { AttributeProto_AttributeType, ModelProtoSchema, TensorProto_DataType } from 'onnx-buf';
import type { AttributeProto, GraphProto, ModelProto, NodeProto, TensorProto } from 'onnx-buf';
import type { ConvParams, ModelSpec, Padding, Tensor } from '../core/types';
import { layerShapes } from '../core/spec';
import { tensor } from '../core/tensor';
import { BlockAssembler, classNamesOr } from './model-assembly';
import type { PortableModel } from './portable-model';
import { assertFiniteValues, assertPortable, readFloat32 } from './portable-model';
import { ONNX_CLASSES_KEY, ONNX_INPUT_SCALE_KEY } from './onnx-export';

const FORMAT = 'ONNX model';

function fail(problem: string): never {
  throw new Error(`${FORMAT}: ${problem}`);
}

function decode(bytes: Uint8Array): ModelProto {
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (error) {
    fail(`the file is not an ONNX model (${(error as Error).message}); choose a .onnx file`);
  }
  if (model.graph === undefined || model.graph.node.length === 0)
    fail('the file has no graph; choose a .onnx model file');
  return model;
}

/** Float32 values of an initializer, from raw_data or float_data. */
function initializerValues(t: TensorProto): { dims: number[]; values: Float64Array } {
  if (t.dataType !== TensorProto_DataType.FLOAT)
    fail(
      `initializer ${t.name} holds ${TensorProto_DataType[t.dataType] ?? t.dataType} values; only float32 weights are read`,
    );
  if (t.externalData.length > 0)
    fail(`initializer ${t.name} is stored in an external file; save the model with its weights inside`);
  const dims = t.dims.map(Number);
  const count = dims.reduce((n, d) => n * d, 1);
  let values: Float64Array;
  if (t.rawData.length > 0) {
    if (t.rawData.length !== count * 4)
      fail(
        `initializer ${t.name} has ${t.rawData.length} bytes of data; its shape [${dims.join(', ')}] needs ${count * 4}`,
      );
    values = readFloat32(t.rawData, 0, count);
  } else {
    if (t.floatData.length !== count)
      fail(`initializer ${t.name} has ${t.floatData.length} values; its shape [${dims.join(', ')}] needs ${count}`);
    values = Float64Array.from(t.floatData);
  }
  assertFiniteValues(FORMAT, t.name, values);
  return { dims, values };
}

function attribute(n: NodeProto, name: string): AttributeProto | undefined {
  return n.attribute.find((a) => a.name === name);
}

function intsOf(n: NodeProto, name: string, fallback: number[] | null): number[] | null {
  const a = attribute(n, name);
  if (a === undefined) return fallback;
  if (a.type !== AttributeProto_AttributeType.INTS)
    fail(`node '${n.name}' (${n.opType}) has attribute ${name} of the wrong type`);
  return a.ints.map(Number);
}

function intOf(n: NodeProto, name: string, fallback: number): number {
  const a = attribute(n, name);
  return a === undefined ? fallback : Number(a.i);
}

function stringOf(n: NodeProto, name: string, fallback: string): string {
  const a = attribute(n, name);
  return a === undefined ? fallback : new TextDecoder().decode(a.s);
}

function floatOf(n: NodeProto, name: string, fallback: number): number {
  const a = attribute(n, name);
  return a === undefined ? fallback : a.f;
}

function square(where: string, field: string, values: number[] | null, fallback: number): number {
  const v = values ?? [fallback, fallback];
  if (v.length !== 2) fail(`${where} has ${field} [${v.join(', ')}]; expected two numbers (a 2-D operation)`);
  if (v[0] !== v[1]) fail(`${where} has ${field} ${v[0]}×${v[1]}; Sheet CNN uses square ${field}`);
  return v[0];
}

function convPadding(where: string, n: NodeProto): Padding {
  const autoPad = stringOf(n, 'auto_pad', 'NOTSET');
  if (autoPad === 'SAME_UPPER') return 'same';
  if (autoPad === 'VALID') return 'valid';
  if (autoPad !== 'NOTSET')
    fail(`${where} has auto_pad ${autoPad}; Sheet CNN pads like SAME_UPPER, VALID or equal explicit pads`);
  const pads = intsOf(n, 'pads', [0, 0, 0, 0]) ?? [];
  if (pads.length !== 4 || !pads.every((p) => p === pads[0]))
    fail(`${where} has pads [${pads.join(', ')}]; Sheet CNN pads every side alike`);
  return pads[0];
}

/** The graph's one real input (not an initializer) and its C, H, W. */
function graphInput(graph: GraphProto, weights: Set<string>): { name: string; chw: [number, number, number] } {
  const inputs = graph.input.filter((i) => !weights.has(i.name));
  if (inputs.length !== 1) fail(`the graph has ${inputs.length} inputs; a Sheet CNN model has one picture input`);
  const input = inputs[0];
  const type = input.type?.value;
  if (type?.case !== 'tensorType' || type.value.elemType !== TensorProto_DataType.FLOAT)
    fail(`input ${input.name} is not a float tensor`);
  const dims = type.value.shape?.dim ?? [];
  const sizes = dims.map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : NaN));
  if (dims.length !== 4 || !sizes.slice(1).every((s) => Number.isInteger(s) && s >= 1)) {
    fail(
      `input ${input.name} has shape [${dims.map((d) => String(d.value.value ?? '?')).join(', ')}]; expected [batch, channels, height, width] with fixed channels, height and width`,
    );
  }
  return { name: input.name, chw: [sizes[1], sizes[2], sizes[3]] };
}

interface Layers {
  readonly spec: Omit<ModelSpec, 'classes'>;
  readonly conv: { weight: string; bias: string | null }[];
  readonly dense: { weight: string; bias: string | null; transB: boolean };
}

function readChain(
  graph: GraphProto,
  values: Map<string, { dims: number[]; values: Float64Array }>,
  metadataScale: number | null,
): Layers {
  const { name: inputName, chw } = graphInput(graph, new Set(values.keys()));
  const assembler = new BlockAssembler(FORMAT);
  let current = inputName;
  let inputScale = 1;
  const conv: Layers['conv'] = [];
  let dense: Layers['dense'] | null = null;
  const scalar = (where: string, name: string | undefined): number => {
    const v = name === undefined ? undefined : values.get(name);
    if (v === undefined || v.values.length !== 1)
      fail(`${where} does not multiply by one constant number; only the input scaling is read`);
    return v.values[0];
  };
  graph.node.forEach((n, index) => {
    const where = `node ${index + 1} '${n.name || n.output[0]}' (${n.opType})`;
    if (n.domain !== '' && n.domain !== 'ai.onnx')
      fail(`${where} is from the operator set ${n.domain}; only standard ONNX operators are read`);
    const [first, ...rest] = n.input;
    if (first !== current)
      fail(`${where} does not take the previous node's output; the graph must be one chain of layers`);
    if (n.output.length < 1) fail(`${where} has no output`);
    switch (n.opType) {
      case 'Identity':
      case 'Dropout':
        break;
      case 'Mul':
      case 'Div': {
        if (!assembler.inputStage) fail(`${where} comes after other layers; Sheet CNN scales only the input pixels`);
        const s = scalar(where, rest[0]);
        if (!(s > 0) || !Number.isFinite(s)) fail(`${where} scales by ${s}; expected a positive number`);
        // The file holds the scale as float32; the exact value from the metadata is used when it rounds to it.
        const scale =
          n.opType === 'Mul' ? (metadataScale !== null && Math.fround(metadataScale) === s ? metadataScale : s) : 1 / s;
        inputScale *= scale;
        break;
      }
      case 'Conv': {
        const weight = rest[0];
        const w = weight === undefined ? undefined : values.get(weight);
        if (w === undefined || w.dims.length !== 4) fail(`${where} has no 4-D weight initializer`);
        const [filters, , kh, kw] = w.dims;
        const kernel = square(where, 'kernel_shape', intsOf(n, 'kernel_shape', [kh, kw]), kh);
        if (kh !== kw) fail(`${where} has a ${kh}×${kw} kernel; Sheet CNN kernels are square`);
        if (intOf(n, 'group', 1) !== 1)
          fail(`${where} is a grouped convolution; Sheet CNN convolutions see every input map`);
        if (square(where, 'dilations', intsOf(n, 'dilations', null), 1) !== 1)
          fail(`${where} is dilated; Sheet CNN convolutions are not`);
        const stride = square(where, 'strides', intsOf(n, 'strides', null), 1);
        assembler.conv(where, { filters, kernel, stride, padding: convPadding(where, n), relu: false });
        conv.push({ weight, bias: rest[1] ?? null });
        break;
      }
      case 'Relu':
        assembler.relu(where);
        break;
      case 'MaxPool': {
        if (intOf(n, 'ceil_mode', 0) !== 0) fail(`${where} uses ceil_mode; Sheet CNN pools only whole windows`);
        const pads = intsOf(n, 'pads', [0, 0, 0, 0]) ?? [];
        if (!pads.every((p) => p === 0) || !['NOTSET', 'VALID'].includes(stringOf(n, 'auto_pad', 'NOTSET')))
          fail(`${where} pads its input; Sheet CNN pools only whole windows`);
        if (square(where, 'dilations', intsOf(n, 'dilations', null), 1) !== 1) fail(`${where} is dilated`);
        if (n.output.length > 1 && n.output[1] !== '') fail(`${where} also outputs indices`);
        const size = square(where, 'kernel_shape', intsOf(n, 'kernel_shape', null), NaN);
        assembler.maxPool(where, { size, stride: square(where, 'strides', intsOf(n, 'strides', null), 1) });
        break;
      }
      case 'Flatten':
        if (intOf(n, 'axis', 1) !== 1)
          fail(`${where} flattens from axis ${intOf(n, 'axis', 1)}; expected 1 (keep the batch)`);
        assembler.flatten(where);
        break;
      case 'Gemm': {
        if (intOf(n, 'transA', 0) !== 0 || floatOf(n, 'alpha', 1) !== 1 || floatOf(n, 'beta', 1) !== 1)
          fail(`${where} scales or transposes its input (alpha, beta or transA); expected a plain x·W + b`);
        assembler.dense(where, false);
        dense = { weight: rest[0] ?? '', bias: rest[1] ?? null, transB: intOf(n, 'transB', 0) === 1 };
        break;
      }
      case 'Softmax': {
        const axis = intOf(n, 'axis', -1);
        if (axis !== 1 && axis !== -1) fail(`${where} has axis ${axis}; expected the class axis (1)`);
        assembler.softmax(where);
        break;
      }
      case 'BatchNormalization':
        fail(`${where} cannot be shown in the sheets; fold it into the convolution before it and export again`);
        break;
      default:
        fail(`${where} is not an operation a Sheet CNN model has (Conv, Relu, MaxPool, Flatten, Gemm, Softmax)`);
    }
    current = n.output[0];
  });
  const blocks = assembler.finish();
  if (dense === null) fail('the graph has no Gemm (dense) layer');
  const [channels, height, width] = chw;
  return { spec: { input: { channels, height, width }, inputScale, blocks }, conv, dense };
}

function weightTensor(
  values: Map<string, { dims: number[]; values: Float64Array }>,
  name: string | null,
  shape: number[],
  what: string,
): Tensor {
  if (name === null || name === '') return tensor(shape);
  const v = values.get(name);
  if (v === undefined) fail(`${what} ${name} is not an initializer; the weights must be stored in the file`);
  const size = shape.reduce((n, d) => n * d, 1);
  if (v.values.length !== size)
    fail(`${what} ${name} has shape [${v.dims.join(', ')}]; expected [${shape.join(', ')}]`);
  return tensor(shape, v.values);
}

export function importOnnx(bytes: Uint8Array): PortableModel {
  const model = decode(bytes);
  const graph = model.graph as GraphProto;
  const values = new Map(graph.initializer.map((t) => [t.name, initializerValues(t)]));
  const metadata = new Map(model.metadataProps.map((p) => [p.key, p.value]));
  const metadataScale = metadata.has(ONNX_INPUT_SCALE_KEY) ? Number(metadata.get(ONNX_INPUT_SCALE_KEY)) : null;
  const { spec: layers, conv: convNames, dense } = readChain(graph, values, metadataScale);
  let classNames: unknown;
  try {
    classNames = metadata.has(ONNX_CLASSES_KEY) ? JSON.parse(metadata.get(ONNX_CLASSES_KEY) as string) : undefined;
  } catch {
    fail(`the metadata "${ONNX_CLASSES_KEY}" is not a JSON list of names`);
  }
  const denseWeight = values.get(dense.weight);
  if (denseWeight === undefined || denseWeight.dims.length !== 2)
    fail(`the Gemm weight ${dense.weight} is not a 2-D initializer`);
  const units = dense.transB ? denseWeight.dims[0] : denseWeight.dims[1];
  const spec: ModelSpec = { ...layers, classes: classNamesOr(FORMAT, classNames, units) };
  let shapes;
  try {
    shapes = layerShapes(spec);
  } catch (error) {
    fail(`its layers do not fit together: ${(error as Error).message}`);
  }
  const conv: ConvParams[] = spec.blocks.map((block, i) => {
    const channels = i === 0 ? spec.input.channels : spec.blocks[i - 1].filters;
    return {
      weights: weightTensor(
        values,
        convNames[i].weight,
        [block.filters, channels, block.kernel, block.kernel],
        'Conv weight',
      ),
      bias: weightTensor(values, convNames[i].bias, [block.filters], 'Conv bias'),
    };
  });
  const inputs = shapes.flat[0];
  let weights = weightTensor(values, dense.weight, dense.transB ? [units, inputs] : [inputs, units], 'Gemm weight');
  if (dense.transB) {
    const t = tensor([inputs, units]);
    for (let r = 0; r < inputs; r++)
      for (let k = 0; k < units; k++) t.data[r * units + k] = weights.data[k * inputs + r];
    weights = t;
  }
  const result: PortableModel = {
    spec,
    params: { conv, dense: { weights, bias: weightTensor(values, dense.bias, [units], 'Gemm bias') } },
  };
  assertPortable('importOnnx', result);
  return result;
}
