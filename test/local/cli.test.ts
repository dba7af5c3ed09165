import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { DEFAULT_DATASET, DEFAULT_IMAGE, parseArgs } from '../../src/local/cli/cli-args';
import { SMALL_SPEC_NOTE, main } from '../../src/local/cli/cli';
import { readDatasetFolder, readPictureFile } from '../../src/local/cli/cli-pictures';
import { PHOTOS_DIR } from '../helpers/photos';
import * as server from '../../src/server';
import type { TrainRequest } from '../../src/shared/api';

const SMALL = { width: 5, height: 5 };

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sheet-cnn-cli-'));
}

/** A dataset folder of ORL faces: `perClass` pictures of each subject, copied from the demo data. */
function orlFolder(subjects: string[], perClass: number): string {
  const dir = tempDir();
  for (const subject of subjects) {
    fs.mkdirSync(path.join(dir, subject));
    for (let f = 1; f <= perClass; f++)
      fs.copyFileSync(path.join(DEFAULT_DATASET, subject, `${f}.pgm`), path.join(dir, subject, `${f}.pgm`));
  }
  return dir;
}

/** Runs the CLI, capturing what it prints. */
async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('parseArgs', () => {
  it('uses the bundled picture and faces, the default network, native formulas and out/sheet-cnn.xlsx by default', () => {
    expect(parseArgs([])).toEqual({
      help: false,
      options: {
        image: DEFAULT_IMAGE,
        dataset: DEFAULT_DATASET,
        spec: 'default',
        mode: 'native',
        out: path.resolve('out', 'sheet-cnn.xlsx'),
        epochs: 15,
        optimizer: { kind: 'adam', learningRate: 0.001 },
        batchSize: 8,
        augment: 'medium',
        seed: 1,
        crop: 'face',
      },
    });
    expect(fs.existsSync(DEFAULT_IMAGE)).toBe(true);
  });

  it('reads every flag, as --flag value or --flag=value', () => {
    const parsed = parseArgs([
      '--image',
      'a.png',
      '--dataset=pics',
      '--spec',
      'small',
      '--mode=values',
      '--out',
      'x.xlsx',
      '--epochs',
      '3',
      '--seed=9',
      '--crop',
      'centre',
      '--optimizer',
      'momentum',
      '--rate=0.05',
      '--batch',
      '32',
      '--augment',
      'strong',
    ]);
    expect(parsed).toEqual({
      help: false,
      options: {
        image: path.resolve('a.png'),
        dataset: path.resolve('pics'),
        spec: 'small',
        mode: 'values',
        out: path.resolve('x.xlsx'),
        epochs: 3,
        optimizer: { kind: 'momentum', learningRate: 0.05 },
        batchSize: 32,
        augment: 'strong',
        seed: 9,
        crop: 'centre',
      },
    });
    expect(parseArgs(['--spec', 'small', '--help'])).toEqual({ help: true });
  });

  it('trains an optimizer named alone at its usual rate, and a typed rate as typed', () => {
    const optimizer = (...args: string[]) => {
      const parsed = parseArgs(args);
      return parsed.help ? null : parsed.options.optimizer;
    };
    expect(optimizer('--optimizer', 'sgd')).toEqual({ kind: 'sgd', learningRate: 0.01 });
    expect(optimizer('--rate', '0.0003')).toEqual({ kind: 'adam', learningRate: 0.0003 });
  });

  it.each<[string[], string]>([
    [['--colour', 'red'], 'Unknown option "--colour". Run npm run demo -- --help to see the options.'],
    [['photo.png'], 'Unknown option "photo.png"'],
    [
      ['--spec', 'large'],
      '--spec must be one of small, small-same, small-3-filters, small-10-filters, default, tiny-vgg or a FILE.json; got "large".',
    ],
    [['--mode', 'formulas'], '--mode must be one of native, values, custom; got "formulas".'],
    [['--crop', 'center'], '--crop must be one of face, centre; got "center".'],
    [['--epochs', '0'], '--epochs must be a whole number from 1 to 1000; got "0".'],
    [['--epochs', '2.5'], '--epochs must be a whole number from 1 to 1000; got "2.5".'],
    [['--optimizer', 'rmsprop'], '--optimizer must be one of sgd, momentum, adam; got "rmsprop".'],
    [['--rate', '0'], '--rate must be a number above 0, at most 10, e.g. 0.001; got "0".'],
    [['--rate', 'fast'], '--rate must be a number above 0, at most 10, e.g. 0.001; got "fast".'],
    [['--rate', '11'], '--rate must be a number above 0, at most 10, e.g. 0.001; got "11".'],
    [['--batch', '0'], '--batch must be a whole number from 1 to 1024; got "0".'],
    [['--batch', '2000'], '--batch must be a whole number from 1 to 1024; got "2000".'],
    [['--augment', 'heavy'], '--augment must be one of off, light, medium, strong; got "heavy".'],
    [['--image'], '--image needs a value'],
    [['--image', '--spec', 'small'], '--image needs a value'],
  ])('refuses %j', (args, message) => {
    expect(() => parseArgs(args)).toThrow(message);
  });
});

