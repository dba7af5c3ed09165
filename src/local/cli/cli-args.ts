/**
 * The demo's command line: flags, their defaults and the --help text. Parsing only; nothing is read from
 * disk here, so every message about a bad flag comes before any work starts.
 */
import * as path from 'path';
import { readFileSync } from 'fs';
import { layersFromJson, PRESET_NAMES, presetLayers } from '../../core/architecture';
import type { ModelLayers } from '../../core/architecture';
import type { FormulaMode, SpecName } from '../../shared/api';
import type { CropChoice } from './cli-pictures';
import { MAX_SEED } from '../../server/validate';
import { MAX_BATCH_SIZE, MAX_LEARNING_RATE } from '../../server/training-request';
import type { AugmentStrength } from '../../core/augment';
import { ACCEPTED_FORMATS_SHORT } from '../../image';
import type { OptimizerChoice } from '../../sheet/commit-record';
import { SUGGESTED_LEARNING_RATES, TRAIN_DEFAULTS } from '../../shared/training-defaults';
import { augmentFlag, batchSizeFlag, optimizerFlags } from './training-flags';
import { oneOf, wholeNumber } from './flag-values';

/** The project's own folders, found from this file (src/local/cli) so the demo runs from any working folder. */
const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DEFAULT_DATASET = path.join(PROJECT_ROOT, 'data', 'orl-faces');
export const DEFAULT_IMAGE = path.join(DEFAULT_DATASET, 's1', '10.pgm');
export const DEFAULT_OUT = path.join('out', 'sheet-cnn.xlsx');

export interface DemoOptions {
  readonly image: string;
  readonly dataset: string;
  /** A preset's name, or the absolute path of a spec file (.json). */
  readonly spec: SpecName | string;
  readonly mode: FormulaMode;
  readonly out: string;
  readonly epochs: number;
  readonly optimizer: OptimizerChoice;
  readonly batchSize: number;
  readonly augment: AugmentStrength;
  readonly seed: number;
  readonly crop: CropChoice;
  /** Folders/files the trained model and the dataset are also written to (see cli-export.ts). */
  readonly exportTfjs?: string;
  readonly exportOnnx?: string;
  readonly exportDataset?: string;
}

export type ParsedArgs = { readonly help: true } | { readonly help: false; readonly options: DemoOptions };

export const HELP = `Sheet CNN demo: a convolutional network in a spreadsheet, on your machine.

It imports a picture into the R, G, B sheets, builds the model, runs the forward pass, trains on a folder of
labelled pictures (printing a progress bar), prints the class probabilities before and after training, and
writes the whole workbook as an .xlsx file that Excel and LibreOffice recompute.

Usage: npm run demo -- [options]

  --image FILE     picture to classify (${ACCEPTED_FORMATS_SHORT}); cropped to a square (see --crop) and
                   resized to the model's input. When its folder is named after a class, that class is its
                   label and the loss is printed too. Default: data/orl-faces/s1/10.pgm
  --dataset DIR    folder of labelled pictures: one subfolder per class, named after the class, e.g.
                   DIR/cats/1.jpg, DIR/dogs/1.jpg (at least 2 classes). Default: data/orl-faces
                   (100 ORL faces of 10 people, credited in data/orl-faces/README.md)
  --spec NAME|FILE a preset: default (28×28 input, two conv blocks), small (the article's 5×5 worked example),
                   small-same, small-3-filters, small-10-filters or tiny-vgg; or a spec file FILE.json of your
                   own, e.g. {"input": {"channels": 3, "height": 12, "width": 12}, "blocks": [{"filters": 4,
                   "kernel": 3, "stride": 1, "padding": "same", "pool": {"size": 2, "stride": 2}}]}
                   (see README, "Your own network"). Default: default
  --mode MODE      how the sheets compute: native (plain formulas every spreadsheet recomputes), values
                   (numbers only) or custom (custom functions; Google Sheets only, so the file gets native
                   formulas instead). Default: native
  --out FILE       where to write the workbook. Default: out/sheet-cnn.xlsx
  --epochs N       passes over the training pictures, 1 to 1000. Default: 15, quick for the demo's faces;
                   a folder of photos wants more (the Train panel proposes ${TRAIN_DEFAULTS.epochs})
  --optimizer NAME sgd, momentum (SGD with momentum 0.9) or adam. Default: ${TRAIN_DEFAULTS.optimizer}
  --rate R         learning rate, above 0 and at most ${MAX_LEARNING_RATE}. Default: the optimizer's usual rate (sgd and
                   momentum ${SUGGESTED_LEARNING_RATES.sgd}, adam ${SUGGESTED_LEARNING_RATES.adam})
  --batch N        pictures per training step, 1 to ${MAX_BATCH_SIZE}. Default: ${TRAIN_DEFAULTS.batchSize}
  --augment LEVEL  how much each training picture is changed each time it is used (mirrored, turned, zoomed,
                   shifted, made lighter or darker): off, light, medium or strong. Default: ${TRAIN_DEFAULTS.augment}
  --seed N         seed of the initial weights and of the train/test split. Default: 1
  --crop face|centre  where --image and the --dataset pictures are cut square: around the largest face a
                   small pretrained face detector finds (placed by its eyes and mouth; the centre when it
                   finds none; the pictures never leave this computer), or the centred square. Default: face
  --export-tfjs DIR     also write the trained model as TensorFlow.js Layers files (DIR/model.json and
                        DIR/weights.bin), loadable with tf.loadLayersModel
  --export-onnx FILE    also write the trained model as an ONNX file (opset 13)
  --export-dataset FILE also write the dataset as a .zip of train/<class>/*.png, test/<class>/*.png and
                        labels.csv, as Keras image_dataset_from_directory and PyTorch ImageFolder read it
  --help           show this text
`;

