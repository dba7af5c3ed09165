/**
 * Dataset panel: classes (add, rename, remove; the Classes sheet stays the one place names live), labelled
 * pictures added many at a time (files, a chosen folder, or dropped folders whose names become labels),
 * counts per class, and the seeded, stratified train/test split.
 */
import type { ModelInfo } from '../../src/shared/api';
import {
  acceptDrops,
  appendMessageLines,
  byId,
  clearMessage,
  errorText,
  readNumber,
  showMessage,
  whileBusy,
} from '../dom';
import { GatheredFile, gatherFromDrop, gatherFromInput } from '../file-gathering';
import { fillClassSelect, ModelStore, showChoiceWhole } from '../model-store';
import { call } from '../rpc';
import type { ClassTable } from './dataset-classes';
import { setUpClassTable } from './dataset-classes';
import type { PreparedFiles, SentPictures } from './dataset-pictures';
import { preparePictures, sendPictures } from './dataset-pictures';

const FOLDER_LABELS = 'folders';

export function setUpDatasetPanel(store: ModelStore): { refresh(): Promise<void> } {
  const table = setUpClassTable(store);
  const labelSelect = byId('dataset-label', HTMLSelectElement);
  const datasetMessage = byId('dataset-message', HTMLDivElement);
  const splitButton = byId('split-button', HTMLButtonElement);

  const updateClasses = (info: ModelInfo): void => {
    fillClassSelect(labelSelect, info.classes, [{ value: FOLDER_LABELS, text: 'Folder names (one class per folder)' }]);
    if (labelSelect.value === FOLDER_LABELS && info.classes.length > 0 && !labelSelect.dataset.chosen)
      labelSelect.value = '0';
    showChoiceWhole(labelSelect);
    table.render();
  };
  store.subscribe(updateClasses);
  labelSelect.addEventListener('change', () => {
    labelSelect.dataset.chosen = 'yes';
  });

  setUpPictureImport(store, table, labelSelect, datasetMessage, splitButton);
  setUpSplit(table, splitButton);

  return {
    async refresh(): Promise<void> {
      try {
        table.setCounts(await call('getDataset'));
        table.render();
      } catch (error) {
        showMessage(datasetMessage, 'error', `Could not read the dataset: ${errorText(error)}`);
      }
    },
  };
}

/** Files, a chosen folder or a drop → pictures added to the chosen class (or their folders' classes). */
function setUpPictureImport(
  store: ModelStore,
  table: ClassTable,
  labelSelect: HTMLSelectElement,
  datasetMessage: HTMLDivElement,
  splitButton: HTMLButtonElement,
): void {
  const filesInput = byId('dataset-files', HTMLInputElement);
  const folderInput = byId('dataset-folder', HTMLInputElement);
  const chooseFiles = byId('dataset-choose-files', HTMLButtonElement);
  const chooseFolder = byId('dataset-choose-folder', HTMLButtonElement);
  const dropZone = byId('dataset-drop', HTMLDivElement);
  const progress = byId('dataset-progress', HTMLDivElement);
  const findFace = byId('dataset-find-face', HTMLInputElement);
  const showProgress = (text: string): void => {
    progress.textContent = text;
  };

  const addFiles = async (gathered: readonly GatheredFile[]): Promise<void> => {
    // Hidden files (.DS_Store and the like) are not pictures anyone chose.
    const files = gathered.filter((item) => !item.path.split('/').some((part) => part.startsWith('.')));
    if (files.length === 0) {
      showMessage(datasetMessage, 'error', 'No picture files were found in what was chosen or dropped.');
      return;
    }
    if (labelSelect.value !== FOLDER_LABELS && store.get()?.classes[Number(labelSelect.value)] === undefined) {
      showMessage(datasetMessage, 'error', 'Choose the class of the pictures first (or add a class above).');
      return;
    }
    clearMessage(datasetMessage);
    await whileBusy([chooseFiles, chooseFolder, splitButton], async () => {
      const choice = {
        useFolders: labelSelect.value === FOLDER_LABELS,
        label: store.get()?.classes[Number(labelSelect.value)] ?? '',
        findFaces: findFace.checked,
      };
      const prepared = await preparePictures(files, choice, showProgress);
      const sent = await sendPictures(prepared.pictures, showProgress);
      if (sent.summary !== null) table.setCounts(sent.summary);
      if (sent.info !== null) store.set(sent.info);
      showProgress('');
      table.render();
      showImportReport(datasetMessage, files.length, prepared, sent);
    });
  };

  /**
   * One import at a time. The choose buttons are off while one runs, but the drop zone cannot be: a second
   * import beside the first would interleave their progress lines and final counts, so it is refused (the
   * running one goes on untouched). The flag covers reading a dropped folder too.
   */
  let importing = false;
  const importOnce = async (gather: () => Promise<readonly GatheredFile[]>): Promise<void> => {
    if (importing) {
      showMessage(
        datasetMessage,
        'error',
        'Still adding pictures: wait for this import to finish, then drop the rest.',
      );
      return;
    }
    importing = true;
    try {
      await addFiles(await gather());
    } finally {
      importing = false;
    }
  };

  chooseFiles.addEventListener('click', () => filesInput.click());
  chooseFolder.addEventListener('click', () => folderInput.click());
  for (const input of [filesInput, folderInput]) {
    input.addEventListener('change', () => {
      // Gathered now: clearing the input below empties its file list.
      const gathered = input.files !== null && input.files.length > 0 ? gatherFromInput(input.files) : [];
      if (gathered.length > 0) void importOnce(() => Promise.resolve(gathered));
      input.value = '';
    });
  }
  acceptDrops(dropZone, (transfer) => {
    if (transfer === null) return;
    void importOnce(() => gatherFromDrop(transfer)).catch((error: unknown) =>
      showMessage(datasetMessage, 'error', `Could not read what was dropped: ${errorText(error)}`),
    );
  });
}

