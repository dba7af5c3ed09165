/**
 * Build model… as an editor: a preset to start from, the input (size, colour or grey), 1–4 conv blocks
 * (filters, kernel, stride, padding, pool), the classes, the formula mode and the seed. Every change
 * recomputes the table under it — per layer the output shape, the article's clue count (values in → out),
 * weights, multiply-adds and cells; totals against Google's limits — before anything is written. A spec
 * with problems cannot be built; a build that would draw new weights over a model asks first.
 *
 * The form is a list of fields read into one BuildModelRequest (readRequest): a new option is one more
 * field there and one more element in index.html.
 */
import type { ConvBlockSpec, ModelSpec, Padding } from '../../src/core/types';
import {
  ARCHITECTURE_LIMITS,
  clueWording,
  PRESETS,
  presetOf,
  shapeText,
  specWith,
  weightsPlan,
} from '../../src/core/architecture';
import type { ModelLayers, PresetName } from '../../src/core/architecture';
import { KERNEL_PATH_NAMES } from '../../src/core/simd/kernels';
import type { KernelPath } from '../../src/core/simd/kernels';
import type { BuildModelRequest, FormulaMode, ModelInfo } from '../../src/shared/api';
import { architectureReport } from '../../src/sheet/architecture-report';
import type { ArchitectureReport } from '../../src/sheet/architecture-report';
import { byId, clearMessage, el, errorText, showMessage, whileBusy } from '../dom';
import type { ModelStore } from '../model-store';
import { call } from '../rpc';

const OWN = 'own';
const number = (n: number): string => n.toLocaleString('en-US');

interface BlockFields {
  readonly root: HTMLFieldSetElement;
  read(): ConvBlockSpec;
}

/** A number input's value as typed (NaN when empty), so the checks can name a wrong one. */
function valueOf(input: HTMLInputElement): number {
  return input.value.trim() === '' ? NaN : Number(input.value);
}

function numberField(
  id: string,
  label: string,
  value: number,
  min: number,
  max: number,
): { label: HTMLLabelElement; input: HTMLInputElement } {
  const input = el('input', { attrs: { type: 'number', id, min: String(min), max: String(max), step: '1' } });
  input.value = String(value);
  return { label: el('label', { text: label, attrs: { for: id } }), input };
}

function selectField(
  id: string,
  label: string,
  options: readonly [string, string][],
  value: string,
): { label: HTMLLabelElement; select: HTMLSelectElement } {
  const select = el(
    'select',
    { attrs: { id } },
    options.map(([v, text]) => el('option', { text, attrs: { value: v } })),
  );
  select.value = value;
  return { label: el('label', { text: label, attrs: { for: id } }), select };
}

