/**
 * The Dataset sheet as an image-folder archive: train/<class>/<name>.png and test/<class>/<name>.png, plus
 * labels.csv (path, label, split, original name) — the layout Keras image_dataset_from_directory and
 * PyTorch ImageFolder read. Built with fflate, so the browser and Node make the same zip.
 */
import { strToU8, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import type { DatasetRowTransfer } from '../shared/api';
import { decodePixels } from '../shared/pixels';
import { encodeRgbPng } from './png-encode';

const MAX_PART = 80;

/** A file or folder name every system accepts: no separators, reserved or control characters, no leading dot. */
export function safeFileName(text: string, fallback: string): string {
  const cleaned = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, MAX_PART);
  return cleaned === '' ? fallback : cleaned;
}

function withoutExtension(name: string): string {
  return name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
}

/** `base`, or `base-2`, `base-3`, … the first that `taken` does not hold (compared ignoring case, as Windows and macOS do). */
function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface DatasetArchive {
  readonly zip: Uint8Array;
  /** Archive path of each row, in the order given. */
  readonly paths: string[];
}

/**
 * Every row as a PNG under its split and class. Class folders use `classes`' spelling where a label matches
 * one ignoring case (as the sheet matches them); names are made safe and unique, and labels.csv keeps the
 * originals.
 */
export function datasetArchive(rows: readonly DatasetRowTransfer[], classes: readonly string[] = []): DatasetArchive {
  const files: Zippable = {};
  const folders = new Map<string, string>();
  const takenFolders = new Set<string>();
  const takenNames = new Map<string, Set<string>>();
  const paths: string[] = [];
  const csv = ['path,label,split,name'];
  rows.forEach((row, i) => {
    const label = classes.find((c) => c.toLowerCase() === row.label.toLowerCase()) ?? row.label;
    let folder = folders.get(label);
    if (folder === undefined) {
      folder = unique(safeFileName(label, 'class'), takenFolders);
      folders.set(label, folder);
    }
    const dir = `${row.split}/${folder}`;
    const taken = takenNames.get(dir) ?? new Set<string>();
    takenNames.set(dir, taken);
    const path = `${dir}/${unique(safeFileName(withoutExtension(row.name), `picture-${i + 1}`), taken)}.png`;
    let rgb: Uint8Array;
    try {
      rgb = decodePixels(row.pixels, row.width, row.height);
    } catch (error) {
      throw Object.assign(new Error(`Dataset picture ${i + 1} ("${row.name}"): ${(error as Error).message}`), {
        cause: error,
      });
    }
    // PNGs are compressed already: stored as they are.
    files[path] = [encodeRgbPng(row.width, row.height, rgb), { level: 0 }];
    paths.push(path);
    csv.push([path, label, row.split, row.name].map(csvField).join(','));
  });
  files['labels.csv'] = strToU8(`${csv.join('\n')}\n`);
  return { zip: zipSync(files), paths };
}
