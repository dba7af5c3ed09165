/**
 * `npm run picture`: the picture-to-spreadsheet tool on the command line. Decodes a picture (JPEG, PNG, PGM or
 * PPM), area-resizes it to the chosen width (the height keeps its shape), writes it as coloured numbers in
 * the chosen layout with the add-on's own sheet writer, and saves an .xlsx that Excel and LibreOffice open
 * as the picture at 100% zoom.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ACCEPTED_FORMATS_SHORT, assertFileSize, decodeImage, resizeArea } from '../../image';
import { CountingWorkbook } from '../../sheet/counting-workbook';
import type { PictureLayout } from '../../sheet/picture-sheets';
import { MAX_PICTURE_WIDTH, PICTURE_LAYOUTS, writePictureSheets } from '../../sheet/picture-sheets';
import { LocalWorkbook } from '../engine/local-workbook';
import { writeXlsxFile } from '../engine/xlsx-export';

export interface PictureOptions {
  readonly file: string;
  readonly width: number;
  readonly layout: PictureLayout;
  readonly out: string;
}

export const PICTURE_HELP = `Sheet CNN picture tool: any picture as a spreadsheet of numbers coloured by value.

Usage: npm run picture -- PICTURE [options]

  PICTURE          a ${ACCEPTED_FORMATS_SHORT} file
  --width N        pixels across, 1 to ${MAX_PICTURE_WIDTH} (the height keeps the picture's shape). Default: 150
  --layout NAME    channels (sheets Picture R, G, B, one cell per pixel) or rows (one sheet, three rows per
                   pixel row: red, green, blue). Default: channels
  --out FILE       the .xlsx to write. Default: out/picture.xlsx
  --help           show this text
`;

/** The options, or 'help'; throws a message naming the bad flag. */
export function parsePictureArgs(argv: readonly string[]): PictureOptions | 'help' {
  let file = '';
  let width = 150;
  let layout: PictureLayout = 'channels';
  let out = path.join('out', 'picture.xlsx');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--'))
        throw new Error(`${arg} needs a value; see npm run picture -- --help.`);
      return next;
    };
    if (arg === '--width') {
      const text = value();
      width = Number(text);
      if (!/^\d+$/.test(text) || width < 1 || width > MAX_PICTURE_WIDTH)
        throw new Error(`--width must be a whole number from 1 to ${MAX_PICTURE_WIDTH}; got "${text}".`);
    } else if (arg === '--layout') {
      const text = value();
      const found = PICTURE_LAYOUTS.find((l) => l === text);
      if (found === undefined) throw new Error(`--layout must be ${PICTURE_LAYOUTS.join(' or ')}; got "${text}".`);
      layout = found;
    } else if (arg === '--out') {
      out = value();
    } else if (arg.startsWith('--') || file !== '') {
      throw new Error(`Unknown argument "${arg}"; see npm run picture -- --help.`);
    } else {
      file = arg;
    }
  }
  if (file === '') throw new Error('Name a picture, e.g. npm run picture -- photo.jpg --width 120; see --help.');
  return { file, width, layout, out };
}

export interface PictureRun {
  readonly width: number;
  readonly height: number;
  readonly sheets: string[];
  /** Workbook calls made writing the sheets (the same for any picture of a size). */
  readonly calls: number;
  readonly workbook: LocalWorkbook;
}

/** Decodes, resizes and writes the picture; saves the .xlsx. */
export async function runPicture(options: PictureOptions): Promise<PictureRun> {
  const bytes = new Uint8Array(readFileSync(options.file));
  assertFileSize(bytes.length);
  const image = decodeImage(bytes);
  const width = Math.min(options.width, image.width);
  const height = Math.max(1, Math.round((width * image.height) / image.width));
  const resized = resizeArea(image, width, height);
  const workbook = new LocalWorkbook();
  const counting = new CountingWorkbook(workbook);
  const sheets = writePictureSheets(
    counting,
    { width, height, rgb: resized.data },
    options.layout,
    path.basename(options.file),
  );
  mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
  await writeXlsxFile(workbook, options.out);
  const calls = Object.values(counting.counts()).reduce((sum, n) => sum + (n ?? 0), 0);
  return { width, height, sheets, calls, workbook };
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const options = parsePictureArgs(argv);
    if (options === 'help') {
      process.stdout.write(PICTURE_HELP);
      return 0;
    }
    const start = Date.now();
    const run = await runPicture(options);
    process.stdout.write(
      `Wrote ${options.file} as ${run.width} × ${run.height} pixels (${options.layout} layout: ${run.sheets.join(', ')}) to ${options.out} ` +
        `in ${((Date.now() - start) / 1000).toFixed(1)} s.\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    if (code !== 0) process.exitCode = code;
  });
}
