/**
 * Numbers a test measures on the way (call counts, timings, accuracies) go to a file instead of the console, so a
 * passing run prints nothing: test-artifacts/measurements/<test file>.txt, one line per record, rewritten on each run.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
export const MEASUREMENTS_DIR = path.join(ROOT, 'test-artifacts', 'measurements');

/** Jest loads this module afresh for every test file, so the first record of a run starts the file anew. */
let started = false;

/** Appends `text` (which says what it measured) as a line of the current test file's measurements. */
export function recordMeasurement(text: string): void {
  const file = path.join(
    MEASUREMENTS_DIR,
    `${path.relative(ROOT, expect.getState().testPath ?? 'unknown').replace(/[\\/]/g, '--')}.txt`,
  );
  const line = `${text}\n`;
  if (!started) {
    mkdirSync(MEASUREMENTS_DIR, { recursive: true });
    writeFileSync(file, line);
    started = true;
  } else {
    appendFileSync(file, line);
  }
}
