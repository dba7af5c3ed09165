/**
 * The server side of model files and the dataset archive, on the local formula engine: a model trained by
 * TensorFlow.js comes into the sheets and the sheets compute its probabilities; the model the sheets hold
 * goes out; the Dataset sheet comes out page by page.
 */
import * as fs from 'fs';
import * as path from 'path';
import { exportTfjs } from '../../src/interchange/tfjs-export';
import { importTfjs } from '../../src/interchange/tfjs-import';
import { fromTransfer, toTransfer } from '../../src/interchange/transfer';
import { forward, paramList } from '../../src/core/model';
import { smallSpec } from '../../src/core/spec';
import { readModel } from '../../src/sheet/whole-model';
import { filtersSheet } from '../../src/sheet/sheet-names';
import { fromChwTensor } from '../../src/image/tensor';
import { nhwcBatch, TRAINED_CLASSES, trainTfjsModelOnOrl } from '../helpers/tfjs-trained';
import { tf } from '../helpers/tf';
import { newServer, picture, softmaxColumn } from './server-fixture';

describe('model files through the server', () => {
  test('a model trained by TensorFlow.js on ORL faces becomes sheets whose formulas give TensorFlow.js’s probabilities', async () => {
    const trained = await trainTfjsModelOnOrl();
    const files = new Map([['weights.bin', fs.readFileSync(path.join(trained.dir, 'weights.bin'))]]);
    const imported = importTfjs(fs.readFileSync(path.join(trained.dir, 'model.json'), 'utf8'), files);
    const { api, inner } = newServer();
    api.buildModel({ specName: 'default', mode: 'custom', seed: 1 });
    const info = api.importModel(toTransfer(imported));
    expect(info).toMatchObject({
      exists: true,
      specName: 'custom',
      mode: 'custom',
      inputWidth: 12,
      inputHeight: 12,
      classes: TRAINED_CLASSES,
    });

    const face = trained.unseen[0];
    const rgb = fromChwTensor(face.image);
    api.importImage({ name: 'face.pgm', width: 12, height: 12, rgbBase64: Buffer.from(rgb.data).toString('base64') });
    const expected = (trained.model.predict(nhwcBatch([face.image])) as tf.Tensor).arraySync() as number[][];
    // The custom-function formulas on the Softmax sheet, computed by the formula engine.
    softmaxColumn(inner, 3).forEach((p, k) => expect(Math.abs(p - expected[0][k])).toBeLessThanOrEqual(1e-5));
    api
      .runForwardPass()
      .probabilities.forEach((p, k) => expect(Math.abs(p - expected[0][k])).toBeLessThanOrEqual(1e-5));

    // Conv1 filters sheet: filter f's block for channel c holds kernel[y][x][c][f].
    const kernel = trained.model.getLayer('c1').getWeights()[0].arraySync() as number[][][][];
    const sheetFilters = readModel(inner).params.conv[0].weights;
    for (let f = 0; f < 4; f++)
      for (let c = 0; c < 3; c++)
        for (let y = 0; y < 3; y++)
          for (let x = 0; x < 3; x++) {
            expect(sheetFilters.data[((f * 3 + c) * 3 + y) * 3 + x]).toBe(kernel[y][x][c][f]);
          }
    expect(inner.sheetNames()).toContain(filtersSheet(1));
  });

  test('exportModel hands over the sheets’ model; export → TF.js → import → export is the identity on float32 values', () => {
    const { api } = newServer();
    api.buildModel({ specName: 'small', mode: 'values', seed: 4, classes: ['x', 'y'] });
    const out = fromTransfer(api.exportModel());
    expect(out.spec).toEqual(smallSpec(['x', 'y']));
    const files = exportTfjs(out);
    api.importModel(toTransfer(importTfjs(files.modelJson, new Map([['weights.bin', files.weightsBin]]))));
    const again = fromTransfer(api.exportModel());
    paramList(again.params).forEach((t, i) =>
      expect(Array.from(t.data)).toEqual(Array.from(paramList(out.params)[i].data, Math.fround)),
    );
    const image = picture('p', 5, 5, 3);
    api.importImage(image);
    const prediction = api.runForwardPass();
    const bytes = Buffer.from(image.rgbBase64, 'base64');
    const chw = new Float64Array(75).map((_, i) => bytes[(i % 25) * 3 + Math.floor(i / 25)]);
    const engine = forward(again.spec, again.params, { shape: [3, 5, 5], data: chw });
    prediction.probabilities.forEach((p, k) => expect(p).toBeCloseTo(engine.probabilities.data[k], 12));
  });

  test('bad imports are refused with what to do, and the sheets stay as they were', () => {
    const { api } = newServer();
    api.buildModel({ specName: 'small', mode: 'values', seed: 4 });
    const before = api.exportModel();
    const transfer = toTransfer(fromTransfer(before));
    expect(() =>
      api.importModel({ ...transfer, dense: { ...transfer.dense, weights: transfer.dense.weights.slice(1) } }),
    ).toThrow('Model to import: dense weights must be 54 finite numbers (shape [18, 3])');
    expect(() => api.importModel({ ...transfer, conv: [{ ...transfer.conv[0], bias: [1, NaN] }] })).toThrow(
      'Model to import: conv 1 biases must be 2 finite numbers (shape [2])',
    );
    expect(() =>
      api.importModel({
        ...transfer,
        spec: { ...transfer.spec, input: { channels: 1, height: 5, width: 5 } },
        conv: [{ weights: new Array(18).fill(0), bias: [0, 0] }],
      }),
    ).toThrow(/reads pictures of 1 channel\(s\); the sheets hold R, G, B pictures/);
    const huge = {
      ...transfer.spec,
      input: { channels: 3, height: 1000, width: 1000 },
      blocks: [{ filters: 8, kernel: 1, stride: 1, padding: 'valid' as const, pool: { size: 50, stride: 50 } }],
    };
    expect(() =>
      api.importModel({
        spec: huge,
        conv: [{ weights: new Array(24).fill(0), bias: new Array(8).fill(0) }],
        dense: { weights: new Array(3200 * 3).fill(0), bias: [0, 0, 0] },
      }),
    ).toThrow(/This model's sheets would take about [\d,]+ cells; a Google spreadsheet holds at most 10,000,000/);
    expect(api.exportModel()).toEqual(before);
  });

  test('getDatasetPage hands over every picture row in sheet order', () => {
    const { api } = newServer();
    api.buildModel({ specName: 'small', mode: 'values', seed: 1, classes: ['a', 'b'] });
    api.addPictures({ label: 'a', pictures: [picture('a1.png', 5, 5, 1), picture('a2.png', 5, 5, 2)] });
    api.addPictures({ label: 'b', pictures: [picture('b1.png', 5, 5, 3)] });
    const page = api.getDatasetPage(0);
    expect(page.total).toBe(3);
    expect(page.nextStart).toBeNull();
    expect(page.rows.map((r) => [r.label, r.name, r.width, r.height])).toEqual([
      ['a', 'a1.png', 5, 5],
      ['a', 'a2.png', 5, 5],
      ['b', 'b1.png', 5, 5],
    ]);
    expect(page.rows[2].pixels).toBe(picture('b1.png', 5, 5, 3).rgbBase64);
    expect(api.getDatasetPage(2).rows.map((r) => r.name)).toEqual(['b1.png']);
    expect(() => api.getDatasetPage(4)).toThrow(/Dataset page start is 4; expected a whole number from 0 to 3/);
  });
});
