/**
 * The same network as an ONNX graph (NCHW, float32) for onnxruntime-web: scale → [Conv → Relu → MaxPool] per
 * block → Flatten (CHW order, as the engine flattens) → Gemm → logits. Built with onnx-proto, the ONNX
 * schema compiled for protobufjs, so the file is written by the format's own definitions.
 */
import { onnx } from 'onnx-proto';
import type { ModelParams, ModelSpec, Padding, Tensor } from '../../../src/core/types';

const FLOAT = onnx.TensorProto.DataType.FLOAT;

function initializer(name: string, t: Tensor): onnx.ITensorProto {
  return { name, dims: [...t.shape], dataType: FLOAT, floatData: Array.from(t.data) };
}

function ints(name: string, values: number[]): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: values };
}

/** TensorFlow's 'same' puts an odd extra cell after: ONNX's SAME_UPPER. */
function paddingAttribute(padding: Padding): onnx.IAttributeProto {
  if (padding === 'same')
    return {
      name: 'auto_pad',
      type: onnx.AttributeProto.AttributeType.STRING,
      s: new TextEncoder().encode('SAME_UPPER'),
    };
  const p = padding === 'valid' ? 0 : padding;
  return ints('pads', [p, p, p, p]);
}

function input(name: string, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** The serialised model; its input is `images` [N, C, H, W] (0–255) and its output `logits` [N, classes]. */
export function onnxModel(spec: ModelSpec, params: ModelParams): Uint8Array {
  const { channels, height, width } = spec.input;
  const nodes: onnx.INodeProto[] = [];
  const initializers: onnx.ITensorProto[] = [
    { name: 'scale', dims: [], dataType: FLOAT, floatData: [spec.inputScale] },
  ];
  nodes.push({ opType: 'Mul', input: ['images', 'scale'], output: ['x0'] });
  let x = 'x0';
  spec.blocks.forEach((block, i) => {
    initializers.push(initializer(`w${i}`, params.conv[i].weights), initializer(`b${i}`, params.conv[i].bias));
    nodes.push({
      opType: 'Conv',
      input: [x, `w${i}`, `b${i}`],
      output: [`conv${i}`],
      attribute: [
        ints('kernel_shape', [block.kernel, block.kernel]),
        ints('strides', [block.stride, block.stride]),
        paddingAttribute(block.padding),
      ],
    });
    nodes.push({ opType: 'Relu', input: [`conv${i}`], output: [`relu${i}`] });
    x = `relu${i}`;
    if (block.pool) {
      nodes.push({
        opType: 'MaxPool',
        input: [x],
        output: [`pool${i}`],
        attribute: [
          ints('kernel_shape', [block.pool.size, block.pool.size]),
          ints('strides', [block.pool.stride, block.pool.stride]),
        ],
      });
      x = `pool${i}`;
    }
  });
  initializers.push(initializer('dense_w', params.dense.weights), initializer('dense_b', params.dense.bias));
  nodes.push({
    opType: 'Flatten',
    input: [x],
    output: ['flat'],
    attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
  });
  nodes.push({ opType: 'Gemm', input: ['flat', 'dense_w', 'dense_b'], output: ['logits'] });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'sheet-cnn bench',
    graph: {
      name: 'sheet-cnn',
      node: nodes,
      initializer: initializers,
      input: [input('images', ['N', channels, height, width])],
      output: [input('logits', ['N', spec.classes.length])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
