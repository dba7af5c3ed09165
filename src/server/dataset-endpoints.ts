/**
 * The sidebar's dataset endpoints: counts, adding labelled pictures (with duplicate detection), classes,
 * and the train/test split. Class names live only on the Model sheet; the Dataset sheet's labels follow
 * them on rename.
 *
 * Removing a class that pictures still use is refused, saying how many: deleting labelled pictures is not
 * something a click on a class should do silently, and the rows are easy to delete or relabel in the sheet.
 */
import type { ClassCount, DatasetSummary, ModelInfo, ServerApi } from '../shared/api';
import { plural } from '../shared/plural';
import type { Dataset, DatasetRow, SplitSettings } from '../sheet/dataset-sheet';
import {
  appendDatasetRows,
  contentHash,
  DATASET_PICTURE_SIZE,
  DATASET_SHEET,
  MAX_TEST_FRACTION,
  readDataset,
  writeDatasetColumn,
  writeSplitSettings,
} from '../sheet/dataset-sheet';
import { readModelInfo } from '../sheet/model-sheet';
import type { Workbook } from '../sheet/workbook';
import type { Host } from './host';
import { withModelLock } from './model-lock';
import { splitsForNewPictures, stratifiedSplit } from './dataset-split';
import { ensureModel, MAX_CLASSES, rebuildWithClasses } from './model-state';
import { defaultSpec, findClass } from '../core/spec';
import { requirePicture } from './picture';
import type { CheckedPicture } from './picture';
import { MAX_SEED, requireArray, requireInteger, requireName, requireNumber, requireRecord } from './validate';

export type DatasetEndpoints = Pick<
  ServerApi,
  'getDataset' | 'addPictures' | 'addClass' | 'renameClass' | 'removeClass' | 'splitDataset'
>;

/** Most pictures per addPictures call: keeps one call's payload (about 3 KB each at 28×28) well inside limits. */
export const MAX_PICTURES_PER_CALL = 500;

/**
 * Counts per class in the Model sheet's order, then any label the dataset uses that is not a class (a label
 * typed into the sheet by hand), so the counts always add up to the total.
 */
export function summarize(dataset: Dataset, classes: readonly string[]): DatasetSummary {
  const counts: ClassCount[] = classes.map((name) => ({ name, train: 0, test: 0 }));
  const extra = new Map<string, ClassCount>();
  for (const row of dataset.rows) {
    const k = findClass(row.label, classes);
    const entry = k >= 0 ? counts[k] : (extra.get(row.label) ?? { name: row.label, train: 0, test: 0 });
    const updated = { ...entry, [row.split]: entry[row.split] + 1 };
    if (k >= 0) counts[k] = updated;
    else extra.set(row.label, updated);
  }
  return { total: dataset.rows.length, classes: [...counts, ...extra.values()] };
}

/** The class list's spelling of a label (labels match classes ignoring case), or the label as typed. */
function className(label: string, classes: readonly string[]): string {
  return classes[findClass(label, classes)] ?? label;
}

function currentSummary(workbook: Workbook): DatasetSummary {
  return summarize(readDataset(workbook), readModelInfo(workbook).classes);
}

/** Adds a class to the model (a new dense column), refusing a name already used. */
function appendClassColumn(workbook: Workbook, name: string): ModelInfo {
  ensureModel(workbook);
  const { classes } = readModelInfo(workbook);
  const existing = findClass(name, classes);
  if (existing >= 0) throw new Error(`"${classes[existing]}" is already a class; choose another name`);
  if (classes.length >= MAX_CLASSES)
    throw new Error(`The model already has ${MAX_CLASSES} classes, the most it can have; remove one first`);
  return rebuildWithClasses(workbook, [...classes, name], [...classes.map((_, k) => k), -1]);
}

/** The classes a model starts with before anyone names their own. */
export const EXAMPLE_CLASSES: readonly string[] = defaultSpec().classes;