/** What an import added, and each picture it skipped or could not add with why. */
function showImportReport(area: HTMLElement, fileCount: number, prepared: PreparedFiles, sent: SentPictures): void {
  const { transparent, noFace } = prepared;
  const { added, duplicates } = sent;
  const problems =
    sent.stopped === '' ? prepared.problems : [`The server stopped the import: ${sent.stopped}`, ...prepared.problems];
  const kind = problems.length > 0 ? (added > 0 ? 'warning' : 'error') : duplicates.length > 0 ? 'warning' : 'success';
  const notes = [
    duplicates.length > 0 ? ` ${duplicates.length} skipped as duplicates of pictures already in the dataset.` : '',
    transparent > 0 ? ` ${transparent} had transparent parts, composited on white.` : '',
    noFace.length > 0 ? ` No face was found in ${noFace.length}, so their centred square was used.` : '',
    problems.length > 0 ? ` ${problems.length} could not be added:` : '',
  ].join('');
  showMessage(area, kind, `Added ${added} of ${fileCount} pictures.${notes}`);
  appendMessageLines(area, problems);
  if (duplicates.length > 0)
    appendMessageLines(
      area,
      duplicates.map((name) => `Duplicate: ${name}`),
    );
  if (noFace.length > 0)
    appendMessageLines(
      area,
      noFace.map((name) => `No face: ${name}`),
    );
}

/** The seeded, stratified train/test split. */
function setUpSplit(table: ClassTable, splitButton: HTMLButtonElement): void {
  const splitTest = byId('split-test', HTMLInputElement);
  const splitSeed = byId('split-seed', HTMLInputElement);
  const splitMessage = byId('split-message', HTMLDivElement);
  splitButton.addEventListener('click', () => {
    void whileBusy([splitButton], async () => {
      try {
        const testPercent = readNumber(splitTest, 'Test share', 0, 90, true);
        const seed = readNumber(splitSeed, 'Seed', 0, 2147483647, true);
        const summary = await call('splitDataset', testPercent / 100, seed);
        table.setCounts(summary);
        table.render();
        showMessage(
          splitMessage,
          'success',
          `Split ${summary.total} pictures: ${testPercent}% of each class for testing (seed ${seed}).`,
        );
      } catch (error) {
        showMessage(splitMessage, 'error', errorText(error));
      }
    });
  });
}
