/**
 * Image panel: the model summary and Build model form; one picture chosen, dropped or pasted, cropped and
 * resized in the browser, imported into the R, G, B sheets; the label; the forward pass and its bars.
 */
import type { FormulaMode, ModelInfo, Prediction } from '../../src/shared/api';
import { PRESETS } from '../../src/core/architecture';
import type { RgbImage } from '../../src/image/rgb';
import { resizeArea } from '../../src/image/resize';
import { createCropEditor } from '../crop';
import { acceptDrops, byId, clearMessage, el, errorText, percent, readNumber, showMessage, whileBusy } from '../dom';
import { fillClassSelect, ModelStore, showChoiceWhole } from '../model-store';
import { cropAndResize, LoadedPicture, loadPicture, paintRgb, toPicturePixels } from '../picture';
import { call } from '../rpc';
import { findFaces } from '../face/load-detector';
import { faceCropRect, largestFace } from '../../src/image/face-crop';
import { ACCEPTED_FORMATS_SHORT } from '../../src/image/format';
import type { CropRect } from '../../src/image/resize';

const MODE_NAMES: Record<FormulaMode, string> = {
  custom: 'custom functions',
  native: 'plain formulas',
  values: 'values only',
};

function modelSummary(info: ModelInfo): string {
  if (!info.exists)
    return `No model in this spreadsheet yet: build one below, or import a picture and run the forward pass to build the default network.`;
  const spec = PRESETS.find((p) => p.name === info.specName)?.title.split(':')[0] ?? 'Your own';
  const colour = info.layers.input.channels === 1 ? 'grey' : 'colour';
  return `${spec} network, ${info.inputWidth}×${info.inputHeight} ${colour} input, ${info.layers.blocks.length} conv blocks, ${info.classes.length} classes, ${MODE_NAMES[info.mode]}, seed ${info.seed}.`;
}

/** The picture a paste or drop carries, if any. */
function fileFrom(transfer: DataTransfer | null): File | null {
  if (transfer === null) return null;
  for (const item of Array.from(transfer.items)) {
    if (item.kind === 'file') return item.getAsFile();
  }
  return transfer.files[0] ?? null;
}

export interface ImagePanel {
  refresh(): Promise<void>;
  /** The sheets changed outside this sidebar: show the model and, if one is shown, the prediction as they are now. */
  refreshFromSheet(): Promise<void>;
}

