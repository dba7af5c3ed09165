/**
 * `npm run bench -- --photos DIR`: how well the network learns people from real photos, by the protocol fixed
 * before any run: for each crop (centred square / square around the face), input size and augmentation, train
 * the default network with the Train panel's defaults (optimizer, learning rate, batch size, epochs; each can
 * be changed by a flag) from seeds 1, 2, 3 and report the held-out accuracy, mean and spread over the seeds.
 *
 * DIR holds one folder of pictures per class; with DIR/train/ and DIR/val/ (each holding the class folders)
 * those are the training and test pictures, otherwise 20% of each class is held out (seeded, as the Dataset
 * panel does). With --folds K all photos are pooled for stratified K-fold cross-validation instead: each is
 * tested once, by the network trained on the other folds, which measures far more finely than a small
 * held-out set (on five celebrities' 118 photos, 354 answers over three seeds instead of 75). With
 * --per-class N,… each run trains on at most N photos of each class (a seeded pick), which shows how accuracy
 * grows with the photos a person gives.
 * Pictures are cropped and resized exactly as the command line does (cli-pictures), and trained
 * with the server's own seeded batches and augmentation (training-loop) on the engine; the sheets are left
 * out, as they change no number (the training tests check that the server's weights equal the engine's).
 *
 * Faces are found once per photo and kept in out/faces.json (keyed by the file's content), and every
 * finished run in out/photo-bench.json (keyed by the settings and the pictures' pixels, so a change to the
 * cropping starts afresh), so an interrupted benchmark resumes where it stopped. out/ is
 * git-ignored: nothing derived from the photos enters the repository.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { AUGMENT_STRENGTHS } from '../src/core/augment';
import type { AugmentStrength } from '../src/core/augment';
import { createOptimizerState, defaultSpec, evaluate, initParams, trainBatch } from '../src/core';
import type { Example, ModelSpec, OptimizerConfig } from '../src/core/types';
import { TRAIN_DEFAULTS } from '../src/shared/training-defaults';
import { AUGMENTATIONS, augmentOptions, describeOptimizer, optimizerConfig } from '../src/server/training-request';
import { batchSizeFlag, optimizerFlags } from '../src/local/cli/training-flags';
import type { OptimizerChoice } from '../src/sheet/commit-record';
import { cropImage, decodeImage, resizeArea, toChwTensor } from '../src/image';
import type { RgbImage } from '../src/image';
import { squareFor } from '../src/image/face-crop';
import type { FaceBox } from '../src/image/face-crop';
import { listDataset } from '../src/local/cli/cli-pictures';
import { nodeFaceDetector } from '../src/local/engine/face-detector-node';
import { stratifiedFolds, stratifiedSplit } from '../src/server/dataset-split';
import { fnv1a } from '../src/shared/fnv1a';
import { epochOrder } from '../src/core/train';
import { advance, nextBatch } from '../src/server/training-loop';
import type { RunPosition } from '../src/server/training-loop';

type Crop = 'centre' | 'face';

interface Settings {
  readonly photos: string;
  readonly seeds: number[];
  readonly epochs: number;
  readonly optimizer: OptimizerChoice;
  readonly batchSize: number;
  readonly sizes: number[];
  readonly crops: Crop[];
  readonly augment: AugmentStrength[];
  /** 0: train on the training photos, test on the held-out ones; k ≥ 2: k-fold cross-validation over all photos. */
  readonly folds: number;
  /** At most this many training photos of each class (a seeded pick), null for all: accuracy against photos per person. */
  readonly perClass: (number | null)[];
}

interface Photo {
  readonly file: string;
  readonly label: number;
  readonly test: boolean;
}

interface RunResult {
  readonly key: string;
  readonly testAccuracy: number;
  readonly trainAccuracy: number;
  readonly seconds: number;
}

const OUT = path.resolve(__dirname, '..', 'out');
/** Faces with their landmarks (face-boxes.json held boxes alone, from before the crop used landmarks). */
const FACE_CACHE = path.join(OUT, 'faces.json');
const RESULTS = path.join(OUT, 'photo-bench.json');

function list(flag: string, text: string, allowed?: readonly string[]): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const item of items)
    if (allowed && !allowed.includes(item)) throw new Error(`${flag}: "${item}" is not one of ${allowed.join(', ')}.`);
  if (items.length === 0) throw new Error(`${flag} needs at least one value.`);
  return items;
}

function numbers(flag: string, text: string): number[] {
  return list(flag, text).map((item) => {
    if (!/^\d+$/.test(item)) throw new Error(`${flag}: "${item}" is not a whole number.`);
    return Number(item);
  });
}

