/**
 * Import of TensorFlow.js Layers files: the round trip from an export is the identity on float32 values, a
 * model defined and trained by TensorFlow.js itself (on ORL faces) predicts in the engine what it predicts in
 * TensorFlow.js, and files the sheets cannot represent are refused naming the layer or field.
 */
import * as fs from 'fs';
import * as path from 'path';
import { tf } from '../helpers/tf';
import { nhwcBatch, trainTfjsModelOnOrl } from '../helpers/tfjs-trained';
import { defaultSpec } from '../../src/core/spec';
import { forward, initParams, paramList } from '../../src/core/model';
import { exportTfjs } from '../../src/interchange/tfjs-export';
import { importTfjs } from '../../src/interchange/tfjs-import';
import { randomModel } from './random-models';

function filesOf(weightsBin: Uint8Array): Map<string, Uint8Array> {
  return new Map([['weights.bin', weightsBin]]);
}

describe('TensorFlow.js Layers import', () => {
  test.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => 200 + i))(
    'export → import of random architecture %i is the identity on float32 values',
    (seed) => {
      const model = randomModel(seed);
      const files = exportTfjs(model);
      const back = importTfjs(files.modelJson, filesOf(files.weightsBin));
      expect(back.spec).toEqual(model.spec);
      const original = paramList(model.params);
      paramList(back.params).forEach((t, i) => {
        expect(t.shape).toEqual(original[i].shape);
        // Bit-exact: every value is the float32 nearest the sheet's float64 value.
        expect(Array.from(t.data)).toEqual(Array.from(original[i].data, Math.fround));
      });
      const again = exportTfjs(back);
      expect(again.modelJson).toBe(files.modelJson);
      expect(Buffer.from(again.weightsBin).equals(Buffer.from(files.weightsBin))).toBe(true);
    },
  );

  test('the default model keeps its classes and its input scale exactly', () => {
    const spec = defaultSpec(['Ada', 'Grace']);
    const files = exportTfjs({ spec, params: initParams(spec, 3) });
    expect(importTfjs(files.modelJson, filesOf(files.weightsBin)).spec).toEqual(spec);
  });

  test('a model defined and trained by TensorFlow.js on ORL faces predicts the same in the engine, with its kernels transposed', async () => {
    const { model, dir, losses, unseen: test20 } = await trainTfjsModelOnOrl();
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    const imported = importTfjs(
      fs.readFileSync(path.join(dir, 'model.json'), 'utf8'),
      filesOf(fs.readFileSync(path.join(dir, 'weights.bin'))),
    );
    expect(imported.spec).toEqual({
      input: { channels: 3, height: 12, width: 12 },
      inputScale: 1 / 255,
      blocks: [
        { filters: 4, kernel: 3, stride: 1, padding: 'valid', pool: { size: 2, stride: 2 } },
        { filters: 6, kernel: 3, stride: 2, padding: 1, pool: null },
      ],
      classes: ['s1', 's2', 's3'],
    });
    const expected = (model.predict(nhwcBatch(test20.map((e) => e.image))) as tf.Tensor).arraySync() as number[][];
    let worst = 0;
    test20.forEach((example, n) => {
      forward(imported.spec, imported.params, example.image).probabilities.data.forEach(
        (p, k) => (worst = Math.max(worst, Math.abs(p - expected[n][k]))),
      );
    });
    expect(worst).toBeLessThanOrEqual(1e-5);
    // The sheet's filter f, channel c, row y, column x is TF.js's kernel[y][x][c][f].
    const kernel = model.getLayer('c1').getWeights()[0].arraySync() as number[][][][];
    const filters = imported.params.conv[0].weights;
    for (let f = 0; f < 4; f++)
      for (let c = 0; c < 3; c++)
        for (let y = 0; y < 3; y++)
          for (let x = 0; x < 3; x++) {
            expect(filters.data[((f * 3 + c) * 3 + y) * 3 + x]).toBe(kernel[y][x][c][f]);
          }
  });
});

