/**
 * What the Dataset panel says about the pictures per class before anyone trains: which classes the test
 * split cannot score, and how few training pictures the smallest class has against what a network this
 * small needs to recognise new pictures.
 */
import type { DatasetSummary } from './api';
import { plural } from './plural';
import { wordList } from './word-list';

/** Training pictures per class from which the panel stops advising more. */
export const ADVISED_TRAINING_PICTURES = 20;

/**
 * Accuracy on photos the network never saw, against training photos per person: the default network and
 * the Train panel's defaults on five people's photos, 5-fold cross-validated over 3 seeds (README, "Finding
 * the face", the `--per-class` table).
 */
export const MEASURED_LEARNING_CURVE: readonly { readonly perClass: number; readonly accuracy: number }[] = [
  { perClass: 3, accuracy: 57 },
  { perClass: 6, accuracy: 72 },
  { perClass: 12, accuracy: 80 },
  { perClass: 15, accuracy: 85 },
];

function curveSentence(): string {
  const points = MEASURED_LEARNING_CURVE.map(
    (p, i) => `${p.accuracy}%${i === 0 ? ' of the time' : ''} from ${p.perClass}${i === 0 ? ' photos each' : ''}`,
  );
  return `On everyday photos of five people this network named new photos of them right ${wordList(points, 'and')}.`;
}

/** The panel's advice, one sentence group per finding; empty when there is nothing to say. */
export function datasetAdvice(summary: DatasetSummary): string[] {
  const training = summary.classes.filter((c) => c.train > 0);
  const advice: string[] = [];
  const untested = training.filter((c) => c.test === 0).map((c) => c.name);
  if (untested.length > 0) {
    const them = untested.length === 1 ? 'it' : 'them';
    advice.push(
      `No test pictures for ${wordList(untested, 'and')}, so Evaluate and the test curve cannot score ${them}: ` +
        `add more pictures of ${them} or raise the test share, then Split again.`,
    );
  }
  if (training.length > 0) {
    const fewest = training.reduce((least, c) => (c.train < least.train ? c : least));
    const count =
      training.length === 1
        ? `${fewest.name} has ${plural(fewest.train, 'training picture')}`
        : `${fewest.name} has the fewest training pictures (${fewest.train})`;
    if (fewest.train < ADVISED_TRAINING_PICTURES)
      advice.push(
        `${count}. ${curveSentence()} About ${ADVISED_TRAINING_PICTURES} or more per class, in varied light and ` +
          'settings, work best.',
      );
  }
  return advice;
}
