/**
 * Turning chosen picture files into dataset pictures and sending them: each file decoded, cut to a square
 * (around the face, or the centred square) and resized, then sent a class at a time in small batches.
 */
import type { AddPicturesResult, DatasetSummary, ModelInfo, PicturePixels } from '../../src/shared/api';
import { DATASET_PICTURE_SIZE } from '../../src/sheet/dataset-sheet';
import { squareFor } from '../../src/image/face-crop';
import { errorText } from '../dom';
import type { GatheredFile } from '../file-gathering';
import { cropAndResize, loadPicture, toPicturePixels } from '../picture';
import { call } from '../rpc';
import { findFaces } from '../face/load-detector';

/** Pictures per addPictures call: keeps each request small (a picture stored at 64×64 is 16 KB of base64). */
const PICTURES_PER_CALL = 50;

export interface PreparedPicture {
  readonly label: string;
  readonly pixels: PicturePixels;
}

/** Which class the files go to: one chosen class, or each file's folder name. */
export interface LabelChoice {
  readonly useFolders: boolean;
  /** The chosen class; '' when folder names are used. */
  readonly label: string;
  readonly findFaces: boolean;
}

export interface PreparedFiles {
  readonly pictures: PreparedPicture[];
  readonly problems: string[];
  /** How many had transparent parts (composited on white). */
  readonly transparent: number;
  /** Paths of the pictures in which no face was found, cut in the centre instead. */
  readonly noFace: string[];
}

/**
 * Decodes, crops (around the face, or the centred square) and resizes every file; failures are reported,
 * not fatal. A detector that cannot load is reported once, and the rest are cut in the centre.
 */
export async function preparePictures(
  files: readonly GatheredFile[],
  choice: LabelChoice,
  onProgress: (text: string) => void,
): Promise<PreparedFiles> {
  // Stored at 64×64 whatever the model's input, so a later input size is resized down from them.
  const width = DATASET_PICTURE_SIZE;
  const height = DATASET_PICTURE_SIZE;
  const pictures: PreparedPicture[] = [];
  const problems: string[] = [];
  let transparent = 0;
  const noFace: string[] = [];
  let lookForFaces = choice.findFaces;
  for (const [n, item] of files.entries()) {
    onProgress(`Reading ${n + 1} of ${files.length}: ${item.path}`);
    const label = choice.useFolders ? item.folder : choice.label;
    if (label === '') {
      problems.push(
        `${item.path}: not in a folder, so “Folder names” gives it no class. Choose a class above instead.`,
      );
      continue;
    }
    try {
      const loaded = await loadPicture(item.file, item.path);
      if (loaded.hadAlpha) transparent++;
      let faces = null;
      if (lookForFaces) {
        try {
          faces = await findFaces(loaded.image);
        } catch (error) {
          lookForFaces = false;
          problems.push(
            `Faces could not be looked for (${errorText(error)}), so the pictures from here on are cut in the centre.`,
          );
        }
      }
      const square = squareFor(loaded.image, faces);
      if (square.noFace) noFace.push(item.path);
      const small = cropAndResize(loaded.image, square.rect, width, height);
      pictures.push({ label, pixels: toPicturePixels(item.path, small) });
    } catch (error) {
      problems.push(`${item.path}: ${errorText(error)}`);
    }
  }
  return { pictures, problems, transparent, noFace };
}

export interface SentPictures {
  readonly added: number;
  readonly duplicates: string[];
  /** The dataset's counts after the last batch the server took; null when it took none. */
  readonly summary: DatasetSummary | null;
  /** The model as the server has it afterwards (folder names may have added classes); null when stopped. */
  readonly info: ModelInfo | null;
  /** Why the server stopped the import, '' when it did not. */
  readonly stopped: string;
}

/**
 * Sends the pictures a class at a time, PICTURES_PER_CALL per call, then reads the model back. A call that
 * fails stops the sending; what the calls before it added is still reported.
 */
export async function sendPictures(
  pictures: readonly PreparedPicture[],
  onProgress: (text: string) => void,
): Promise<SentPictures> {
  let added = 0;
  const duplicates: string[] = [];
  let summary: DatasetSummary | null = null;
  try {
    const labels = [...new Set(pictures.map((p) => p.label))];
    for (const label of labels) {
      const ofLabel = pictures.filter((p) => p.label === label).map((p) => p.pixels);
      for (let from = 0; from < ofLabel.length; from += PICTURES_PER_CALL) {
        onProgress(`Adding ${label}: ${Math.min(from + PICTURES_PER_CALL, ofLabel.length)} of ${ofLabel.length}…`);
        const result: AddPicturesResult = await call('addPictures', {
          label,
          pictures: ofLabel.slice(from, from + PICTURES_PER_CALL),
        });
        added += result.added;
        duplicates.push(...result.duplicates);
        summary = result.summary;
      }
    }
    return { added, duplicates, summary, info: await call('getModelInfo'), stopped: '' };
  } catch (error) {
    return { added, duplicates, summary, info: null, stopped: errorText(error) };
  }
}
