/**
 * Train panel. Apps Script stops any execution after 6 minutes, so the sidebar drives training: it calls
 * trainBatch again and again (each call trains for a time budget and saves its work in the sheets) until the
 * requested epochs are done or the user pauses. Pause takes effect when the running call returns.
 */
import type { AugmentStrength, OptimizerKind, TrainProgress, TrainRequest } from '../../src/shared/api';
import { renderLineChart } from '../chart';
import { fixedLinearScale, logScale } from '../chart-scale';
import { SUGGESTED_LEARNING_RATES, TRAIN_DEFAULTS } from '../../src/shared/training-defaults';
import { byId, clearMessage, errorText, percent, readNumber, showMessage } from '../dom';
import type { ModelStore } from '../model-store';
import { call } from '../rpc';

/** 'running'/'pausing'/'paused': the Start loop; 'working': one Step once or Reset call, which Pause cannot stop. */
type LoopState = 'idle' | 'running' | 'pausing' | 'paused' | 'working';

const accuracyScale = fixedLinearScale(1, (v) => percent(v).replace('.0%', '%'));

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Share of the requested work done, from the epochs and steps completed. */
export function progressFraction(progress: TrainProgress): number {
  const total = progress.totalEpochs * progress.stepsPerEpoch;
  if (total <= 0) return 0;
  return Math.min(1, Math.max(0, (progress.epoch * progress.stepsPerEpoch + progress.step) / total));
}

