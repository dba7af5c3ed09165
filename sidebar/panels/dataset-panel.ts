/**
 * Dataset panel: classes (add, rename, remove; the Classes sheet stays the one place names live), labelled
 * pictures added many at a time (files, a chosen folder, or dropped folders whose names become labels),
 * counts per class, and the seeded, stratified train/test split.
 */
import type { AddPicturesResult, DatasetSummary, ModelInfo, PicturePixels } from '../../src/shared/api';
import { DATASET_PICTURE_SIZE } from '../../src/sheet/dataset-sheet';
import { squareFor } from '../../src/image/face-crop';
import { acceptDrops, appendMessageLines, byId, clearMessage, el, errorText, readNumber, showMessage, whileBusy } from '../dom';
import { GatheredFile, gatherFromDrop, gatherFromInput } from '../file-gathering';
import { fillClassSelect, ModelStore, showChoiceWhole } from '../model-store';
import { cropAndResize, loadPicture, toPicturePixels } from '../picture';
import { call } from '../rpc';
import { findFaces } from '../face/load-detector';

const FOLDER_LABELS = 'folders';
/** Pictures per addPictures call: keeps each request small (a picture stored at 64×64 is 16 KB of base64). */
const PICTURES_PER_CALL = 50;

interface PreparedPicture {
  readonly label: string;
  readonly pixels: PicturePixels;
}

