/**
 * Export to TensorFlow.js Layers files: TensorFlow.js itself loads them from disk and predicts the engine's
 * probabilities on 20 pictures, for the default model and random architectures drawn from the spec type.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tf } from '../helpers/tf';
import { loadLayersModelFromDir } from '../helpers/tfjs-files';
import { defaultSpec } from '../../src/core/spec';
import { forward, initParams } from '../../src/core/model';
import type { Tensor } from '../../src/core/types';
import { exportTfjs } from '../../src/interchange/tfjs-export';
import type { PortableModel } from '../../src/interchange/portable-model';
import { randomModel, randomPictures } from './random-models';

const TOLERANCE = 1e-5;

function writeFiles(model: PortableModel): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheet-cnn-tfjs-'));
  const files = exportTfjs(model);
  fs.writeFileSync(path.join(dir, 'model.json'), files.modelJson);
  fs.writeFileSync(path.join(dir, 'weights.bin'), files.weightsBin);
  return dir;
}

/** CHW pictures → one NHWC batch. */
function batchOf(pictures: Tensor[]): tf.Tensor4D {
  const [C, H, W] = pictures[0].shape;
  return tf.tidy(
    () =>
      tf.stack(pictures.map((p) => tf.transpose(tf.tensor3d(Array.from(p.data), [C, H, W]), [1, 2, 0]))) as tf.Tensor4D,
  );
}

async function largestDifference(model: PortableModel, pictures: Tensor[]): Promise<number> {
  const loaded = await loadLayersModelFromDir(writeFiles(model));
  const predicted = (loaded.predict(batchOf(pictures)) as tf.Tensor).arraySync() as number[][];
  let worst = 0;
  pictures.forEach((picture, n) => {
    const expected = forward(model.spec, model.params, picture).probabilities.data;
    expected.forEach((p, k) => (worst = Math.max(worst, Math.abs(p - predicted[n][k]))));
  });
  return worst;
}

describe('TensorFlow.js Layers export', () => {
  test('the default model: tf.loadLayersModel from the files predicts the engine’s probabilities on 20 pictures', async () => {
    const spec = defaultSpec();
    const model = { spec, params: initParams(spec, 7) };
    expect(await largestDifference(model, randomPictures(spec, 20, 1))).toBeLessThanOrEqual(TOLERANCE);
  });

  test('the class names travel in the user-defined metadata', async () => {
    const spec = defaultSpec(['cat', 'dog', 'émeu']);
    const loaded = await loadLayersModelFromDir(writeFiles({ spec, params: initParams(spec, 1) }));
    expect(loaded.getUserDefinedMetadata()).toEqual({ classes: ['cat', 'dog', 'émeu'] });
  });

  test.each(Array.from({ length: 12 }, (_, i) => 100 + i))(
    'random architecture %i: the same probabilities on 20 pictures',
    async (seed) => {
      const model = randomModel(seed);
      expect(await largestDifference(model, randomPictures(model.spec, 20, seed))).toBeLessThanOrEqual(TOLERANCE);
    },
  );

  test('the dense rows are reordered to channels-last: the same numbers in the sheet’s order predict differently', async () => {
    // Guards the test above: with several maps of several pixels before the flatten, forgetting the
    // reordering changes the predictions by far more than the tolerance.
    const spec = defaultSpec();
    const model = { spec, params: initParams(spec, 7) };
    const files = exportTfjs(model);
    const dir = writeFiles(model);
    const loaded = await loadLayersModelFromDir(dir);
    const dense = loaded.getLayer('dense');
    const [kernel, bias] = dense.getWeights();
    const unpermuted = tf.tensor2d(Array.from(model.params.dense.weights.data), kernel.shape as [number, number]);
    dense.setWeights([unpermuted, bias]);
    const pictures = randomPictures(spec, 20, 1);
    const predicted = (loaded.predict(batchOf(pictures)) as tf.Tensor).arraySync() as number[][];
    const worst = Math.max(
      ...pictures.map((p, n) =>
        Math.max(...forward(spec, model.params, p).probabilities.data.map((q, k) => Math.abs(q - predicted[n][k]))),
      ),
    );
    expect(worst).toBeGreaterThan(1e-3);
    expect(files.weightsBin.length).toBe(4 * (16 * 27 + 16 + 64 * 144 + 64 + 3136 * 3 + 3));
  });
});
