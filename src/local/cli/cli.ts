/**
 * `npm run demo`: the add-on's own server code on the local spreadsheet engine. Imports a picture, builds
 * the model, runs the forward pass, trains on a folder of labelled pictures, prints the probabilities before
 * and after, and writes the workbook as an .xlsx file. `npm run demo -- --help` lists the options.
 */
import * as fs from 'fs';
import * as path from 'path';
import { specProblems, specWith } from '../../core/architecture';
import { createServer } from '../../server';
import type { FormulaMode, PicturePixels, ServerApi, TrainRequest } from '../../shared/api';
import { datasetAdvice } from '../../shared/dataset-advice';
import { plural } from '../../shared/plural';
import { createLocalHost } from '../engine/local-host';
import { LocalWorkbook } from '../engine/local-workbook';
import { writeXlsxFile } from '../engine/xlsx-export';
import { HELP, parseArgs, specLayers } from './cli-args';
import type { DemoOptions } from './cli-args';
import { readDatasetFolder, readPictureFile } from './cli-pictures';
import type { LabelledPictures } from './cli-pictures';
import { probabilityTable, progressLine } from './cli-report';
import { writeExports } from './cli-export';
import { MAX_PICTURES_PER_CALL } from '../../server/dataset-endpoints';
import { describeOptimizer } from '../../server/training-request';

/** Held out for testing, per class. */
const TEST_FRACTION = 0.2;
/** Short training calls, so the progress bar moves often (the add-on's sidebar uses ~25 s). */
const CALL_BUDGET_MS = 1500;