const FLAGS = [
  '--photos',
  '--seeds',
  '--epochs',
  '--optimizer',
  '--rate',
  '--batch',
  '--sizes',
  '--crops',
  '--augment',
  '--folds',
  '--per-class',
];

export function parsePhotoBenchArgs(argv: readonly string[]): Settings {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (!FLAGS.includes(flag))
      throw new Error(
        `Unknown option "${argv[i]}" (photo benchmark: --photos DIR [--seeds 1,2,3] [--epochs ${TRAIN_DEFAULTS.epochs}] [--optimizer ${TRAIN_DEFAULTS.optimizer}] [--rate ${TRAIN_DEFAULTS.learningRate}] [--batch ${TRAIN_DEFAULTS.batchSize}] [--sizes 28,48] [--crops centre,face] [--augment off,medium] [--folds 5] [--per-class 4,8,all]).`,
      );
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value.`);
    values.set(flag, value);
  }
  const photos = values.get('--photos');
  if (photos === undefined)
    throw new Error(
      '--photos DIR is needed: a folder with one subfolder of pictures per class (or train/ and val/ holding those).',
    );
  return {
    photos: path.resolve(photos),
    seeds: numbers('--seeds', values.get('--seeds') ?? '1,2,3'),
    epochs: numbers('--epochs', values.get('--epochs') ?? String(TRAIN_DEFAULTS.epochs))[0],
    optimizer: optimizerFlags(values.get('--optimizer'), values.get('--rate')),
    batchSize: batchSizeFlag(values.get('--batch')),
    sizes: numbers('--sizes', values.get('--sizes') ?? '28,48'),
    crops: list('--crops', values.get('--crops') ?? 'centre,face', ['centre', 'face']) as Crop[],
    augment: list('--augment', values.get('--augment') ?? 'off,medium', AUGMENTATIONS) as AugmentStrength[],
    folds: parseFolds(values.get('--folds')),
    perClass: parsePerClass(values.get('--per-class') ?? 'all'),
  };
}

function parsePerClass(text: string): (number | null)[] {
  return list('--per-class', text).map((item) => {
    if (item === 'all') return null;
    if (!/^\d+$/.test(item) || Number(item) < 1)
      throw new Error(`--per-class: "${item}" is not a number of photos (1 or more) or "all".`);
    return Number(item);
  });
}

/**
 * At most `count` of each class's training pictures: the first of a shuffle seeded by the run's seed and the
 * class, so each seed trains on its own pick and a smaller pick is part of every larger one.
 */
export function pickPerClass(
  train: readonly number[],
  photos: readonly Photo[],
  count: number | null,
  seed: number,
): number[] {
  if (count === null) return [...train];
  const byClass = new Map<number, number[]>();
  for (const i of train) byClass.set(photos[i].label, [...(byClass.get(photos[i].label) ?? []), i]);
  return [...byClass.entries()].flatMap(([label, members]) =>
    epochOrder(seed, label, members.length)
      .slice(0, count)
      .map((k) => members[k]),
  );
}

function parseFolds(text: string | undefined): number {
  if (text === undefined) return 0;
  const [folds] = numbers('--folds', text);
  if (folds < 2) throw new Error(`--folds ${folds}: cross-validation needs 2 or more folds (5 is usual).`);
  return folds;
}

/**
 * The train/test rounds of a run, as picture indices: one round (the held-out photos) without folds, else one
 * round per fold, testing on it after training on the others; every photo is then tested exactly once.
 */
function rounds(
  photos: readonly Photo[],
  classes: readonly string[],
  folds: number,
): { train: number[]; test: number[] }[] {
  const indices = photos.map((_, i) => i);
  if (folds === 0)
    return [{ train: indices.filter((i) => !photos[i].test), test: indices.filter((i) => photos[i].test) }];
  const fold = stratifiedFolds(
    photos.map((p) => classes[p.label]),
    folds,
    1,
  );
  return Array.from({ length: folds }, (_, f) => ({
    train: indices.filter((i) => fold[i] !== f),
    test: indices.filter((i) => fold[i] === f),
  }));
}

/** The photos with their class and split: train/ and val/ when present, else a seeded 20% per class. */
function listPhotos(folder: string): { classes: string[]; photos: Photo[] } {
  const train = path.join(folder, 'train');
  const val = path.join(folder, 'val');
  if (fs.existsSync(train) && fs.existsSync(val)) {
    const trainClasses = listDataset(train);
    const classes = trainClasses.map((c) => c.label);
    const valClasses = listDataset(val);
    const unknown = valClasses.filter((c) => !classes.includes(c.label));
    if (unknown.length > 0)
      throw new Error(`${val} has classes that ${train} lacks: ${unknown.map((c) => c.label).join(', ')}.`);
    const photos = [
      ...trainClasses.flatMap((c, label) => c.files.map((file) => ({ file, label, test: false }))),
      ...valClasses.flatMap((c) => c.files.map((file) => ({ file, label: classes.indexOf(c.label), test: true }))),
    ];
    return { classes, photos };
  }
  const all = listDataset(folder);
  const classes = all.map((c) => c.label);
  const labelled = all.flatMap((c, label) => c.files.map((file) => ({ file, label })));
  const splits = stratifiedSplit(
    labelled.map((p) => classes[p.label]),
    { testFraction: 0.2, seed: 1 },
  );
  return { classes, photos: labelled.map((p, i) => ({ ...p, test: splits[i] === 'test' })) };
}

function readJson<T>(file: string, empty: T): T {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : empty;
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 1)}\n`);
}

