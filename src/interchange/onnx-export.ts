/**
 * A model as one ONNX file (opset 13): input "pixels" N×C×H×W (0–255) → Mul by the input scale → per block
 * Conv, Relu and MaxPool → Flatten → Gemm → Softmax → output "probabilities". ONNX is channels-first like
 * the sheet, so filters and the flatten order need no reordering. Written with the ONNX schema compiled for
 * @bufbuild/protobuf (onnx-buf), not by hand; the class names are metadata.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { AttributeProto_AttributeType, ModelProtoSchema, TensorProto_DataType } from 'onnx-buf';
import type { AttributeProto, NodeProto, TensorProto, ValueInfoProto } from 'onnx-buf';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { convOutputGeometry } from '../core/conv';
import { layerShapes } from '../core/spec';
import type { Padding } from '../core/types';
import type { PortableModel } from './portable-model';
import { assertPortable, float32Bytes } from './portable-model';

export const ONNX_OPSET = 13;
/** ONNX IR version 7 goes with opset 13 (ONNX 1.8). */
const IR_VERSION = 7n;
export const ONNX_INPUT = 'pixels';
export const ONNX_OUTPUT = 'probabilities';
/** Metadata keys: the class names as a JSON list, and the input scale as a float64 decimal (the Mul holds float32). */
export const ONNX_CLASSES_KEY = 'classes';
export const ONNX_INPUT_SCALE_KEY = 'sheet_cnn.input_scale';

function ints(name: string, values: number[]): Partial<AttributeProto> {
  return { name, type: AttributeProto_AttributeType.INTS, ints: values.map(BigInt) };
}

function int(name: string, value: number): Partial<AttributeProto> {
  return { name, type: AttributeProto_AttributeType.INT, i: BigInt(value) };
}

function text(name: string, value: string): Partial<AttributeProto> {
  return { name, type: AttributeProto_AttributeType.STRING, s: new TextEncoder().encode(value) };
}

function floatTensor(name: string, dims: number[], values: ArrayLike<number>): Partial<TensorProto> {
  return { name, dims: dims.map(BigInt), dataType: TensorProto_DataType.FLOAT, rawData: float32Bytes([values]) };
}

function node(
  opType: string,
  inputs: string[],
  output: string,
  attribute: Partial<AttributeProto>[] = [],
): Partial<NodeProto> {
  return { opType, input: inputs, output: [output], name: output, attribute: attribute as AttributeProto[] };
}

function floatValue(name: string, dims: (number | string)[]): Partial<ValueInfoProto> {
  return {
    name,
    type: {
      value: {
        case: 'tensorType',
        value: {
          elemType: TensorProto_DataType.FLOAT,
          shape: {
            dim: dims.map((d) => ({
              value:
                typeof d === 'number'
                  ? { case: 'dimValue' as const, value: BigInt(d) }
                  : { case: 'dimParam' as const, value: d },
            })),
          },
        },
      },
    },
  } as Partial<ValueInfoProto>;
}

/** Conv padding as ONNX attributes: 'same' and 'valid' by auto_pad (so they come back as such), a number as pads. */
function paddingAttributes(padding: Padding): Partial<AttributeProto>[] {
  if (padding === 'same') return [text('auto_pad', 'SAME_UPPER')];
  if (padding === 'valid') return [text('auto_pad', 'VALID')];
  return [ints('pads', [padding, padding, padding, padding])];
}

export function exportOnnx(model: PortableModel, name = 'sheet_cnn'): Uint8Array {
  assertPortable('exportOnnx', model);
  const { spec, params } = model;
  const shapes = layerShapes(spec);
  const { channels, height, width } = spec.input;
  const initializer: Partial<TensorProto>[] = [floatTensor('input_scale', [], [spec.inputScale])];
  const nodes: Partial<NodeProto>[] = [node('Mul', [ONNX_INPUT, 'input_scale'], 'scaled')];
  let x = 'scaled';
  let inputSize = [height, width];
  spec.blocks.forEach((block, i) => {
    const n = i + 1;
    const { weights, bias } = params.conv[i];
    initializer.push(
      floatTensor(`conv${n}.weight`, [...weights.shape], weights.data),
      floatTensor(`conv${n}.bias`, [block.filters], bias.data),
    );
    // Checked here too so a padding ONNX cannot express fails loudly rather than computing another shape.
    inputSize.forEach((size) =>
      convOutputGeometry(size, block.kernel, block.stride, block.padding, `exportOnnx block ${n}`),
    );
    nodes.push(
      node('Conv', [x, `conv${n}.weight`, `conv${n}.bias`], `conv${n}`, [
        ints('kernel_shape', [block.kernel, block.kernel]),
        ints('strides', [block.stride, block.stride]),
        ints('dilations', [1, 1]),
        int('group', 1),
        ...paddingAttributes(block.padding),
      ]),
      node('Relu', [`conv${n}`], `relu${n}`),
    );
    x = `relu${n}`;
    if (block.pool) {
      nodes.push(
        node('MaxPool', [x], `pool${n}`, [
          ints('kernel_shape', [block.pool.size, block.pool.size]),
          ints('strides', [block.pool.stride, block.pool.stride]),
        ]),
      );
      x = `pool${n}`;
    }
    inputSize = shapes.blocks[i].pool.slice(1);
  });
  const classes = spec.classes.length;
  initializer.push(
    floatTensor('dense.weight', [shapes.flat[0], classes], params.dense.weights.data),
    floatTensor('dense.bias', [classes], params.dense.bias.data),
  );
  nodes.push(
    node('Flatten', [x], 'flat', [int('axis', 1)]),
    node('Gemm', ['flat', 'dense.weight', 'dense.bias'], 'logits'),
    node('Softmax', ['logits'], ONNX_OUTPUT, [int('axis', 1)]),
  );
  const message = create(ModelProtoSchema, {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: BigInt(ONNX_OPSET) }],
    producerName: 'Sheet CNN',
    graph: {
      name,
      node: nodes,
      initializer,
      input: [floatValue(ONNX_INPUT, ['batch', channels, height, width])],
      output: [floatValue(ONNX_OUTPUT, ['batch', classes])],
    },
    metadataProps: [
      { key: ONNX_CLASSES_KEY, value: JSON.stringify(spec.classes) },
      { key: ONNX_INPUT_SCALE_KEY, value: String(spec.inputScale) },
    ],
  } as MessageInitShape<typeof ModelProtoSchema>);
  return toBinary(ModelProtoSchema, message);
}