const FLAGS = [
  '--image',
  '--dataset',
  '--spec',
  '--mode',
  '--out',
  '--epochs',
  '--optimizer',
  '--rate',
  '--batch',
  '--augment',
  '--seed',
  '--crop',
  '--export-tfjs',
  '--export-onnx',
  '--export-dataset',
];
const MODES: readonly FormulaMode[] = ['native', 'values', 'custom'];
const CROPS: readonly CropChoice[] = ['face', 'centre'];

function optionalPath<K extends 'exportTfjs' | 'exportOnnx' | 'exportDataset'>(
  values: Map<string, string>,
  flag: string,
  key: K,
): Partial<Record<K, string>> {
  const value = values.get(flag);
  return value === undefined ? {} : ({ [key]: path.resolve(value) } as Partial<Record<K, string>>);
}

/** A preset name as it is, a .json file as its absolute path. */
function specChoice(text: string): string {
  if (text.toLowerCase().endsWith('.json')) return path.resolve(text);
  if (!(PRESET_NAMES as readonly string[]).includes(text))
    throw new Error(`--spec must be one of ${PRESET_NAMES.join(', ')} or a FILE.json; got "${text}".`);
  return text;
}

/** The layers --spec names: a preset's, or those of a spec file (checked later, with the classes, by specProblems). */
export function specLayers(spec: string): ModelLayers {
  if (!spec.toLowerCase().endsWith('.json')) return presetLayers(spec as SpecName);
  let text: string;
  try {
    text = readFileSync(spec, 'utf8');
  } catch (error) {
    const message = `--spec: cannot read ${spec} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give the path of a spec file.`;
    throw Object.assign(new Error(message), { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = `--spec: ${spec} is not JSON (${(error as Error).message}); see README, "Your own network", for the format.`;
    throw Object.assign(new Error(message), { cause: error });
  }
  return layersFromJson(parsed);
}

/** Reads `--flag value` and `--flag=value` pairs; throws a message naming the flag for anything else. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    const match = /^(--[a-z-]+)(?:=(.*))?$/.exec(arg);
    const flag = match?.[1];
    if (!match || !flag || !FLAGS.includes(flag)) {
      throw new Error(`Unknown option "${arg}". Run npm run demo -- --help to see the options.`);
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '' || (match[2] === undefined && value.startsWith('--')))
      throw new Error(`${flag} needs a value, e.g. ${flag}=${flag === '--epochs' || flag === '--seed' ? '5' : '…'}.`);
    values.set(flag, value);
  }
  return {
    help: false,
    options: {
      image: path.resolve(values.get('--image') ?? DEFAULT_IMAGE),
      dataset: path.resolve(values.get('--dataset') ?? DEFAULT_DATASET),
      spec: specChoice(values.get('--spec') ?? 'default'),
      mode: oneOf('--mode', values.get('--mode') ?? 'native', MODES),
      out: path.resolve(values.get('--out') ?? DEFAULT_OUT),
      epochs: wholeNumber('--epochs', values.get('--epochs') ?? '15', 1, 1000),
      optimizer: optimizerFlags(values.get('--optimizer'), values.get('--rate')),
      batchSize: batchSizeFlag(values.get('--batch')),
      augment: augmentFlag(values.get('--augment')),
      seed: wholeNumber('--seed', values.get('--seed') ?? '1', 0, MAX_SEED),
      crop: oneOf('--crop', values.get('--crop') ?? 'face', CROPS),
      ...optionalPath(values, '--export-tfjs', 'exportTfjs'),
      ...optionalPath(values, '--export-onnx', 'exportOnnx'),
      ...optionalPath(values, '--export-dataset', 'exportDataset'),
    },
  };
}
