/**
 * Picture files for the command line: one picture, or a folder of labelled subfolders, read from disk and
 * turned into what the sidebar sends the server (a square around the face the detector finds, or the centred
 * square, area-resized to the model's input, as RGB base64). Everything that can go wrong says which file
 * and what to do.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import * as path from 'node:path';
import { ACCEPTED_FORMATS_SHORT, assertFileSize, cropImage, decodeImage, resizeArea } from '../../image';
import type { CropRect, RgbImage } from '../../image';
import { squareFor } from '../../image/face-crop';
import type { InputSize } from '../../server/picture';
import type { PicturePixels } from '../../shared/api';
import { bytesToBase64 } from '../../shared/pixels';
import { plural } from '../../shared/plural';
import { nodeFaceDetector } from '../engine/face-detector-node';

/** Where the square is cut: around the largest face found (the centre when there is none), or the centre. */
export type CropChoice = 'face' | 'centre';

/** A picture as the model's input, and whether a face was looked for and not found (so the centre was used). */
export interface ReadPicture {
  readonly picture: PicturePixels;
  readonly noFace: boolean;
}

/** A problem with the user's files or flags: printed as it is, without a stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** One labelled class of a dataset folder: the subfolder's name and its pictures' files. */
export interface DatasetClass {
  readonly label: string;
  readonly files: string[];
}

/** One class of a dataset folder with its pictures read, ready for addPictures. */
export interface LabelledPictures {
  readonly label: string;
  readonly pictures: PicturePixels[];
  /** Pictures in which no face was found, so their centre was used ("label/file"). */
  readonly noFace: readonly string[];
}

/** What stopped `stat`, worded from its error code: a missing path and a locked one need different fixes. */
function statProblem(error: NodeJS.ErrnoException, file: string): string {
  switch (error.code) {
    case 'ENOENT':
      // A relative path is read from the folder the command runs in, which may not be the one meant.
      return path.isAbsolute(file)
        ? 'does not exist. Check the path.'
        : `does not exist. Check the path (it is relative to ${process.cwd()}).`;
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied. Check the permissions of the file and of the folders above it.';
    default:
      return `cannot be opened: ${error.message}`;
  }
}

function statOf(file: string, what: string): Stats {
  try {
    return statSync(file);
  } catch (error) {
    throw new CliError(`${what} ${file} ${statProblem(error as NodeJS.ErrnoException, file)}`);
  }
}

async function cropFor(image: RgbImage, crop: CropChoice): Promise<{ rect: CropRect; noFace: boolean }> {
  return squareFor(image, crop === 'face' ? await (await nodeFaceDetector()).detect(image) : null);
}

/** The picture in `file` as the model's input: decoded by its bytes, cropped square (see CropChoice), area-resized. */
export async function readPictureFile(file: string, size: InputSize, crop: CropChoice): Promise<ReadPicture> {
  const stats = statOf(file, 'The picture');
  if (stats.isDirectory())
    throw new CliError(
      `${file} is a folder; --image takes one picture file (${ACCEPTED_FORMATS_SHORT}). Use --dataset for a folder.`,
    );
  try {
    assertFileSize(stats.size);
    const decoded = decodeImage(new Uint8Array(readFileSync(file)));
    const { rect, noFace } = await cropFor(decoded, crop);
    const resized = resizeArea(cropImage(decoded, rect), size.width, size.height);
    return {
      picture: {
        name: path.basename(file),
        width: size.width,
        height: size.height,
        rgbBase64: bytesToBase64(resized.data),
      },
      noFace,
    };
  } catch (error) {
    throw new CliError(`${file} could not be read as a picture: ${(error as Error).message}`);
  }
}

/** Names in a folder, without hidden files (.DS_Store and the like), in a stable order. */
function visibleEntries(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => !name.startsWith('.'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * The classes of a dataset folder: each subfolder is a class named after it, holding its pictures. Files
 * beside the subfolders (a README, a licence) are not pictures of any class and are left alone.
 */
export function listDataset(folder: string): DatasetClass[] {
  if (!statOf(folder, 'The dataset folder').isDirectory()) {
    throw new CliError(
      `${folder} is a file; --dataset takes a folder with one subfolder of pictures per class (e.g. cats/ and dogs/).`,
    );
  }
  const entries = visibleEntries(folder).filter((name) => statSync(path.join(folder, name)).isDirectory());
  if (entries.length < 2) {
    throw new CliError(
      `${folder} has ${entries.length === 0 ? 'no' : 'only one'} class subfolder; a dataset needs at least two, ` +
        'one subfolder of pictures per class, named after the class (e.g. cats/1.jpg and dogs/1.jpg).',
    );
  }
  return entries.map((label) => {
    const classFolder = path.join(folder, label);
    const names = visibleEntries(classFolder);
    const nested = names.filter((name) => statSync(path.join(classFolder, name)).isDirectory());
    if (nested.length > 0)
      throw new CliError(`${classFolder} holds a folder (${nested[0]}); a class folder holds pictures only.`);
    if (names.length === 0)
      throw new CliError(`The class folder ${classFolder} is empty; put at least one picture in it or remove it.`);
    return { label, files: names.map((name) => path.join(classFolder, name)) };
  });
}

/** Every picture of one class, read and resized; all unreadable files are named at once. */
export async function readClassPictures(
  dataset: DatasetClass,
  size: InputSize,
  crop: CropChoice,
): Promise<LabelledPictures> {
  const pictures: PicturePixels[] = [];
  const noFace: string[] = [];
  const problems: string[] = [];
  for (const file of dataset.files) {
    try {
      const read = await readPictureFile(file, size, crop);
      const name = `${dataset.label}/${path.basename(file)}`;
      pictures.push({ ...read.picture, name });
      if (read.noFace) noFace.push(name);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) {
    throw new CliError(
      `${plural(problems.length, 'file')} of class "${dataset.label}" could not be read:\n  ${problems.join('\n  ')}\nRemove or replace them and run again.`,
    );
  }
  return { label: dataset.label, pictures, noFace };
}

/** Every class of a dataset folder with its pictures, read and resized (see listDataset). */
export async function readDatasetFolder(
  folder: string,
  size: InputSize,
  crop: CropChoice,
): Promise<LabelledPictures[]> {
  const classes: LabelledPictures[] = [];
  for (const dataset of listDataset(folder)) classes.push(await readClassPictures(dataset, size, crop));
  return classes;
}