/** One conv block's fieldset; `onChange` runs on every edit, `onRemove` when its Remove button is pressed. */
function blockFields(index: number, block: ConvBlockSpec, onChange: () => void, onRemove: () => void): BlockFields {
  const L = ARCHITECTURE_LIMITS;
  const id = (name: string): string => `block${index + 1}-${name}`;
  const filters = numberField(id('filters'), 'Filters (feature maps)', block.filters, L.filters.min, L.filters.max);
  const kernel = numberField(id('kernel'), 'Kernel (k × k)', block.kernel, L.kernel.min, L.kernel.max);
  const stride = numberField(id('stride'), 'Stride', block.stride, L.stride.min, L.stride.max);
  const paddingKind = typeof block.padding === 'number' ? 'number' : block.padding;
  const padding = selectField(
    id('padding'),
    'Padding',
    [
      ['valid', 'valid'],
      ['same', 'same'],
      ['number', 'zero cells…'],
    ],
    paddingKind,
  );
  const paddingCells = numberField(
    id('padding-cells'),
    'Zero cells per side',
    typeof block.padding === 'number' ? block.padding : 1,
    0,
    L.kernel.max - 1,
  );
  const pool = selectField(
    id('pool'),
    'Max pool',
    [
      ['none', 'none'],
      ['pool', 'size and stride…'],
    ],
    block.pool ? 'pool' : 'none',
  );
  const poolSize = numberField(id('pool-size'), 'Pool size', block.pool?.size ?? 2, L.poolSize.min, L.poolSize.max);
  const poolStride = numberField(
    id('pool-stride'),
    'Pool stride',
    block.pool?.stride ?? 2,
    L.poolStride.min,
    L.poolStride.max,
  );
  const remove = el('button', { text: `Remove block ${index + 1}`, attrs: { type: 'button', id: id('remove') } });
  const paddingRow = [paddingCells.label, paddingCells.input];
  const poolRows = [poolSize.label, poolSize.input, poolStride.label, poolStride.input];
  const grid = el('div', { className: 'form-grid' }, [
    filters.label,
    filters.input,
    kernel.label,
    kernel.input,
    stride.label,
    stride.input,
    padding.label,
    padding.select,
    ...paddingRow,
    pool.label,
    pool.select,
    ...poolRows,
  ]);
  const root = el('fieldset', { className: 'conv-block', attrs: { 'data-block': String(index) } }, [
    el('legend', { text: `Conv block ${index + 1}` }),
    grid,
    remove,
  ]);
  const showOptional = (): void => {
    paddingRow.forEach((e) => (e.hidden = padding.select.value !== 'number'));
    poolRows.forEach((e) => (e.hidden = pool.select.value !== 'pool'));
  };
  showOptional();
  root.addEventListener('input', () => {
    showOptional();
    onChange();
  });
  remove.addEventListener('click', onRemove);
  return {
    root,
    read(): ConvBlockSpec {
      const kind = padding.select.value;
      const pad: Padding = kind === 'number' ? valueOf(paddingCells.input) : (kind as 'valid' | 'same');
      return {
        filters: valueOf(filters.input),
        kernel: valueOf(kernel.input),
        stride: valueOf(stride.input),
        padding: pad,
        pool:
          pool.select.value === 'pool' ? { size: valueOf(poolSize.input), stride: valueOf(poolStride.input) } : null,
      };
    },
  };
}

/** The table's rows: one per layer, the article's clue count in words beside the numbers. */
function layerRows(report: ArchitectureReport): HTMLTableRowElement[] {
  return report.layers.map((layer) => {
    const row = el('tr', { attrs: { 'data-layer': layer.name } }, [
      el('th', { text: layer.name, attrs: { scope: 'row' } }),
      el('td', { text: shapeText(layer.shape) }),
      el('td', { className: 'clues' }, [
        el('span', { className: 'values', text: `${number(layer.valuesIn)} → ${number(layer.valuesOut)}` }),
        el('br'),
        el('span', { className: 'secondary', text: clueWording(layer) }),
      ]),
      el('td', { text: layer.weights + layer.biases > 0 ? `${number(layer.weights)} + ${number(layer.biases)}` : '—' }),
      el('td', { text: layer.multiplyAdds > 0 ? number(layer.multiplyAdds) : '—' }),
      el('td', { text: number(layer.cells) }),
    ]);
    row.classList.toggle('lost', layer.valuesOut < layer.valuesIn);
    return row;
  });
}

function totalItems(report: ArchitectureReport, kernels: KernelPath): HTMLLIElement[] {
  const t = report.totals;
  if (t === null) return [];
  const item = (id: string, text: string, over = false): HTMLLIElement => {
    const li = el('li', { text, attrs: { 'data-total': id } });
    li.classList.toggle('over', over);
    return li;
  };
  return [
    item('parameters', `${number(t.parameters)} weights and biases`),
    item(
      'cells',
      `${number(t.googleCells)} of Google's ${number(t.cellLimit)} cells (${number(t.usedCells)} used by the model sheets; each sheet counts at least 1000 × 26)`,
      t.googleCells > t.cellLimit,
    ),
    item(
      'columns',
      `Widest sheet: ${t.widestSheet.name}, ${number(t.widestSheet.cols)} of ${number(t.columnLimit)} columns`,
      t.widestSheet.cols > t.columnLimit,
    ),
    item(
      'train-state',
      `Train state (Adam): ${number(t.trainStateNumbers)} numbers in ${number(t.trainStateCells)} cells of at most ${number(t.trainStateCellChars)} of ${number(t.cellCharLimit)} characters`,
    ),
    item(
      'pictures',
      `About ${number(t.picturesPerCall[kernels])} pictures per 25-s training call (estimate, ${KERNEL_PATH_NAMES[kernels]})`,
    ),
  ];
}

