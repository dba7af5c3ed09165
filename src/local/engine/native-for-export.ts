/**
 * Custom functions (CONV2D, RELU, …) exist only inside Google Sheets. Before an export, a model that uses
 * them is rebuilt with native formulas — same weights, picture, label and seed — as the demo does, so the
 * file computes in Excel and LibreOffice. Gradient sheets of the old build are dropped (Step once shows them
 * again); every other sheet stays.
 */
import { hasModel } from '../../server/model-state';
import { readInputImage } from '../../sheet/input-picture-sheets';
import { buildModel, readModel } from '../../sheet/whole-model';
import type { Workbook } from '../../sheet/workbook';

/** True when the model was converted. */
export function nativeForExport(workbook: Workbook): boolean {
  if (!hasModel(workbook)) return false;
  const model = readModel(workbook);
  if (model.mode !== 'custom') return false;
  const image = readInputImage(workbook, model.spec);
  buildModel(workbook, model.spec, model.params, image, { mode: 'native', seed: model.seed, label: model.label });
  return true;
}
