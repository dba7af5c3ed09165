/**
 * A model defined and trained by TensorFlow.js itself (not by our engine) on ORL faces, saved as Layers files:
 * what a person brings back after training elsewhere. Small (12×12 faces of 3 people) so TensorFlow.js's
 * pure-JS training takes seconds.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tf } from './tf';
import { saveLayersModelToDir } from './tfjs-files';
import { loadOrl } from './orl';
import type { Example, Tensor } from '../../src/core/types';

export const TRAINED_SIZE = 12;
export const TRAINED_CLASSES = ['s1', 's2', 's3'];

/** CHW pictures → one NHWC batch. */
export function nhwcBatch(pictures: readonly Tensor[]): tf.Tensor4D {
  const [C, H, W] = pictures[0].shape;
  return tf.tidy(
    () =>
      tf.stack(pictures.map((p) => tf.transpose(tf.tensor3d(Array.from(p.data), [C, H, W]), [1, 2, 0]))) as tf.Tensor4D,
  );
}

export interface TrainedModel {
  readonly model: tf.Sequential;
  readonly dir: string;
  readonly losses: number[];
  /** 20 faces it did not train on (3 held out of each trained subject, then two other people). */
  readonly unseen: Example[];
}

export async function trainTfjsModelOnOrl(): Promise<TrainedModel> {
  const train = loadOrl([1, 2, 3], [1, 2, 3, 4, 5, 6, 7], TRAINED_SIZE);
  const unseen = loadOrl([1, 2, 3], [8, 9, 10], TRAINED_SIZE)
    .concat(loadOrl([4, 5], [1, 2, 3, 4, 5, 6], TRAINED_SIZE))
    .slice(0, 20);
  const model = tf.sequential();
  model.add(
    tf.layers.rescaling({ scale: 1 / 255, offset: 0, inputShape: [TRAINED_SIZE, TRAINED_SIZE, 3], name: 'scale' }),
  );
  model.add(
    tf.layers.conv2d({
      filters: 4,
      kernelSize: 3,
      strides: 1,
      padding: 'valid',
      activation: 'relu',
      name: 'c1',
      kernelInitializer: tf.initializers.heNormal({ seed: 1 }),
    }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: 'p1' }));
  model.add(tf.layers.zeroPadding2d({ padding: 1, name: 'pad2' }));
  model.add(
    tf.layers.conv2d({
      filters: 6,
      kernelSize: 3,
      strides: 2,
      padding: 'valid',
      name: 'c2',
      kernelInitializer: tf.initializers.heNormal({ seed: 2 }),
    }),
  );
  model.add(tf.layers.reLU({ name: 'r2' }));
  model.add(tf.layers.dropout({ rate: 0.2, name: 'drop' }));
  model.add(tf.layers.flatten({ name: 'flat' }));
  model.add(
    tf.layers.dense({
      units: 3,
      activation: 'softmax',
      name: 'out',
      kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }),
    }),
  );
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'sparseCategoricalCrossentropy' });
  const xs = nhwcBatch(train.map((e) => e.image));
  const ys = tf.tensor1d(
    train.map((e) => e.label),
    'float32',
  );
  const history = await model.fit(xs, ys, { epochs: 6, batchSize: 7, shuffle: false, verbose: 0 });
  model.setUserDefinedMetadata({ classes: TRAINED_CLASSES });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheet-cnn-trained-'));
  await saveLayersModelToDir(model, dir);
  return { model, dir, losses: history.history.loss as number[], unseen };
}