describe('TensorFlow.js Layers import refuses what the sheets cannot show', () => {
  const spec = defaultSpec();
  const good = exportTfjs({ spec, params: initParams(spec, 1) });
  type Edit = (json: {
    modelTopology: {
      class_name: string;
      config: { layers: { class_name: string; config: Record<string, unknown> }[] };
    };
    format?: string;
    weightsManifest: { weights: Record<string, unknown>[] }[];
  }) => void;
  const layers = (json: Parameters<Edit>[0]) => json.modelTopology.config.layers;
  const edited = (edit: Edit): string => {
    const json = JSON.parse(good.modelJson);
    edit(json);
    return JSON.stringify(json);
  };
  const cases: [string, Edit, RegExp][] = [
    [
      'batch normalization',
      (j) => layers(j).splice(2, 0, { class_name: 'BatchNormalization', config: { name: 'bn' } }),
      /layer 3 'bn' \(BatchNormalization\) cannot be shown.*fold it/,
    ],
    [
      'another activation',
      (j) => (layers(j)[1].config.activation = 'tanh'),
      /layer 2 'conv1' \(Conv2D\) uses activation 'tanh'/,
    ],
    [
      'average pooling',
      (j) => (layers(j)[2].class_name = 'AveragePooling2D'),
      /layer 3 'pool1' \(AveragePooling2D\) is not a layer a Sheet CNN model has/,
    ],
    [
      'a functional model',
      (j) => (j.modelTopology.class_name = 'Functional'),
      /the model is a Functional; only Sequential/,
    ],
    ['a graph model', (j) => (j.format = 'graph-model'), /"graph-model", not a "layers-model"/],
    [
      'a rectangular kernel',
      (j) => (layers(j)[1].config.kernel_size = [3, 5]),
      /'conv1' \(Conv2D\) has kernel_size 3×5/,
    ],
    ['unequal strides', (j) => (layers(j)[1].config.strides = [1, 2]), /'conv1' \(Conv2D\) has strides 1×2/],
    ['a dilated convolution', (j) => (layers(j)[1].config.dilation_rate = [2, 2]), /'conv1' \(Conv2D\) is dilated/],
    [
      'channels first',
      (j) => (layers(j)[1].config.data_format = 'channels_first'),
      /'conv1' \(Conv2D\) uses data_format channels_first/,
    ],
    [
      'a leaky ReLU',
      (j) => (
        (layers(j)[1].config.activation = 'linear'),
        layers(j).splice(2, 0, { class_name: 'ReLU', config: { name: 'leaky', negative_slope: 0.1 } })
      ),
      /'leaky' \(ReLU\) is capped, leaky or shifted/,
    ],
    [
      'a hidden dense layer',
      (j) =>
        layers(j).splice(-2, 0, { class_name: 'Dense', config: { name: 'hidden', units: 10, activation: 'relu' } }),
      /'hidden' \(Dense\) uses activation 'relu'/,
    ],
    [
      'two dense layers',
      (j) => layers(j).splice(-2, 0, { class_name: 'Dense', config: { name: 'hidden', units: 10 } }),
      /'dense' \(Dense\) comes after the dense layer/,
    ],
    [
      'pooling with same padding',
      (j) => (layers(j)[2].config.padding = 'same'),
      /'pool1' \(MaxPooling2D\) has padding 'same'/,
    ],
    ['a rescaling offset', (j) => (layers(j)[0].config.offset = -1), /'rescaling' \(Rescaling\) adds an offset/],
    ['no input shape', (j) => delete layers(j)[0].config.batch_input_shape, /no batch_input_shape/],
    [
      'float16 weights',
      (j) => (j.weightsManifest[0].weights[0].dtype = 'float16'),
      /weight conv1\/kernel is stored as float16/,
    ],
    [
      'quantized weights',
      (j) => (j.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', scale: 1, min: 0 }),
      /conv1\/kernel is quantized/,
    ],
    [
      'a wrong weight shape',
      (j) => (j.weightsManifest[0].weights[0].shape = [3, 3, 3, 8]),
      /weight conv1\/kernel has shape \[3, 3, 3, 8\]; layer conv1 needs \[3, 3, 3, 16\]|holds \d+ bytes but/,
    ],
  ];
  test.each(cases)('%s', (_name, edit, message) => {
    expect(() => importTfjs(edited(edit), filesOf(good.weightsBin))).toThrow(message);
  });

  test('a weights.bin cut short, one too long, or missing, and a model.json that is not JSON', () => {
    expect(() => importTfjs(good.modelJson, filesOf(good.weightsBin.subarray(0, good.weightsBin.length - 4)))).toThrow(
      /weights.bin holds 76552 bytes, fewer than the 76556 that weight dense\/bias needs/,
    );
    const long = new Uint8Array(good.weightsBin.length + 4);
    long.set(good.weightsBin);
    expect(() => importTfjs(good.modelJson, filesOf(long))).toThrow(
      /weights.bin holds 76560 bytes but the weights in model.json need 76556/,
    );
    expect(() => importTfjs(good.modelJson, new Map())).toThrow(
      /the weights file "weights.bin" named in model.json was not given/,
    );
    expect(() => importTfjs('{"modelTopology": ', filesOf(good.weightsBin))).toThrow(/model.json is not valid JSON/);
  });

  test('a NaN weight is refused naming the weight', () => {
    const bad = Uint8Array.from(good.weightsBin);
    new DataView(bad.buffer).setFloat32(8, NaN, true);
    expect(() => importTfjs(good.modelJson, filesOf(bad))).toThrow(/weight conv1\/kernel holds NaN at position 3/);
  });
});