describe('picture files', () => {
  it('crops a picture to a centred square and area-resizes it, as the sidebar does', async () => {
    // A 4×2 grey picture (PGM): the centred 2×2 square is columns 2–3, averaged into one pixel.
    const dir = tempDir();
    const file = path.join(dir, 'tiny.pgm');
    fs.writeFileSync(
      file,
      Buffer.concat([Buffer.from('P5\n4 2\n255\n'), Buffer.from([0, 10, 20, 255, 0, 30, 40, 255])]),
    );
    const { picture } = await readPictureFile(file, { width: 1, height: 1 }, 'centre');
    expect(picture).toEqual({
      name: 'tiny.pgm',
      width: 1,
      height: 1,
      rgbBase64: Buffer.from([25, 25, 25]).toString('base64'),
    });
  });

  it.each<[string, (dir: string) => string, RegExp]>([
    // An absolute path is not said to be relative to anything; a relative one names the folder it is read from.
    [
      'a missing file',
      (dir) => path.join(dir, 'nope.png'),
      /^The picture \/.*nope\.png does not exist\. Check the path\.$/,
    ],
    [
      'a missing relative file',
      () => 'no-such-folder/nope.png',
      new RegExp(
        `^The picture no-such-folder/nope\\.png does not exist\\. Check the path \\(it is relative to ${process.cwd()}\\)\\.$`,
      ),
    ],
    [
      'a path through a file',
      (dir) => (fs.writeFileSync(path.join(dir, 'photos'), ''), path.join(dir, 'photos', 'a.png')),
      /^The picture .*photos\/a\.png cannot be opened: ENOTDIR: not a directory, stat '.*photos\/a\.png'$/,
    ],
    ['a folder', (dir) => dir, /is a folder; --image takes one picture file \(JPEG, PNG, PGM or PPM\)/],
    [
      'a text file',
      (dir) => (fs.writeFileSync(path.join(dir, 'notes.png'), 'hello'), path.join(dir, 'notes.png')),
      /notes\.png could not be read as a picture: This file is not a picture we can read/,
    ],
  ])('explains %s', async (_, make, message) => {
    await expect(readPictureFile(make(tempDir()), SMALL, 'centre')).rejects.toThrow(message);
  });

  it('says a picture in a locked folder cannot be read, rather than that it does not exist', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'locked', 'a.png');
    fs.mkdirSync(path.dirname(file));
    fs.copyFileSync(DEFAULT_IMAGE, file);
    fs.chmodSync(path.dirname(file), 0o000);
    // The superuser reads through any permission: there the refusal the system gives others is stood in for.
    const spy =
      process.getuid?.() === 0
        ? jest.spyOn(jest.requireActual<typeof fs>('node:fs'), 'statSync').mockImplementation(() => {
            throw Object.assign(new Error(`EACCES: permission denied, stat '${file}'`), { code: 'EACCES' });
          })
        : null;
    try {
      await expect(readPictureFile(file, SMALL, 'centre')).rejects.toThrow(
        `The picture ${file} cannot be read: permission denied. Check the permissions of the file and of the folders above it.`,
      );
    } finally {
      spy?.mockRestore();
      fs.chmodSync(path.dirname(file), 0o755);
    }
  });

  it('reads one class per subfolder, in natural file order, ignoring top-level files and hidden ones', async () => {
    const dir = orlFolder(['s1', 's2'], 10);
    fs.writeFileSync(path.join(dir, 'README.md'), 'credits');
    fs.writeFileSync(path.join(dir, 's1', '.DS_Store'), 'x');
    const folders = await readDatasetFolder(dir, SMALL, 'centre');
    expect(folders.map((f) => f.label)).toEqual(['s1', 's2']);
    expect(folders[0].pictures.map((p) => p.name)).toEqual(Array.from({ length: 10 }, (_, i) => `s1/${i + 1}.pgm`));
  });

  it.each<[string, (dir: string) => string, RegExp]>([
    ['a missing folder', (dir) => path.join(dir, 'none'), /The dataset folder .*none does not exist\. Check the path/],
    [
      'a file',
      (dir) => (fs.writeFileSync(path.join(dir, 'f'), ''), path.join(dir, 'f')),
      /is a file; --dataset takes a folder/,
    ],
    [
      'an empty folder',
      (dir) => dir,
      /has no class subfolder; a dataset needs at least two, one subfolder of pictures per class/,
    ],
    [
      'one class',
      (dir) => (fs.mkdirSync(path.join(dir, 'cats')), dir),
      /has only one class subfolder; a dataset needs at least two/,
    ],
    [
      'an empty class folder',
      (dir) => (fs.mkdirSync(path.join(dir, 'cats')), fs.mkdirSync(path.join(dir, 'dogs')), dir),
      /The class folder .*cats is empty; put at least one picture in it or remove it/,
    ],
    [
      'a broken picture',
      (dir) => {
        fs.mkdirSync(path.join(dir, 'cats'));
        fs.mkdirSync(path.join(dir, 'dogs'));
        fs.writeFileSync(path.join(dir, 'cats', 'a.pgm'), 'P5\n4 2\n255\n\u0001');
        fs.copyFileSync(DEFAULT_IMAGE, path.join(dir, 'dogs', '1.pgm'));
        return dir;
      },
      /1 file of class "cats" could not be read:\n {2}.*cats\/a\.pgm could not be read as a picture: /,
    ],
  ])('explains %s', async (_, make, message) => {
    await expect(readDatasetFolder(make(tempDir()), SMALL, 'centre')).rejects.toThrow(message);
  });
});

