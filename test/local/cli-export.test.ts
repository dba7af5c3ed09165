/**
 * `npm run demo -- --export-tfjs DIR --export-onnx FILE --export-dataset FILE`: after training, the files
 * hold the trained model (TensorFlow.js and ONNX Runtime predict what the workbook predicts) and the dataset.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { main } from '../../src/local/cli/cli';
import { parseArgs } from '../../src/local/cli/cli-args';
import { orlPath } from '../helpers/orl';
import { readPictureFile } from '../../src/local/cli/cli-pictures';
import { loadLayersModelFromDir } from '../helpers/tfjs-files';
import { runOnnx } from '../helpers/onnx-runtime';
import { tf } from '../helpers/tf';
import { chwOf } from '../server/server-fixture';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sheet-cnn-cli-export-'));
}

test('parseArgs reads the export flags', () => {
  const parsed = parseArgs(['--export-tfjs', 'tfjs', '--export-onnx=m.onnx', '--export-dataset', 'd.zip']);
  expect(parsed).toMatchObject({
    options: {
      exportTfjs: path.resolve('tfjs'),
      exportOnnx: path.resolve('m.onnx'),
      exportDataset: path.resolve('d.zip'),
    },
  });
  expect(() => parseArgs(['--export-tfjs'])).toThrow('--export-tfjs needs a value');
});

test('the demo writes the trained model as TF.js and ONNX files and the dataset as an image-folder zip', async () => {
  const dir = tempDir();
  // Five faces of each of three people; the demo's own picture (s2/3) is left out of the dataset.
  const dataset = path.join(dir, 'faces');
  for (const subject of [1, 2, 3]) {
    fs.mkdirSync(path.join(dataset, `s${subject}`), { recursive: true });
    for (let f = 1; f <= 5; f++) fs.copyFileSync(orlPath(subject, f), path.join(dataset, `s${subject}`, `${f}.pgm`));
  }
  const image = path.join(dataset, 's2', '3.pgm');
  // Centred squares, as the reference below cuts them (face crops are tested in test/face).
  const args = [
    '--spec',
    'small',
    '--epochs',
    '1',
    '--crop',
    'centre',
    '--dataset',
    dataset,
    '--image',
    image,
    '--out',
    path.join(dir, 'm.xlsx'),
  ];
  const exports = [
    '--export-tfjs',
    path.join(dir, 'tfjs'),
    '--export-onnx',
    path.join(dir, 'model.onnx'),
    '--export-dataset',
    path.join(dir, 'data.zip'),
  ];
  let out = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  let code: number;
  try {
    code = await main([...args, ...exports]);
  } finally {
    stdout.mockRestore();
  }
  expect(code).toBe(0);
  const probabilities = /Probabilities for 3\.pgm:[\s\S]*$/.exec(out)?.[0] ?? '';
  expect(out).toContain('pictures in train/ and test/ folders by class, with labels.csv');

  const picture = chwOf((await readPictureFile(image, { width: 5, height: 5 }, 'centre')).picture);
  const tfModel = await loadLayersModelFromDir(path.join(dir, 'tfjs'));
  const tfOut = (
    tfModel.predict(tf.tensor4d(Array.from(picture.data), [1, 3, 5, 5]).transpose([0, 2, 3, 1])) as tf.Tensor
  ).arraySync() as number[][];
  const onnxOut = runOnnx(fs.readFileSync(path.join(dir, 'model.onnx')), [picture]).data;
  // The "after" column the demo printed: each class's probability in percent with one decimal.
  tfOut[0].forEach((p, k) => {
    expect(Math.abs(p - onnxOut[k])).toBeLessThan(1e-5);
    expect(probabilities).toContain(`${(p * 100).toFixed(1)}%`);
  });
  const zip = await JSZip.loadAsync(fs.readFileSync(path.join(dir, 'data.zip')));
  const pngs = Object.keys(zip.files).filter((name) => name.endsWith('.png'));
  expect(pngs.length).toBe(14);
  // Picture names are "s1/4.pgm" in the dataset: the folder's "/" becomes "_" in the file name.
  expect(pngs.filter((name) => !/^(train|test)\/(s[123])\/\2_\d+\.png$/.test(name))).toEqual([]);
});