export function setUpDatasetPanel(store: ModelStore): { refresh(): Promise<void> } {
  const rows = byId('dataset-rows', HTMLTableSectionElement);
  const trainTotal = byId('dataset-train-total', HTMLTableCellElement);
  const testTotal = byId('dataset-test-total', HTMLTableCellElement);
  const newClass = byId('new-class', HTMLInputElement);
  const addClassButton = byId('add-class-button', HTMLButtonElement);
  const classMessage = byId('class-message', HTMLDivElement);
  const labelSelect = byId('dataset-label', HTMLSelectElement);
  const filesInput = byId('dataset-files', HTMLInputElement);
  const folderInput = byId('dataset-folder', HTMLInputElement);
  const chooseFiles = byId('dataset-choose-files', HTMLButtonElement);
  const chooseFolder = byId('dataset-choose-folder', HTMLButtonElement);
  const dropZone = byId('dataset-drop', HTMLDivElement);
  const progress = byId('dataset-progress', HTMLDivElement);
  const findFace = byId('dataset-find-face', HTMLInputElement);
  const datasetMessage = byId('dataset-message', HTMLDivElement);
  const splitTest = byId('split-test', HTMLInputElement);
  const splitSeed = byId('split-seed', HTMLInputElement);
  const splitButton = byId('split-button', HTMLButtonElement);
  const splitMessage = byId('split-message', HTMLDivElement);

  let summary: DatasetSummary = { total: 0, classes: [] };

  const renderTable = (): void => {
    const classes = store.get()?.classes ?? [];
    const countOf = (name: string): { train: number; test: number } => summary.classes.find((c) => c.name === name) ?? { train: 0, test: 0 };
    // Pictures whose label is no longer a class still count; list them too so nothing is hidden.
    const names = [...classes, ...summary.classes.map((c) => c.name).filter((name) => !classes.includes(name))];
    rows.replaceChildren(
      ...names.map((name) => {
        const index = classes.indexOf(name);
        const counts = countOf(name);
        return el('tr', {}, [
          el('th', { className: 'class-name', text: name, attrs: { scope: 'row' } }),
          el('td', { text: String(counts.train) }),
          el('td', { text: String(counts.test) }),
          el('td', { className: 'row-actions' }, index < 0 ? [] : classActions(index, name)),
        ]);
      }),
    );
    trainTotal.textContent = String(summary.classes.reduce((sum, c) => sum + c.train, 0));
    testTotal.textContent = String(summary.classes.reduce((sum, c) => sum + c.test, 0));
  };

  const updateClasses = (info: ModelInfo): void => {
    fillClassSelect(labelSelect, info.classes, [{ value: FOLDER_LABELS, text: 'Folder names (one class per folder)' }]);
    if (labelSelect.value === FOLDER_LABELS && info.classes.length > 0 && !labelSelect.dataset.chosen) labelSelect.value = '0';
    showChoiceWhole(labelSelect);
    renderTable();
  };
  store.subscribe(updateClasses);
  labelSelect.addEventListener('change', () => {
    labelSelect.dataset.chosen = 'yes';
  });

  const classCall = async (action: () => Promise<ModelInfo>, done: string): Promise<void> => {
    try {
      const info = await action();
      // Renaming relabels pictures; the counts are read again so the table matches the sheet.
      summary = await call('getDataset');
      store.set(info);
      showMessage(classMessage, 'success', done);
    } catch (error) {
      renderTable(); // back to plain rows (no half-open rename or "Sure?")
      showMessage(classMessage, 'error', errorText(error));
    }
  };

  /**
   * Rename (inline text field) and Remove (asks once more on the same button) for one class. Classes are
   * named by index, so a second send before the table is redrawn would rename or remove the class that
   * moved into that place: both buttons are disabled, and Enter ignored, while a call runs.
   */
  function classActions(index: number, name: string): HTMLElement[] {
    const rename = el('button', { text: 'Rename', attrs: { type: 'button', 'aria-label': `Rename ${name}` } });
    const remove = el('button', { text: 'Remove', attrs: { type: 'button', 'aria-label': `Remove ${name}` } });
    let sending = false;
    const send = (action: () => Promise<ModelInfo>, done: string): void => {
      if (sending) return;
      sending = true;
      void whileBusy([rename, remove], () => classCall(action, done));
    };
    rename.addEventListener('click', () => {
      const cell = rename.closest('tr')?.querySelector('th');
      if (!cell) return;
      const input = el('input', { attrs: { type: 'text', maxlength: '60', 'aria-label': `New name for ${name}` } });
      input.value = name;
      cell.replaceChildren(input);
      input.focus();
      input.select();
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') renderTable();
        if (event.key !== 'Enter') return;
        const next = input.value.trim();
        if (next === '' || next === name) {
          renderTable();
          return;
        }
        send(() => call('renameClass', index, next), `Renamed ${name} to ${next}.`);
      });
      input.addEventListener('blur', () => renderTable());
    });
    remove.addEventListener('click', () => {
      if (remove.dataset.confirm !== 'yes') {
        remove.dataset.confirm = 'yes';
        remove.textContent = 'Sure?';
        remove.setAttribute('aria-label', `Press again to remove ${name} and its pictures`);
        return;
      }
      send(() => call('removeClass', index), `Removed ${name}.`);
    });
    return [rename, remove];
  }

  addClassButton.addEventListener('click', () => {
    const name = newClass.value.trim();
    if (name === '') {
      showMessage(classMessage, 'error', 'Type a name for the new class first.');
      return;
    }
    void whileBusy([addClassButton], async () => {
      await classCall(() => call('addClass', name), `Added the class ${name}.`);
      newClass.value = '';
    });
  });
  newClass.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') addClassButton.click();
  });

  /**
   * Decodes, crops (around the face, or the centred square) and resizes every file; failures are reported,
   * not fatal. A detector that cannot load is reported once, and the rest are cut in the centre.
   */
  const prepare = async (files: readonly GatheredFile[]): Promise<{ pictures: PreparedPicture[]; problems: string[]; transparent: number; noFace: string[] }> => {
    const info = store.get();
    // Stored at 64×64 whatever the model's input, so a later input size is resized down from them.
    const width = DATASET_PICTURE_SIZE;
    const height = DATASET_PICTURE_SIZE;
    const useFolders = labelSelect.value === FOLDER_LABELS;
    const chosenLabel = info?.classes[Number(labelSelect.value)] ?? '';
    const pictures: PreparedPicture[] = [];
    const problems: string[] = [];
    let transparent = 0;
    const noFace: string[] = [];
    let lookForFaces = findFace.checked;
    for (const [n, item] of files.entries()) {
      progress.textContent = `Reading ${n + 1} of ${files.length}: ${item.path}`;
      const label = useFolders ? item.folder : chosenLabel;
      if (label === '') {
        problems.push(`${item.path}: not in a folder, so “Folder names” gives it no class. Choose a class above instead.`);
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
            problems.push(`Faces could not be looked for (${errorText(error)}), so the pictures from here on are cut in the centre.`);
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
      const { pictures, problems, transparent, noFace } = await prepare(files);
      let added = 0;
      const duplicates: string[] = [];
      try {
        const labels = [...new Set(pictures.map((p) => p.label))];
        for (const label of labels) {
          const ofLabel = pictures.filter((p) => p.label === label).map((p) => p.pixels);
          for (let from = 0; from < ofLabel.length; from += PICTURES_PER_CALL) {
            progress.textContent = `Adding ${label}: ${Math.min(from + PICTURES_PER_CALL, ofLabel.length)} of ${ofLabel.length}…`;
            const result: AddPicturesResult = await call('addPictures', { label, pictures: ofLabel.slice(from, from + PICTURES_PER_CALL) });
            added += result.added;
            duplicates.push(...result.duplicates);
            summary = result.summary;
          }
        }
        store.set(await call('getModelInfo'));
      } catch (error) {
        problems.unshift(`The server stopped the import: ${errorText(error)}`);
      }
      progress.textContent = '';
      renderTable();
      const kind = problems.length > 0 ? (added > 0 ? 'warning' : 'error') : duplicates.length > 0 ? 'warning' : 'success';
      const notes = [
        duplicates.length > 0 ? ` ${duplicates.length} skipped as duplicates of pictures already in the dataset.` : '',
        transparent > 0 ? ` ${transparent} had transparent parts, composited on white.` : '',
        noFace.length > 0 ? ` No face was found in ${noFace.length}, so their centred square was used.` : '',
        problems.length > 0 ? ` ${problems.length} could not be added:` : '',
      ].join('');
      showMessage(datasetMessage, kind, `Added ${added} of ${files.length} pictures.${notes}`);
      appendMessageLines(datasetMessage, problems);
      if (duplicates.length > 0) appendMessageLines(datasetMessage, duplicates.map((name) => `Duplicate: ${name}`));
      if (noFace.length > 0) appendMessageLines(datasetMessage, noFace.map((name) => `No face: ${name}`));
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
      showMessage(datasetMessage, 'error', 'Still adding pictures: wait for this import to finish, then drop the rest.');
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

  splitButton.addEventListener('click', () => {
    void whileBusy([splitButton], async () => {
      try {
        const testPercent = readNumber(splitTest, 'Test share', 0, 90, true);
        const seed = readNumber(splitSeed, 'Seed', 0, 2147483647, true);
        summary = await call('splitDataset', testPercent / 100, seed);
        renderTable();
        showMessage(splitMessage, 'success', `Split ${summary.total} pictures: ${testPercent}% of each class for testing (seed ${seed}).`);
      } catch (error) {
        showMessage(splitMessage, 'error', errorText(error));
      }
    });
  });

  return {
    async refresh(): Promise<void> {
      try {
        summary = await call('getDataset');
        renderTable();
      } catch (error) {
        showMessage(datasetMessage, 'error', `Could not read the dataset: ${errorText(error)}`);
      }
    },
  };
}