export function setUpBuildPanel(store: ModelStore): void {
  const preset = byId('build-preset', HTMLSelectElement);
  const size = byId('build-size', HTMLInputElement);
  const channels = byId('build-channels', HTMLSelectElement);
  const blocksBox = byId('build-blocks', HTMLDivElement);
  const addBlock = byId('build-add-block', HTMLButtonElement);
  const classesBox = byId('build-classes', HTMLTextAreaElement);
  const article = byId('build-article', HTMLInputElement);
  const sherlock = byId('build-sherlock', HTMLInputElement);
  const mode = byId('build-mode', HTMLSelectElement);
  const seed = byId('build-seed', HTMLInputElement);
  const problemsBox = byId('build-problems', HTMLDivElement);
  const rows = byId('architecture-rows', HTMLTableSectionElement);
  const totals = byId('architecture-totals', HTMLUListElement);
  const plan = byId('build-plan', HTMLParagraphElement);
  const button = byId('build-button', HTMLButtonElement);
  const message = byId('build-message', HTMLDivElement);

  preset.replaceChildren(
    ...PRESETS.map((p) => el('option', { text: p.label, attrs: { value: p.name, title: p.title } })),
    el('option', { text: 'Your own network', attrs: { value: OWN } }),
  );
  let blocks: BlockFields[] = [];
  /** Set after a first press warned that the weights would be replaced; any edit clears it. */
  let confirmed = false;

  const readLayers = (): ModelLayers => {
    const side = valueOf(size);
    return {
      input: { channels: Number(channels.value), height: side, width: side },
      inputScale: 1 / 255,
      blocks: blocks.map((b) => b.read()),
    };
  };
  const readClasses = (): string[] =>
    classesBox.value
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
  const readSpec = (): ModelSpec => specWith(readLayers(), readClasses());
  const readRequest = (): BuildModelRequest => ({
    layers: readLayers(),
    classes: readClasses(),
    mode: mode.value as FormulaMode,
    seed: valueOf(seed),
    articleWeights: article.checked,
    sherlock: sherlock.checked,
  });

  const showBlocks = (layers: readonly ConvBlockSpec[]): void => {
    blocks = layers.map((block, i) =>
      blockFields(i, block, update, () => {
        showBlocks(blocks.filter((_, j) => j !== i).map((b) => b.read()));
        update();
      }),
    );
    blocksBox.replaceChildren(...blocks.map((b) => b.root));
    addBlock.disabled = blocks.length >= ARCHITECTURE_LIMITS.blocks.max;
    blocks.forEach(
      (b) =>
        ((b.root.querySelector('button') as HTMLButtonElement).disabled =
          blocks.length <= ARCHITECTURE_LIMITS.blocks.min),
    );
  };

  const showLayers = (layers: ModelLayers): void => {
    size.value = String(layers.input.height);
    channels.value = String(layers.input.channels);
    showBlocks(layers.blocks);
  };

  /** Recomputes the table and what a build would do; runs on every edit. */
  function update(): void {
    confirmed = false;
    const spec = readSpec();
    const report = architectureReport(spec, mode.value as FormulaMode);
    rows.replaceChildren(...layerRows(report));
    // Until the server has answered, the estimate is for the JavaScript loops, which every host has.
    totals.replaceChildren(...totalItems(report, store.get()?.trainingKernels ?? 'javascript'));
    if (report.problems.length > 0) {
      problemsBox.replaceChildren(
        ...report.problems.map((p) => el('p', { text: p.message, attrs: { 'data-field': p.field } })),
      );
      problemsBox.hidden = false;
    } else {
      problemsBox.replaceChildren();
      problemsBox.hidden = true;
    }
    const matching = presetOf(spec);
    preset.value = matching?.name ?? OWN;
    preset.title = matching?.title ?? 'Your own network';
    article.disabled = !(matching?.articleWeights ?? false);
    if (article.disabled) article.checked = false;
    button.disabled = report.problems.length > 0;
    plan.textContent = planText(spec);
    button.textContent = 'Build model';
  }

  const planText = (spec: ModelSpec): string => {
    const info = store.get();
    if (info === null || !info.exists) return 'Builds the model sheets with weights drawn from the seed.';
    const next = { layers: spec, seed: valueOf(seed), classes: spec.classes };
    const what = weightsPlan({ layers: info.layers, seed: info.seed, classes: info.classes }, next, article.checked);
    if (what === 'keep') return 'Keeps the weights in the sheets (only the formulas are rewritten).';
    if (what === 'keep-filters')
      return 'Keeps the conv filters and the dense columns of classes that stay; new classes get fresh weights.';
    return 'Draws new weights: the ones in the sheets (trained or edited) will be replaced. The picture and the Dataset stay.';
  };

  preset.addEventListener('change', () => {
    const chosen = PRESETS.find((p) => p.name === (preset.value as PresetName));
    if (chosen) showLayers(chosen.layers);
    update();
    if (chosen?.articleWeights) article.checked = true;
    plan.textContent = planText(readSpec());
  });
  for (const input of [size, channels, classesBox, mode, seed]) input.addEventListener('input', update);
  article.addEventListener('change', () => {
    confirmed = false;
    plan.textContent = planText(readSpec());
  });
  addBlock.addEventListener('click', () => {
    const last = blocks[blocks.length - 1]?.read();
    showBlocks([
      ...blocks.map((b) => b.read()),
      { filters: last?.filters ?? 8, kernel: 3, stride: 1, padding: 'same', pool: null },
    ]);
    update();
  });

  /**
   * Whether the person has edited the form since it last showed the model. Until they do, the form follows
   * the model (a class added on the Dataset tab, a build by a colleague); their edits are never overwritten.
   */
  let edited = false;
  blocksBox.closest('details')?.addEventListener('input', () => (edited = true));
  addBlock.addEventListener('click', () => (edited = true));
  store.subscribe((info: ModelInfo) => {
    if (edited) {
      plan.textContent = planText(readSpec());
      return;
    }
    showLayers(info.layers);
    classesBox.value = info.classes.join('\n');
    mode.value = info.mode;
    sherlock.checked = info.sherlock;
    seed.value = String(info.exists ? info.seed : 1);
    update();
  });

  button.addEventListener('click', () => {
    const info = store.get();
    const spec = readSpec();
    const replaces =
      info !== null &&
      info.exists &&
      weightsPlan(
        { layers: info.layers, seed: info.seed, classes: info.classes },
        { layers: spec, seed: valueOf(seed), classes: spec.classes },
        article.checked,
      ) === 'new';
    if (replaces && !confirmed) {
      confirmed = true;
      button.textContent = 'Replace the weights and build';
      showMessage(
        message,
        'warning',
        'This network needs new weights: the ones in the sheets will be replaced. Press again to build.',
      );
      return;
    }
    void whileBusy([button], async () => {
      try {
        showMessage(message, 'info', 'Building the model…');
        const built = await call('buildModel', readRequest());
        edited = false;
        store.set(built);
        showMessage(message, 'success', 'Model built. Import a picture and run the forward pass.');
      } catch (error) {
        showMessage(message, 'error', `Build failed: ${errorText(error)}`);
      } finally {
        confirmed = false;
        button.textContent = 'Build model';
      }
    });
  });
  clearMessage(message);
}