/** "14:05:09", for saying when the panel last followed the sheet. */
function clockTime(): string {
  return new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function setUpImagePanel(store: ModelStore): ImagePanel {
  const summary = byId('model-summary', HTMLParagraphElement);
  const fileInput = byId('image-file', HTMLInputElement);
  const chooseButton = byId('image-choose', HTMLButtonElement);
  const dropZone = byId('image-drop', HTMLDivElement);
  const imageMessage = byId('image-message', HTMLDivElement);
  const findFace = byId('image-find-face', HTMLInputElement);
  const faceButton = byId('crop-face', HTMLButtonElement);
  const cropBlock = byId('crop-block', HTMLDivElement);
  const imageName = byId('image-name', HTMLSpanElement);
  const imageSize = byId('image-size', HTMLSpanElement);
  const preview = byId('preview-canvas', HTMLCanvasElement);
  const previewCaption = byId('preview-caption', HTMLElement);
  const importButton = byId('import-button', HTMLButtonElement);
  const pictureWidth = byId('picture-width', HTMLInputElement);
  const pictureLayout = byId('picture-layout', HTMLSelectElement);
  const pictureButton = byId('picture-button', HTMLButtonElement);
  const labelSelect = byId('label-select', HTMLSelectElement);
  const forwardButton = byId('forward-button', HTMLButtonElement);
  const forwardMessage = byId('forward-message', HTMLDivElement);
  const predictionBox = byId('prediction', HTMLDivElement);
  const verdict = byId('verdict', HTMLParagraphElement);
  const bars = byId('prediction-bars', HTMLDivElement);
  const readings = byId('loss-readings', HTMLElement);

  let picture: LoadedPicture | null = null;
  let resized: RgbImage | null = null;

  const inputSize = (): { width: number; height: number } => {
    const info = store.get();
    return info === null ? { width: 28, height: 28 } : { width: info.inputWidth, height: info.inputHeight };
  };

  const updatePreview = (): void => {
    if (picture === null) return;
    const { width, height } = inputSize();
    resized = cropAndResize(picture.image, cropEditor.crop(), width, height);
    paintRgb(preview, resized);
    previewCaption.textContent = `${width}×${height}, what the network sees`;
  };

  const cropEditor = createCropEditor(
    {
      canvas: byId('crop-canvas', HTMLCanvasElement),
      size: byId('crop-size', HTMLInputElement),
      sizeValue: byId('crop-size-value', HTMLSpanElement),
      x: byId('crop-x', HTMLInputElement),
      y: byId('crop-y', HTMLInputElement),
      reset: byId('crop-reset', HTMLButtonElement),
    },
    updatePreview,
  );

  /** The network the shown prediction came from: a build with other layers or classes hides it. */
  let predictedWith = '';
  store.subscribe((info) => {
    const network = JSON.stringify([info.layers, info.classes]);
    if (network !== predictedWith) predictionBox.hidden = true;
    summary.textContent = modelSummary(info);
    fillClassSelect(labelSelect, info.classes, [{ value: '-1', text: 'Not chosen (no loss)' }]);
    labelSelect.value = String(info.label);
    showChoiceWhole(labelSelect);
    updatePreview();
  });

  /** The square around the face found in the current picture, or null (none found, or not looked for). */
  let faceCrop: CropRect | null = null;
  faceButton.addEventListener('click', () => {
    if (faceCrop !== null) cropEditor.setCrop(faceCrop);
  });

  /**
   * Looks for faces in the picture just opened and proposes the square around the largest; the user can move
   * or resize it, or go back with Centre / Face. `ticket` drops the answer if another picture was opened meanwhile.
   */
  const proposeFaceCrop = async (loaded: LoadedPicture, ticket: number, notes: string): Promise<void> => {
    showMessage(imageMessage, 'info', `Looking for a face in ${loaded.name}…${notes}`);
    try {
      const face = largestFace(await findFaces(loaded.image));
      if (ticket !== opened) return;
      if (face === null) {
        showMessage(
          imageMessage,
          'warning',
          `No face found in ${loaded.name}: the centred square is proposed. Move or resize it if needed.${notes}`,
        );
        return;
      }
      faceCrop = faceCropRect(face, loaded.image.width, loaded.image.height);
      faceButton.hidden = false;
      cropEditor.setCrop(faceCrop);
      showMessage(
        imageMessage,
        'success',
        `Face found: the square is around it. Move or resize it if needed, then import.${notes}`,
      );
    } catch (error) {
      if (ticket !== opened) return;
      showMessage(
        imageMessage,
        'warning',
        `Faces could not be looked for (${errorText(error)}): the centred square is proposed.${notes}`,
      );
    }
  };

  /** Pictures opened so far: a slow decode that ends after a later one was opened must not replace it. */
  let opened = 0;
  const openFile = async (file: Blob, name: string): Promise<void> => {
    const ticket = ++opened;
    showMessage(imageMessage, 'info', `Reading ${name}…`);
    try {
      const loaded = await loadPicture(file, name);
      if (ticket !== opened) return;
      picture = loaded;
      imageName.textContent = loaded.name;
      imageSize.textContent = `(${loaded.image.width}×${loaded.image.height})`;
      cropBlock.hidden = false;
      faceCrop = null;
      faceButton.hidden = true;
      cropEditor.setPicture(loaded.image);
      const notes = loaded.hadAlpha
        ? ` ${loaded.name} has transparent parts; they are shown on a white background, as they will be imported.`
        : '';
      // Import waits for the proposal, so what is imported is the square the user saw last.
      if (findFace.checked) await whileBusy([importButton], () => proposeFaceCrop(loaded, ticket, notes));
      else if (notes !== '') showMessage(imageMessage, 'warning', notes.trim());
      else clearMessage(imageMessage);
    } catch (error) {
      if (ticket !== opened) return;
      picture = null;
      resized = null;
      cropBlock.hidden = true;
      showMessage(imageMessage, 'error', `${name}: ${errorText(error)}`);
    }
  };

  chooseButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file !== undefined) void openFile(file, file.name);
    fileInput.value = '';
  });
  acceptDrops(dropZone, (transfer) => {
    const file = fileFrom(transfer);
    if (file === null)
      showMessage(
        imageMessage,
        'error',
        `Nothing to import was dropped: drop a picture file (${ACCEPTED_FORMATS_SHORT}).`,
      );
    else void openFile(file, file.name);
  });
  document.addEventListener('paste', (event) => {
    // Only while the Image panel is shown, and not while typing in a text field.
    if (byId('panel-image', HTMLElement).hidden || event.target instanceof HTMLInputElement) return;
    const file = fileFrom(event.clipboardData);
    if (file === null) return;
    event.preventDefault();
    void openFile(file, 'pasted image');
  });

  importButton.addEventListener('click', () => {
    if (picture === null || resized === null) return;
    const pixels = toPicturePixels(picture.name, resized);
    void whileBusy([importButton, forwardButton], async () => {
      showMessage(imageMessage, 'info', 'Importing…');
      try {
        store.set(await call('importImage', pixels));
        showMessage(
          imageMessage,
          'success',
          `Imported ${pixels.name} as ${pixels.width}×${pixels.height} pixels into the R, G, B sheets.`,
        );
      } catch (error) {
        showMessage(imageMessage, 'error', `Import failed: ${errorText(error)}`);
      }
    });
  });

  pictureButton.addEventListener('click', () => {
    if (picture === null) return;
    const { name, image } = picture;
    void whileBusy([pictureButton, importButton], async () => {
      try {
        const width = Math.min(readNumber(pictureWidth, 'Width', 1, 2000, true), image.width);
        // The whole picture, its shape kept: the height follows from the width.
        const height = Math.max(1, Math.round((width * image.height) / image.width));
        const layout = pictureLayout.value === 'rows' ? 'rows' : 'channels';
        showMessage(imageMessage, 'info', `Writing ${width}×${height} pixels…`);
        const result = await call('importPictureOnly', {
          picture: toPicturePixels(name, resizeArea(image, width, height)),
          layout,
        });
        showMessage(
          imageMessage,
          'success',
          `Wrote ${name} as ${result.width}×${result.height} pixels to ${result.sheets.join(', ')}.`,
        );
      } catch (error) {
        showMessage(imageMessage, 'error', `Picture only failed: ${errorText(error)}`);
      }
    });
  });

  labelSelect.addEventListener('change', () => {
    const label = Number(labelSelect.value);
    void (async () => {
      try {
        store.set(await call('setLabel', label));
        clearMessage(forwardMessage);
      } catch (error) {
        showMessage(forwardMessage, 'error', `Could not set the label: ${errorText(error)}`);
      }
    })();
  });

  forwardButton.addEventListener('click', () => {
    void whileBusy([forwardButton, importButton], async () => {
      showMessage(forwardMessage, 'info', 'Running the forward pass…');
      try {
        const prediction = await call('runForwardPass');
        const info = await call('getModelInfo');
        predictedWith = JSON.stringify([info.layers, info.classes]);
        showPrediction(prediction);
        clearMessage(forwardMessage);
        store.set(info);
      } catch (error) {
        predictionBox.hidden = true;
        showMessage(forwardMessage, 'error', `Forward pass failed: ${errorText(error)}`);
      }
    });
  });

  function showPrediction(prediction: Prediction): void {
    const { classes, probabilities, predicted, label } = prediction;
    const correct = label < 0 ? '' : predicted === label ? ' — matches the label' : ` — the label is ${classes[label]}`;
    verdict.textContent = `Looks like ${classes[predicted]} (${percent(probabilities[predicted])})${correct}`;
    bars.replaceChildren(
      ...classes.map((name, index) => {
        const p = probabilities[index];
        const fill = el('div', { className: 'bar-fill' });
        fill.style.width = `${(p * 100).toFixed(2)}%`;
        const row = el(
          'div',
          { className: 'bar-row', attrs: { 'data-class': String(index), 'data-probability': String(p) } },
          [
            el('span', { className: 'bar-name', text: name, attrs: { title: name } }),
            el('span', { className: 'bar-value', text: percent(p) }),
            el('div', { className: 'bar-track', attrs: { role: 'img', 'aria-label': `${name}: ${percent(p)}` } }, [
              fill,
            ]),
          ],
        );
        row.classList.toggle('predicted', index === predicted);
        row.classList.toggle('label', index === label);
        return row;
      }),
    );
    readings.replaceChildren();
    if (prediction.loss !== undefined) {
      const { crossEntropy, distance, klDivergence } = prediction.loss;
      for (const [term, value] of [
        ['Cross-entropy loss', crossEntropy],
        ['Distance loss', distance],
        ['KL divergence', klDivergence],
      ] as const) {
        readings.append(el('dt', { text: term }), el('dd', { text: value.toFixed(4) }));
      }
    }
    readings.hidden = prediction.loss === undefined;
    predictionBox.hidden = false;
  }

  return {
    async refresh(): Promise<void> {
      try {
        store.set(await call('getModelInfo'));
      } catch (error) {
        summary.textContent = '';
        showMessage(imageMessage, 'error', `Could not read the model: ${errorText(error)}`);
      }
    },

    async refreshFromSheet(): Promise<void> {
      try {
        const info = await call('getModelInfo');
        store.set(info);
        if (info.exists && !predictionBox.hidden) showPrediction(await call('runForwardPass'));
        showMessage(forwardMessage, 'info', `Updated from the sheet at ${clockTime()}.`);
      } catch (error) {
        showMessage(forwardMessage, 'error', `The sheets changed, but reading them failed: ${errorText(error)}`);
      }
    },
  };
}
