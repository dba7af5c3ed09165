/**
 * The custom-function probe. The Model sheet of a model built in custom mode calls it, so the sidebar can
 * tell whether Sheets runs this add-on's custom functions in the document: the cell shows the answer below
 * when they run, and #NAME? (or another error) when they do not, e.g. under a test deployment or before the
 * add-on is enabled in the document.
 */
import { PROBE_ANSWER } from '../shared/version';
import type { GridSize } from '../sheet/layout';

/** Size of SHEETCNN_VERSION's result: one cell. */
export function sheetCnnVersionResultSize(): GridSize {
  return { rows: 1, cols: 1 };
}

/** SHEETCNN_VERSION as Sheets calls it; SHEETCNN_VERSION_DECLARATION describes it and its parameters. */
export function SHEETCNN_VERSION(): string {
  return PROBE_ANSWER;
}