export function setUpTrainPanel(store: ModelStore): void {
  const epochs = byId('train-epochs', HTMLInputElement);
  const batch = byId('train-batch', HTMLInputElement);
  const rate = byId('train-rate', HTMLInputElement);
  const optimizer = byId('train-optimizer', HTMLSelectElement);
  const augment = byId('train-augment', HTMLSelectElement);
  const budget = byId('train-budget', HTMLInputElement);
  const start = byId('train-start', HTMLButtonElement);
  const pause = byId('train-pause', HTMLButtonElement);
  const resume = byId('train-resume', HTMLButtonElement);
  const step = byId('train-step', HTMLButtonElement);
  const reset = byId('train-reset', HTMLButtonElement);
  const bar = byId('train-progress', HTMLDivElement);
  const fill = byId('train-progress-fill', HTMLDivElement);
  const status = byId('train-status', HTMLParagraphElement);
  const message = byId('train-message', HTMLDivElement);
  const lossChart = byId('loss-chart', HTMLDivElement);
  const accuracyChart = byId('accuracy-chart', HTMLDivElement);
  const settings = [epochs, batch, rate, optimizer, augment, budget];

  epochs.value = String(TRAIN_DEFAULTS.epochs);
  batch.value = String(TRAIN_DEFAULTS.batchSize);
  optimizer.value = TRAIN_DEFAULTS.optimizer;
  rate.value = String(TRAIN_DEFAULTS.learningRate);
  augment.value = TRAIN_DEFAULTS.augment;
  // A rate the panel proposed follows the optimizer (Adam wants one ten times smaller); a rate typed stays.
  let chosenOptimizer = optimizer.value as OptimizerKind;
  optimizer.addEventListener('change', () => {
    const next = optimizer.value as OptimizerKind;
    if (Number(rate.value) === SUGGESTED_LEARNING_RATES[chosenOptimizer])
      rate.value = String(SUGGESTED_LEARNING_RATES[next]);
    chosenOptimizer = next;
  });

  let state: LoopState = 'idle';

  const setState = (next: LoopState): void => {
    state = next;
    const busy = next === 'running' || next === 'pausing' || next === 'working';
    start.disabled = busy || next === 'paused';
    pause.disabled = next !== 'running';
    resume.disabled = next !== 'paused';
    step.disabled = busy;
    reset.disabled = busy;
    settings.forEach((input) => {
      input.disabled = busy;
    });
  };

  /** The settings as a request, or null after showing what is wrong with them. */
  const readRequest = (): TrainRequest | null => {
    try {
      return {
        epochs: readNumber(epochs, 'Epochs', 1, 1000, true),
        batchSize: readNumber(batch, 'Batch size', 1, 512, true),
        learningRate: readNumber(rate, 'Learning rate', 1e-6, 10, false),
        optimizer: optimizer.value as OptimizerKind,
        augment: augment.value as AugmentStrength,
        budgetMs: readNumber(budget, 'Seconds per call', 0.1, 280, false) * 1000,
      };
    } catch (error) {
      showMessage(message, 'error', errorText(error));
      return null;
    }
  };

  const render = (progress: TrainProgress): void => {
    const fraction = progressFraction(progress);
    fill.style.width = `${(fraction * 100).toFixed(1)}%`;
    bar.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
    // NaN (unknown) arrives as null after JSON.
    const seconds = duration(progress.secondsLeft ?? NaN);
    const left = seconds === '' ? 'time left not known yet' : `about ${seconds} left`;
    const speed = `${(progress.imagesPerSecond ?? 0).toFixed(1)} images/s`;
    status.textContent =
      progress.status === 'done'
        ? `${progress.totalEpochs === 1 ? 'The epoch is' : `All ${progress.totalEpochs} epochs are`} done · ${speed}`
        : `Epoch ${progress.epoch + 1} of ${progress.totalEpochs} · step ${progress.step} of ${progress.stepsPerEpoch} · ${left} · ${speed}`;
    // x: epochs completed, counting a part-done epoch by its steps.
    const x = (row: TrainProgress['log'][number]): number =>
      progress.stepsPerEpoch > 0 ? row.epoch + row.step / progress.stepsPerEpoch : row.epoch;
    const log = progress.log;
    renderLineChart(
      lossChart,
      'Loss per epoch, log scale: train and test',
      [
        { name: 'train loss', className: 'train', points: log.map((row) => [x(row), row.trainLoss] as const) },
        { name: 'test loss', className: 'test', points: log.map((row) => [x(row), row.testLoss] as const) },
      ],
      { yScale: logScale },
    );
    renderLineChart(
      accuracyChart,
      'Accuracy per epoch: train and test',
      [
        { name: 'train accuracy', className: 'train', points: log.map((row) => [x(row), row.trainAccuracy] as const) },
        { name: 'test accuracy', className: 'test', points: log.map((row) => [x(row), row.testAccuracy] as const) },
      ],
      { yScale: accuracyScale },
    );
  };

  /** Calls trainBatch until done, busy, failed or paused. */
  const runLoop = async (): Promise<void> => {
    const request = readRequest();
    if (request === null) return;
    setState('running');
    clearMessage(message);
    try {
      for (;;) {
        const progress = await call('trainBatch', request);
        render(progress);
        if (progress.status === 'busy') {
          showMessage(message, 'warning', progress.message);
          setState('idle');
          return;
        }
        if (progress.status === 'done') {
          showMessage(message, 'success', progress.message || `Training done: ${progress.totalEpochs} epochs.`);
          setState('idle');
          return;
        }
        // Notes from the server (e.g. the optimizer changed, so its state restarts).
        if (progress.message !== '') showMessage(message, 'info', progress.message);
        if (state === 'pausing') {
          showMessage(message, 'info', 'Paused. The weights in the sheets are saved; press Resume to continue.');
          setState('paused');
          return;
        }
      }
    } catch (error) {
      showMessage(message, 'error', `Training stopped: ${errorText(error)}`);
      // The last finished call is saved in the sheets: Start (or Resume) carries on from there.
      setState('idle');
    }
  };

  start.addEventListener('click', () => void runLoop());
  resume.addEventListener('click', () => void runLoop());
  pause.addEventListener('click', () => {
    setState('pausing');
    status.textContent = `${status.textContent ?? ''} · pausing after this call…`;
  });

  step.addEventListener('click', () => {
    void (async () => {
      const request = readRequest();
      if (request === null) return;
      setState('working');
      try {
        const progress = await call('stepOnce', request);
        render(progress);
        showMessage(message, progress.status === 'busy' ? 'warning' : 'success', progress.message);
      } catch (error) {
        showMessage(message, 'error', `Step failed: ${errorText(error)}`);
      } finally {
        setState('idle');
      }
    })();
  });

  reset.addEventListener('click', () => {
    void (async () => {
      const seed = store.get()?.seed ?? 1;
      setState('working');
      try {
        store.set(await call('resetWeights', seed));
        fill.style.width = '0%';
        bar.setAttribute('aria-valuenow', '0');
        status.textContent = 'Not started.';
        lossChart.replaceChildren();
        accuracyChart.replaceChildren();
        showMessage(
          message,
          'success',
          `Weights reset to their starting values (seed ${seed}); training starts again from epoch 1.`,
        );
      } catch (error) {
        showMessage(message, 'error', `Reset failed: ${errorText(error)}`);
      } finally {
        setState('idle');
      }
    })();
  });

  setState('idle');
}