/** The Train panel's request, from the flags (their defaults are the panel's proposals, but for the epochs). */
function trainRequest(options: DemoOptions): TrainRequest {
  return {
    epochs: options.epochs,
    batchSize: options.batchSize,
    learningRate: options.optimizer.learningRate,
    optimizer: options.optimizer.kind,
    augment: options.augment,
    budgetMs: CALL_BUDGET_MS,
  };
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Pictures in which no face was found, in one line (a folder of tightly cropped faces would list them all). */
function noFaceLine(names: readonly string[], total: number): string {
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, and ${names.length - 5} more` : '');
  return `  No face found in ${names.length} of ${total} pictures, so their centred square is used: ${shown}. Use --crop centre to skip face finding.`;
}

function addDataset(api: ServerApi, folders: readonly LabelledPictures[]): void {
  for (const { label, pictures } of folders) {
    const duplicates: string[] = [];
    for (let i = 0; i < pictures.length; i += MAX_PICTURES_PER_CALL) {
      duplicates.push(...api.addPictures({ label, pictures: pictures.slice(i, i + MAX_PICTURES_PER_CALL) }).duplicates);
    }
    const skipped =
      duplicates.length > 0 ? ` (skipped ${plural(duplicates.length, 'duplicate')}: ${duplicates.join(', ')})` : '';
    say(`  ${label}: ${pictures.length - duplicates.length} pictures${skipped}`);
  }
  const noFace = folders.flatMap((f) => f.noFace);
  if (noFace.length > 0)
    say(
      noFaceLine(
        noFace,
        folders.reduce((n, f) => n + f.pictures.length, 0),
      ),
    );
  const summary = api.getDataset();
  const train = summary.classes.reduce((n, c) => n + c.train, 0);
  say(`  ${summary.total} in all: ${train} to train on, ${summary.total - train} held out for testing.`);
  for (const advice of datasetAdvice(summary)) say(`  ${advice}`);
}

/**
 * The dataset without the demo's own picture (same pixels), so the "after" column is a prediction on a
 * picture the network never trained on.
 */
function withoutPicture(
  folders: readonly LabelledPictures[],
  picture: PicturePixels,
): { folders: LabelledPictures[]; removed: number } {
  let removed = 0;
  const kept = folders.map((f) => {
    const { label, pictures } = f;
    const others = pictures.filter((p) => p.rgbBase64 !== picture.rgbBase64);
    removed += pictures.length - others.length;
    return { label, pictures: others, noFace: f.noFace };
  });
  return { folders: kept, removed };
}

function train(api: ServerApi, options: DemoOptions): void {
  const tty = process.stdout.isTTY === true;
  for (;;) {
    const progress = api.trainBatch(trainRequest(options));
    if (progress.status === 'busy') throw new Error(progress.message);
    const line = progressLine(progress);
    if (tty) process.stdout.write(`\r${line}\u001b[K`);
    else say(line);
    if (progress.status === 'done') break;
  }
  if (tty) process.stdout.write('\n');
}

/** Said before training the small network, whose results can get worse: what to expect, and what to use instead. */
export const SMALL_SPEC_NOTE =
  "Note: the small network (the article's 5×5 worked example) sees each picture as 5×5 pixels per channel, too few to tell " +
  'faces apart, so its loss may not fall and its test accuracy may get worse. It shows the steps; use --spec default to see a network learn.';

/** The mode the file gets: custom functions exist only inside Google Sheets, so they become native formulas. */
function exportMode(mode: FormulaMode): FormulaMode {
  return mode === 'custom' ? 'native' : mode;
}

async function runDemo(options: DemoOptions): Promise<void> {
  const layers = specLayers(options.spec);
  const spec = specWith(layers);
  const size = { width: spec.input.width, height: spec.input.height };
  // Every file is read before any work starts, so a bad path fails at once.
  const read = await readPictureFile(options.image, size, options.crop);
  const sample = read.picture;
  const dataset = withoutPicture(await readDatasetFolder(options.dataset, size, options.crop), sample);
  const folders = dataset.folders;
  const classes = folders.map((f) => f.label);

  const workbook = new LocalWorkbook();
  const api = createServer(createLocalHost(workbook));
  // Training writes the weights after every call; in values mode nothing else recomputes meanwhile, and the
  // requested formulas are written once at the end with the trained weights.
  const problems = specProblems(specWith(layers, classes));
  if (problems.length > 0)
    throw new Error(`--spec ${options.spec}: ${problems.map((p) => `${p.field}: ${p.message}`).join(' ')}`);
  say(
    `Building the ${path.basename(options.spec)} model (${spec.input.width}×${spec.input.height} input) with classes ${classes.join(', ')}…`,
  );
  api.buildModel({ layers, mode: 'values', seed: options.seed, classes });
  api.importImage(sample);
  const label = classes.indexOf(path.basename(path.dirname(options.image)));
  if (label >= 0) api.setLabel(label);
  const before = api.runForwardPass();
  say(
    `Imported ${sample.name} into the R, G, B sheets${read.noFace ? ' (no face found in it, so its centred square)' : ''} and ran the forward pass.`,
  );

  say(`Adding the pictures of ${options.dataset}:`);
  api.splitDataset(TEST_FRACTION, options.seed);
  addDataset(api, folders);
  if (dataset.removed > 0)
    say(`  (${sample.name} itself is left out, so the network is tested on a picture it never trained on.)`);

  if (options.spec === 'small') say(SMALL_SPEC_NOTE);
  say(
    `Training ${plural(options.epochs, 'epoch')} (${describeOptimizer(options.optimizer)}, batches of ${options.batchSize}, ${options.augment === 'off' ? 'no' : options.augment} augmentation):`,
  );
  train(api, options);
  const after = api.runForwardPass();
  say(`\nProbabilities for ${sample.name}:`);
  say(probabilityTable(before, after));
  const evaluation = api.evaluate();
  say(
    `Accuracy on ${evaluation.count} held-out pictures: ${(evaluation.accuracy * 100).toFixed(1)}% (confusion matrix on the Evaluation sheet).`,
  );

  const mode = exportMode(options.mode);
  if (mode !== 'values') {
    say(
      `Writing the ${mode} formulas with the trained weights${options.mode === 'custom' ? ' (custom functions work only inside Google Sheets)' : ''}; a big model takes a little while…`,
    );
    api.buildModel({ layers, mode, seed: options.seed });
  }
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  const summary = await writeXlsxFile(workbook, options.out);
  say(`Wrote ${options.out}: ${summary.sheets.length} sheets, ${summary.formulaCells} formulas.`);
  writeExports(api, options).forEach(say);
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const parsed = parseArgs(argv);
    if (parsed.help) {
      process.stdout.write(HELP);
      return 0;
    }
    await runDemo(parsed.options);
    return 0;
  } catch (error) {
    process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