/**
 * Files pictures under a class the model does not have yet. The model starts with three example classes:
 * the first of them without pictures gives its place (its dense column, untrained) to the new class, and
 * once two classes of the person's own exist, the example classes still without pictures are dropped, so
 * they do not linger as empty classes. Example classes that hold pictures are kept; otherwise the new
 * class is added at the end.
 */
function addClassForPictures(workbook: Workbook, name: string, dataset: Dataset): ModelInfo {
  ensureModel(workbook);
  const { classes } = readModelInfo(workbook);
  const used = new Set(dataset.rows.map((row) => findClass(row.label, classes)));
  const idle = classes.flatMap((c, k) => (EXAMPLE_CLASSES.includes(c) && !used.has(k) ? [k] : []));
  if (idle.length === 0) return appendClassColumn(workbook, name);
  const [taken, ...others] = idle;
  let keep = classes.map((_, k) => k);
  if (classes.length - others.length >= 2) keep = keep.filter((k) => !others.includes(k));
  return rebuildWithClasses(
    workbook,
    keep.map((k) => (k === taken ? name : classes[k])),
    keep.map((k) => (k === taken ? -1 : k)),
  );
}

function requireClassIndex(value: unknown, classes: readonly string[]): number {
  return requireInteger(value, 'Class number (index)', 0, classes.length - 1);
}

function requireModelInfo(workbook: Workbook): ModelInfo {
  const info = readModelInfo(workbook);
  if (!info.exists)
    throw new Error('There is no model yet, so there are no classes to change: build the model or add pictures first.');
  return info;
}

interface SortedPictures {
  readonly fresh: { readonly picture: CheckedPicture; readonly hash: string }[];
  readonly duplicates: string[];
}

/** Splits pictures into new ones and duplicates of a picture in the sheet or earlier in the same request. */
function sortOutDuplicates(pictures: readonly CheckedPicture[], dataset: Dataset): SortedPictures {
  const seen = new Set(dataset.rows.map((row) => row.hash));
  const fresh: SortedPictures['fresh'] = [];
  const duplicates: string[] = [];
  for (const picture of pictures) {
    const { width, height, data } = picture.image;
    const hash = contentHash(width, height, data);
    if (seen.has(hash)) {
      duplicates.push(picture.name);
    } else {
      seen.add(hash);
      fresh.push({ picture, hash });
    }
  }
  return { fresh, duplicates };
}

/**
 * The size a picture is accepted at: the stored size (DATASET_PICTURE_SIZE square, what the sidebar sends),
 * or the model's input size (what the CLI and older sidebars send); anything else is refused by name.
 */
function storedSize(item: unknown, info: ModelInfo): { width: number; height: number } {
  const width = (item as { width?: unknown } | null)?.width;
  return width === DATASET_PICTURE_SIZE
    ? { width: DATASET_PICTURE_SIZE, height: DATASET_PICTURE_SIZE }
    : { width: info.inputWidth, height: info.inputHeight };
}

