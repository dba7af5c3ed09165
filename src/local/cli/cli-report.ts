/** What the demo prints: the training progress bar and the before/after probability table. */
import type { Prediction, TrainProgress } from '../../shared/api';

const BAR_WIDTH = 24;

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

function percent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '–';
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '…';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** One line: bar, epoch and step, the latest loss and accuracies, speed and time left. */
export function progressLine(progress: TrainProgress): string {
  const done =
    progress.totalEpochs > 0
      ? (progress.epoch + progress.step / Math.max(1, progress.stepsPerEpoch)) / progress.totalEpochs
      : 0;
  const last = progress.log[progress.log.length - 1];
  const readings = last
    ? ` · loss ${last.trainLoss.toFixed(3)} · train ${percent(last.trainAccuracy)} · test ${percent(last.testAccuracy)}`
    : '';
  const epoch = Math.min(progress.epoch + 1, progress.totalEpochs);
  return (
    `${bar(done, BAR_WIDTH)} ${percent(done).padStart(6)} epoch ${epoch}/${progress.totalEpochs}` +
    `${readings} · ${progress.imagesPerSecond.toFixed(0)} img/s · ${duration(progress.secondsLeft)} left`
  );
}

/** Class, probability before and after (with a bar), marking the predicted class and the label. */
export function probabilityTable(before: Prediction, after: Prediction): string {
  const width = Math.max(5, ...after.classes.map((name) => name.length));
  const lines = [`  ${'Class'.padEnd(width)}   Before    After`];
  after.classes.forEach((name, k) => {
    const marks = [k === after.predicted ? 'predicted' : '', k === after.label ? 'label' : '']
      .filter((m) => m !== '')
      .join(', ');
    lines.push(
      `  ${name.padEnd(width)}  ${percent(before.probabilities[k]).padStart(6)}  ${percent(after.probabilities[k]).padStart(6)}  ` +
        `${bar(after.probabilities[k], 20)}${marks ? `  ← ${marks}` : ''}`,
    );
  });
  if (before.loss && after.loss) {
    lines.push(
      `  Cross-entropy loss for the label: ${before.loss.crossEntropy.toFixed(4)} before, ${after.loss.crossEntropy.toFixed(4)} after.`,
    );
  }
  return lines.join('\n');
}