/** Every photo decoded, with its faces (found once, then read from the cache). */
async function decodeAndDetect(
  photos: readonly Photo[],
): Promise<{ images: RgbImage[]; faces: FaceBox[][]; detectSeconds: number[] }> {
  const cache = readJson<Record<string, FaceBox[]>>(FACE_CACHE, {});
  const images: RgbImage[] = [];
  const faces: FaceBox[][] = [];
  const detectSeconds: number[] = [];
  for (const [i, photo] of photos.entries()) {
    const bytes = new Uint8Array(fs.readFileSync(photo.file));
    const image = decodeImage(bytes);
    const key = `${fnv1a(Buffer.from(bytes).toString('latin1')).toString(16)}-${bytes.length}`;
    if (cache[key] === undefined) {
      const detector = await nodeFaceDetector();
      const start = performance.now();
      cache[key] = await detector.detect(image);
      detectSeconds.push((performance.now() - start) / 1000);
      if (detectSeconds.length % 10 === 0) {
        writeJson(FACE_CACHE, cache);
        process.stderr.write(`  … faces found in ${i + 1} of ${photos.length} photos\n`);
      }
    }
    images.push(image);
    faces.push(cache[key]);
  }
  writeJson(FACE_CACHE, cache);
  return { images, faces, detectSeconds };
}

/** A fingerprint of the pictures runs train and test on: a finished run is reused only for the same pixels. */
function pixelsKey(examples: readonly Example[]): string {
  return fnv1a(examples.map((e) => e.image.data.join()).join()).toString(16);
}

function sizedSpec(classes: readonly string[], size: number): ModelSpec {
  const spec = defaultSpec(classes);
  return { ...spec, input: { ...spec.input, width: size, height: size } };
}

type Training = Pick<Settings, 'epochs' | 'optimizer' | 'batchSize'>;

/** Trains from `seed` with the server's seeded batches (and augmentation); accuracies at the end. */
function trainAndTest(
  spec: ModelSpec,
  train: readonly Example[],
  test: readonly Example[],
  seed: number,
  training: Training,
  augment: AugmentStrength,
): { trainAccuracy: number; testAccuracy: number } {
  const params = initParams(spec, seed);
  const optimizer: OptimizerConfig = optimizerConfig(training.optimizer);
  let position: RunPosition = {
    step: 0,
    epoch: 0,
    epochStep: 0,
    cursor: 0,
    optimizerState: createOptimizerState(optimizer, params),
  };
  const options = augmentOptions(augment);
  while (position.epoch < training.epochs) {
    const batch = nextBatch(position, train, seed, training.batchSize, options);
    const result = trainBatch(spec, params, batch, optimizer, position.optimizerState);
    position = advance(position, batch.length, train.length, result.state);
  }
  return { trainAccuracy: evaluate(spec, params, train).accuracy, testAccuracy: evaluate(spec, params, test).accuracy };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function meanAndSpread(values: readonly number[]): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1));
  return `${pct(mean)} ± ${(sd * 100).toFixed(1)}`;
}

/**
 * One seed's run over every train/test round, saved to out/ at once (another benchmark process may have added
 * runs meanwhile, so the file is read again first). Accuracies over all rounds: correct answers summed, so each
 * photo counts once.
 */