export function createDatasetEndpoints(host: Host): DatasetEndpoints {
  const workbook = host.workbook;
  return {
    getDataset: () => currentSummary(workbook),

    addPictures(request) {
      const fields = requireRecord(request, 'Add pictures request');
      const label = requireName(fields.label, 'Class name (label)');
      const items = requireArray(fields.pictures, 'Pictures', 1, MAX_PICTURES_PER_CALL);
      return withModelLock(host, () => {
        const info = readModelInfo(workbook);
        const pictures = items.map((item, i) => requirePicture(item, `Picture ${i + 1}`, storedSize(item, info)));
        const dataset = readDataset(workbook);
        const { fresh, duplicates } = sortOutDuplicates(pictures, dataset);
        let classes = info.classes;
        if (fresh.length > 0) {
          // The class list lives on the Model sheet, so there must be one before pictures are filed under it.
          ensureModel(workbook);
          if (findClass(label, classes) < 0) classes = addClassForPictures(workbook, label, dataset).classes;
        }
        const labelled = className(label, classes);
        const splits = splitsForNewPictures(
          dataset.rows.map((row) => ({ label: className(row.label, classes), split: row.split })),
          fresh.map(() => labelled),
          dataset.settings,
        );
        const rows: DatasetRow[] = fresh.map(({ picture, hash }, i) => ({
          label: labelled,
          name: picture.name,
          split: splits[i],
          hash,
          width: picture.image.width,
          height: picture.image.height,
          pixels: picture.base64,
        }));
        appendDatasetRows(workbook, dataset, rows);
        const after: Dataset = {
          ...dataset,
          rows: [...dataset.rows, ...rows.map((row, i) => ({ ...row, sheetRow: dataset.lastRow + 1 + i }))],
        };
        return { added: rows.length, duplicates, summary: summarize(after, classes) };
      });
    },

    addClass(name) {
      const checked = requireName(name, 'Class name');
      return withModelLock(host, () => appendClassColumn(workbook, checked));
    },

    renameClass(index, name) {
      const checked = requireName(name, 'New class name');
      return withModelLock(host, () => {
        const { classes } = requireModelInfo(workbook);
        const k = requireClassIndex(index, classes);
        const clash = findClass(checked, classes);
        if (clash >= 0 && clash !== k) throw new Error(`"${classes[clash]}" is already a class; choose another name`);
        const dataset = readDataset(workbook);
        // The model first: it reads every weight, so a weight cell holding text stops the rename before any
        // picture is relabelled to a class that does not exist.
        const sameOrder = classes.map((_, i) => i);
        const renamed =
          classes[k] === checked
            ? readModelInfo(workbook)
            : rebuildWithClasses(
                workbook,
                classes.map((c, i) => (i === k ? checked : c)),
                sameOrder,
              );
        if (dataset.rows.some((row) => findClass(row.label, classes) === k)) {
          writeDatasetColumn(workbook, dataset, 'label', (row) =>
            findClass(row.label, classes) === k ? checked : row.label,
          );
        }
        return renamed;
      });
    },

    removeClass(index) {
      return withModelLock(host, () => {
        const { classes } = requireModelInfo(workbook);
        const k = requireClassIndex(index, classes);
        if (classes.length <= 2)
          throw new Error(`The model needs at least 2 classes; add another class before removing "${classes[k]}"`);
        const used = readDataset(workbook).rows.filter((row) => findClass(row.label, classes) === k).length;
        if (used > 0) {
          throw new Error(
            `Class "${classes[k]}" still has ${plural(used, 'picture')} in the ${DATASET_SHEET} sheet; ` +
              `delete those rows or give them another label there, then remove the class`,
          );
        }
        const kept = classes.map((_, i) => i).filter((i) => i !== k);
        return rebuildWithClasses(
          workbook,
          kept.map((i) => classes[i]),
          kept,
        );
      });
    },

    splitDataset(testFraction, seed) {
      const settings: SplitSettings = {
        testFraction: requireNumber(testFraction, 'Test fraction', 0, MAX_TEST_FRACTION),
        seed: requireInteger(seed, 'Split seed', 0, MAX_SEED),
      };
      return withModelLock(host, () => {
        const dataset = readDataset(workbook);
        const { classes } = readModelInfo(workbook);
        const groups = dataset.rows.map((row) => className(row.label, classes));
        const splits = stratifiedSplit(groups, settings);
        const splitOf = new Map(dataset.rows.map((row, i) => [row.sheetRow, splits[i]]));
        writeDatasetColumn(workbook, dataset, 'split', (row) => splitOf.get(row.sheetRow) ?? row.split);
        writeSplitSettings(workbook, dataset, settings);
        const after: Dataset = {
          settings,
          rows: dataset.rows.map((row, i) => ({ ...row, split: splits[i] })),
          lastRow: dataset.lastRow,
        };
        return summarize(after, classes);
      });
    },
  };
}