describe('main', () => {
  it('trains with the optimizer, rate, batch size and augmentation the flags name', async () => {
    const dataset = orlFolder(['s1', 's2'], 4);
    const requests: TrainRequest[] = [];
    const realCreateServer = server.createServer;
    const spy = jest.spyOn(server, 'createServer').mockImplementation((host) => {
      const api = realCreateServer(host);
      const trainBatch = api.trainBatch.bind(api);
      return {
        ...api,
        trainBatch: (request: TrainRequest) => (requests.push(request), trainBatch(request)),
      };
    });
    try {
      const run = await runCli([
        ...['--spec', 'small', '--dataset', dataset, '--image', path.join(dataset, 's2', '3.pgm')],
        ...['--epochs', '2', '--optimizer', 'sgd', '--rate', '0.05', '--batch', '3', '--augment', 'off'],
        ...['--out', path.join(tempDir(), 'flags.xlsx')],
      ]);
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      expect(run.out).toContain('Training 2 epochs (SGD, learning rate 0.05, batches of 3, no augmentation):');
    } finally {
      spy.mockRestore();
    }
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests)
      expect(request).toMatchObject({ epochs: 2, optimizer: 'sgd', learningRate: 0.05, batchSize: 3, augment: 'off' });
  });

  it('runs the demo on a spec file of its own (grey input, stride 2, numeric padding, two blocks) and refuses a bad one by field', async () => {
    const dataset = orlFolder(['s1', 's2'], 4);
    const dir = tempDir();
    const specFile = path.join(dir, 'my-net.json');
    const layers = {
      input: { channels: 1, height: 10, width: 10 },
      blocks: [
        { filters: 3, kernel: 3, stride: 2, padding: 1 },
        { filters: 2, kernel: 2, padding: 'same', pool: { size: 2 } },
      ],
    };
    fs.writeFileSync(specFile, JSON.stringify(layers));
    const out = path.join(dir, 'mine.xlsx');
    // Run again below with a spec the CLI must refuse.
    const runWithSpecFile = () =>
      runCli([
        '--spec',
        specFile,
        '--dataset',
        dataset,
        '--image',
        path.join(dataset, 's2', '3.pgm'),
        '--epochs',
        '1',
        '--out',
        out,
      ]);
    const run = await runWithSpecFile();
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('Building the my-net.json model (10×10 input)');
    const excel = new ExcelJS.Workbook();
    await excel.xlsx.readFile(out);
    expect(excel.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['Grey', 'Conv1', 'Conv2', 'Pool2', 'Softmax']),
    );

    fs.writeFileSync(specFile, JSON.stringify({ ...layers, blocks: [{ filters: 3, kernel: 9, stride: 1 }] }));
    const bad = await runWithSpecFile();
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/blocks\[0\]\.kernel: Block 1 kernel is 9; choose a whole number from 1 to 7\./);
  });

  it('runs the demo on the small model and writes a workbook of native formulas', async () => {
    const dataset = orlFolder(['s1', 's2', 's3'], 5);
    // One picture without a face (a cup of coffee) among the ORL faces.
    fs.rmSync(path.join(dataset, 's3', '5.pgm'));
    fs.copyFileSync(path.join(PHOTOS_DIR, 'coffee.png'), path.join(dataset, 's3', 'coffee.png'));
    const out = path.join(tempDir(), 'nested', 'demo.xlsx');
    const {
      code,
      out: printed,
      err,
    } = await runCli([
      '--spec',
      'small',
      '--dataset',
      dataset,
      '--image',
      path.join(dataset, 's2', '3.pgm'),
      '--epochs',
      '2',
      '--out',
      out,
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    // The demo's own picture (s2/3.pgm) is left out of the 15, so it is never trained on.
    expect(printed).toContain('14 in all: 11 to train on, 3 held out for testing.');
    // s2 lost its third picture to the demo: 3 to train on, 1 to test (s1 and s3: 4 and 1).
    expect(printed).toContain(
      '  s2 has the fewest training pictures (3). On everyday photos of five people this network',
    );
    expect(printed).toContain('(3.pgm itself is left out, so the network is tested on a picture it never trained on.)');
    // ORL's tight face crops have their faces found (inside a grey border); the coffee is cut in the centre, as
    // the line says.
    expect(printed).toContain(
      'No face found in 1 of 14 pictures, so their centred square is used: s3/coffee.png. Use --crop centre to skip face finding.',
    );
    expect(printed).toMatch(/epoch 2\/2/);
    // The small network cannot tell faces apart: the demo says so before training it.
    expect(printed).toContain(SMALL_SPEC_NOTE);
    expect(printed).toMatch(/s2 +\d+\.\d%  +\d+\.\d% {2}[█░]{20}.*label/);
    expect(printed).toMatch(/Cross-entropy loss for the label: \d\.\d{4} before, \d\.\d{4} after\./);

    const excel = new ExcelJS.Workbook();
    await excel.xlsx.readFile(out);
    const names = excel.worksheets.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['R', 'G', 'B', 'Conv1 filters', 'Softmax', 'Loss', 'Model', 'Dataset']),
    );
    const softmax = excel.getWorksheet('Softmax')!.getCell('B4').value as ExcelJS.CellFormulaValue;
    expect(typeof softmax.formula).toBe('string');
    expect(softmax.formula).not.toMatch(/SOFTMAX\(/);
  });

  it('prints the help', async () => {
    const { code, out } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: npm run demo -- [options]');
    expect(out).toContain('100 ORL faces of 10 people');
  });

  it('exits with 1 and a message, before any work, for a bad path', async () => {
    const { code, out, err } = await runCli(['--dataset', path.join(tempDir(), 'missing')]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/The dataset folder .*missing does not exist/);
  });
});