function runRounds(
  key: string,
  trainTestRounds: readonly { train: number[]; test: number[] }[],
  trainAndTestRound: (train: number[], test: number[]) => { trainAccuracy: number; testAccuracy: number },
): RunResult {
  const start = performance.now();
  let tested = 0;
  let testCorrect = 0;
  let trainAccuracy = 0;
  for (const round of trainTestRounds) {
    const accuracies = trainAndTestRound(round.train, round.test);
    tested += round.test.length;
    testCorrect += Math.round(accuracies.testAccuracy * round.test.length);
    trainAccuracy += accuracies.trainAccuracy / trainTestRounds.length;
  }
  const result = {
    key,
    testAccuracy: testCorrect / tested,
    trainAccuracy,
    seconds: (performance.now() - start) / 1000,
  };
  writeJson(RESULTS, { ...readJson<Record<string, RunResult>>(RESULTS, {}), [key]: result });
  return result;
}

export async function runPhotoBench(argv: readonly string[]): Promise<void> {
  const settings = parsePhotoBenchArgs(argv);
  const { classes, photos } = listPhotos(settings.photos);
  const trainCount = photos.filter((p) => !p.test).length;
  console.log(
    `${photos.length} photos of ${classes.length} classes (${classes.join(', ')}): ${
      settings.folds > 0
        ? `${settings.folds}-fold cross-validation over all of them (each photo tested once, by a network that did not train on it).`
        : `${trainCount} to train on, ${photos.length - trainCount} held out.`
    }`,
  );
  const { images, faces, detectSeconds } = await decodeAndDetect(photos);
  const missed = photos.filter((_, i) => faces[i].length === 0).map((p) => path.relative(settings.photos, p.file));
  if (detectSeconds.length > 0) {
    const sorted = [...detectSeconds].sort((a, b) => a - b);
    console.log(
      `Found faces in ${detectSeconds.length} new photos: median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} s per photo (${(await nodeFaceDetector()).backend} backend).`,
    );
  }
  console.log(
    `No face found in ${missed.length} of ${photos.length} photos${missed.length > 0 ? ` (centred square used): ${missed.join(', ')}` : ''}.`,
  );

  const results = readJson<Record<string, RunResult>>(RESULTS, {});
  const trainTestRounds = rounds(photos, classes, settings.folds);
  const rows: string[] = [];
  for (const size of settings.sizes) {
    for (const crop of settings.crops) {
      const examples = photos.map((photo, i) => {
        const { rect } = squareFor(images[i], crop === 'face' ? faces[i] : null);
        return { image: toChwTensor(resizeArea(cropImage(images[i], rect), size, size)), label: photo.label };
      });
      const spec = sizedSpec(classes, size);
      const pixels = pixelsKey(examples);
      for (const augment of settings.augment) {
        for (const perClass of settings.perClass) {
          const runs = settings.seeds.map((seed) => {
            const key = [
              path.basename(settings.photos),
              photos.length,
              size,
              crop,
              // The strength's changes, not only its name, so that new presets are measured afresh.
              augment === 'off' ? augment : `${augment} ${JSON.stringify(AUGMENT_STRENGTHS[augment])}`,
              settings.epochs,
              `${settings.optimizer.kind} ${settings.optimizer.learningRate}`,
              `batch ${settings.batchSize}`,
              seed,
              ...(settings.folds > 0 ? [`${settings.folds} folds`] : []),
              ...(perClass !== null ? [`${perClass} per class`] : []),
              pixels,
            ].join('|');
            const result =
              results[key] ??
              runRounds(key, trainTestRounds, (train, test) => {
                const pick = (which: number[]): Example[] => which.map((i) => examples[i]);
                const picked = pickPerClass(train, photos, perClass, seed);
                return trainAndTest(spec, pick(picked), pick(test), seed, settings, augment);
              });
            process.stderr.write(
              `  … ${size} px, ${crop}, augment ${augment}, ${perClass ?? 'all'} per class, seed ${seed}: test ${pct(result.testAccuracy)}, train ${pct(result.trainAccuracy)} (${result.seconds.toFixed(0)} s)\n`,
            );
            return result;
          });
          rows.push(
            [
              `${size}×${size}`,
              crop,
              augment,
              perClass ?? 'all',
              meanAndSpread(runs.map((r) => r.testAccuracy)),
              runs.map((r) => pct(r.testAccuracy)).join(' '),
              meanAndSpread(runs.map((r) => r.trainAccuracy)),
            ].join(' | '),
          );
        }
      }
    }
  }
  console.log(
    `\nDefault network, ${describeOptimizer(settings.optimizer)}, batches of ${settings.batchSize}, ${settings.epochs} epochs, seeds ${settings.seeds.join(', ')}${settings.folds > 0 ? `, ${settings.folds}-fold cross-validation` : ''}:`,
  );
  console.log(
    'input | crop | augment | training photos per class | test accuracy (mean ± sd) | per seed | train accuracy',
  );
  console.log('--- | --- | --- | --- | --- | --- | ---');
  for (const row of rows) console.log(row);
}
