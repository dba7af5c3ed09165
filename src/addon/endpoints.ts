/**
 * Every ServerApi method as a function google.script.run can call: each call builds the server over the
 * active spreadsheet (Apps Script keeps nothing between executions) and delegates.
 */
import type { ServerApi } from '../shared/api';
import { createServer } from '../server';
import { googleHost } from './google-host';

function server(): ServerApi {
  return createServer(googleHost());
}

// Typed as ServerApi so a new endpoint in src/shared/api.ts fails the type check until it is exposed here.
export const serverEndpoints: ServerApi = {
  getModelInfo: () => server().getModelInfo(),
  getModelStamp: () => server().getModelStamp(),
  buildModel: (request) => server().buildModel(request),
  setFormulaMode: (mode) => server().setFormulaMode(mode),
  importImage: (picture) => server().importImage(picture),
  importPictureOnly: (request) => server().importPictureOnly(request),
  setLabel: (label) => server().setLabel(label),
  runForwardPass: () => server().runForwardPass(),
  getDataset: () => server().getDataset(),
  addPictures: (request) => server().addPictures(request),
  addClass: (name) => server().addClass(name),
  renameClass: (index, name) => server().renameClass(index, name),
  removeClass: (index) => server().removeClass(index),
  splitDataset: (testFraction, seed) => server().splitDataset(testFraction, seed),
  trainBatch: (request) => server().trainBatch(request),
  resetWeights: (seed) => server().resetWeights(seed),
  stepOnce: (request) => server().stepOnce(request),
  evaluate: () => server().evaluate(),
  exportModel: () => server().exportModel(),
  importModel: (model) => server().importModel(model),
  getDatasetPage: (start) => server().getDatasetPage(start),
  explainSelection: (previousKey) => server().explainSelection(previousKey),
  showCells: (request) => server().showCells(request),
  getFaceDetectorPart: (part) => server().getFaceDetectorPart(part),
};
