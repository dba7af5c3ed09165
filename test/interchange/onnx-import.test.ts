/**
 * Import of ONNX files: export → import is the identity on float32 values, a graph written in another
 * style (Div by 255, explicit pads, transposed Gemm weights, no softmax) computes in the engine what ONNX
 * Runtime computes, and graphs the sheets cannot show are refused naming the node or field.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  TensorProto_DataType,
} from 'onnx-buf';
import type { ModelProto, NodeProto } from 'onnx-buf';
import { defaultSpec } from '../../src/core/spec';
import { forward, initParams, paramList } from '../../src/core/model';
import { exportOnnx } from '../../src/interchange/onnx-export';
import { importOnnx } from '../../src/interchange/onnx-import';
import { runOnnx } from '../helpers/onnx-runtime';
import { randomModel, randomPictures } from './random-models';

function edited(bytes: Uint8Array, edit: (model: ModelProto) => void): Uint8Array {
  const model = fromBinary(ModelProtoSchema, bytes);
  edit(model);
  return toBinary(ModelProtoSchema, model);
}

const nodes = (m: ModelProto): NodeProto[] => m.graph?.node ?? [];
const attr = (n: NodeProto, name: string) => n.attribute.find((a) => a.name === name);

describe('ONNX import', () => {
  test.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => 400 + i))(
    'export → import of random architecture %i is the identity on float32 values',
    (seed) => {
      const model = randomModel(seed);
      const bytes = exportOnnx(model);
      const back = importOnnx(bytes);
      expect(back.spec).toEqual(model.spec);
      const original = paramList(model.params);
      paramList(back.params).forEach((t, i) =>
        expect(Array.from(t.data)).toEqual(Array.from(original[i].data, Math.fround)),
      );
      expect(Buffer.from(exportOnnx(back)).equals(Buffer.from(bytes))).toBe(true);
    },
  );

  test('a graph in another style (Div by 255, explicit pads, transposed Gemm, no softmax, Dropout) computes what ONNX Runtime computes', () => {
    const spec = {
      ...defaultSpec(['a', 'b']),
      blocks: [{ filters: 4, kernel: 3, stride: 1, padding: 1 as const, pool: { size: 2, stride: 2 } }],
    };
    const source = { spec, params: initParams(spec, 5) };
    const bytes = edited(exportOnnx(source), (m) => {
      const g = m.graph!;
      g.node[0].opType = 'Div';
      g.initializer[0].rawData = new Uint8Array(new Float32Array([255]).buffer);
      m.metadataProps = [];
      // Gemm with transB = 1 and its weight stored transposed.
      const dense = g.initializer.find((t) => t.name === 'dense.weight')!;
      const [rows, cols] = dense.dims.map(Number);
      const w = new Float32Array(
        dense.rawData.buffer.slice(dense.rawData.byteOffset, dense.rawData.byteOffset + dense.rawData.byteLength),
      );
      const t = new Float32Array(rows * cols);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
      dense.dims = [BigInt(cols), BigInt(rows)];
      dense.rawData = new Uint8Array(t.buffer);
      const gemm = g.node.find((n) => n.opType === 'Gemm')!;
      gemm.attribute.push(
        create(AttributeProtoSchema, { name: 'transB', type: AttributeProto_AttributeType.INT, i: 1n }),
      );
      // Dropout after the pool, and the output is the logits.
      const flatIndex = g.node.findIndex((n) => n.opType === 'Flatten');
      g.node.splice(
        flatIndex,
        0,
        create(NodeProtoSchema, { opType: 'Dropout', input: ['pool1'], output: ['dropped'], name: 'dropout' }),
      );
      g.node[flatIndex + 1].input[0] = 'dropped';
      g.node.pop();
      g.output[0].name = 'logits';
    });
    const imported = importOnnx(bytes);
    expect(imported.spec.inputScale).toBe(1 / 255);
    expect(imported.spec.classes).toEqual(['Class 1', 'Class 2']);
    expect(imported.spec.blocks).toEqual(spec.blocks);
    const pictures = randomPictures(spec, 20, 9);
    const output = runOnnx(bytes, pictures);
    expect(output.name).toBe('logits');
    let worst = 0;
    pictures.forEach((p, n) =>
      forward(imported.spec, imported.params, p).logits.data.forEach(
        (v, k) => (worst = Math.max(worst, Math.abs(v - output.data[n * 2 + k]))),
      ),
    );
    expect(worst).toBeLessThanOrEqual(1e-5);
  });
});

describe('ONNX import refuses what the sheets cannot show', () => {
  const spec = defaultSpec();
  const good = exportOnnx({ spec, params: initParams(spec, 1) });
  const conv = (m: ModelProto) => nodes(m).find((n) => n.opType === 'Conv')!;
  const pool = (m: ModelProto) => nodes(m).find((n) => n.opType === 'MaxPool')!;
  const cases: [string, (m: ModelProto) => void, RegExp][] = [
    [
      'batch normalization',
      (m) => (nodes(m)[2].opType = 'BatchNormalization'),
      /node 3 'relu1' \(BatchNormalization\) cannot be shown/,
    ],
    [
      'another activation',
      (m) => (nodes(m)[2].opType = 'Sigmoid'),
      /node 3 'relu1' \(Sigmoid\) is not an operation a Sheet CNN model has/,
    ],
    ['average pooling', (m) => (pool(m).opType = 'AveragePool'), /'pool1' \(AveragePool\) is not an operation/],
    [
      'a branch',
      (m) => (nodes(m)[2].input[0] = 'scaled'),
      /node 3 'relu1' \(Relu\) does not take the previous node's output/,
    ],
    ['a grouped convolution', (m) => (attr(conv(m), 'group')!.i = 2n), /'conv1' \(Conv\) is a grouped convolution/],
    ['a dilated convolution', (m) => (attr(conv(m), 'dilations')!.ints = [2n, 2n]), /'conv1' \(Conv\) is dilated/],
    ['unequal strides', (m) => (attr(conv(m), 'strides')!.ints = [1n, 2n]), /'conv1' \(Conv\) has strides 1×2/],
    [
      'SAME_LOWER padding',
      (m) => (attr(conv(m), 'auto_pad')!.s = new TextEncoder().encode('SAME_LOWER')),
      /'conv1' \(Conv\) has auto_pad SAME_LOWER/,
    ],
    [
      'ceil-mode pooling',
      (m) =>
        pool(m).attribute.push({
          ...attr(pool(m), 'strides')!,
          name: 'ceil_mode',
          type: AttributeProto_AttributeType.INT,
          i: 1n,
        }),
      /'pool1' \(MaxPool\) uses ceil_mode/,
    ],
    [
      'a custom operator set',
      (m) => (conv(m).domain = 'com.example'),
      /'conv1' \(Conv\) is from the operator set com.example/,
    ],
    [
      'int64 weights',
      (m) => (m.graph!.initializer[1].dataType = TensorProto_DataType.INT64),
      /initializer conv1.weight holds INT64 values/,
    ],
    [
      'weights stored outside',
      (m) =>
        (m.graph!.initializer[1].externalData = [
          { $typeName: 'onnx.StringStringEntryProto', key: 'location', value: 'w.bin' },
        ]),
      /conv1.weight is stored in an external file/,
    ],
    [
      'weights cut short',
      (m) => (m.graph!.initializer[1].rawData = m.graph!.initializer[1].rawData.subarray(4)),
      /initializer conv1.weight has 1724 bytes of data; its shape \[16, 3, 3, 3\] needs 1728/,
    ],
    [
      'two picture inputs',
      (m) => m.graph!.input.push({ ...m.graph!.input[0], name: 'other' }),
      /the graph has 2 inputs/,
    ],
    [
      'a hidden dense layer',
      (m) =>
        nodes(m).splice(-1, 0, {
          ...nodes(m)[nodes(m).length - 2],
          name: 'hidden',
          input: ['logits', 'dense.weight', 'dense.bias'],
          output: ['hidden'],
        }),
      /'hidden' \(Gemm\) comes after the dense layer/,
    ],
  ];
  test.each(cases)('%s', (_name, edit, message) => {
    expect(() => importOnnx(edited(good, edit))).toThrow(message);
  });

  test('a file that is not ONNX, and one cut short, are refused', () => {
    expect(() => importOnnx(new TextEncoder().encode('{"format": "layers-model"}'))).toThrow(
      /ONNX model: the file is not an ONNX model/,
    );
    expect(() => importOnnx(good.subarray(0, good.length - 100))).toThrow(/ONNX model: the file is not an ONNX model/);
  });
});
